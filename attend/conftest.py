"""Shared fixtures: two organisations, one person per role, and one signed-in client per role."""

import os

import pytest
from django.test import Client
from hypothesis import settings

from attend.organisations.models import Role
from attend.organisations.tests.factories import OrganisationFactory, TeamFactory, person_in
from attend.tests import things

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# `make test` runs the SQLite and PostgreSQL suites side by side on two cores: a property test's example may take
# longer than hypothesis's 200 ms default there without anything being wrong. Speed is measured in bench/.
settings.register_profile("attend", deadline=None)
settings.load_profile("attend")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Northgate Community Care")


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Ward 7")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Elsewhere Care Homes")


@pytest.fixture
def other_team(other_organisation):
    return TeamFactory(organisation=other_organisation, name="Beech House")


@pytest.fixture
def member(team):
    return person_in(team.organisation, team=team, role=Role.MEMBER, email="member@example.test", name="Mo Member")


@pytest.fixture
def leader(team):
    return person_in(team.organisation, team=team, role=Role.LEADER, email="leader@example.test", name="Lee Leader")


@pytest.fixture
def facilitator(organisation):
    return person_in(organisation, role=Role.FACILITATOR, email="facilitator@example.test", name="Fran Facilitator")


@pytest.fixture
def org_admin(organisation):
    return person_in(organisation, role=Role.ADMIN, email="admin@example.test", name="Ade Admin")


@pytest.fixture
def other_leader(other_team):
    return person_in(
        other_team.organisation, team=other_team, role=Role.LEADER, email="leader@elsewhere.test", name="Oli Other"
    )


def _client_for(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def leader_client(leader):
    return _client_for(leader)


@pytest.fixture
def facilitator_client(facilitator):
    return _client_for(facilitator)


@pytest.fixture
def org_admin_client(org_admin):
    return _client_for(org_admin)


@pytest.fixture
def other_leader_client(other_leader):
    return _client_for(other_leader)


@pytest.fixture
def journal(leader, member):
    """The leader's entry, shared with the member; other roles must never reach either."""
    return things.journal(leader=leader, member=member)


@pytest.fixture
def private_things(leader, member, facilitator, org_admin):
    """Every private thing the role-by-URL matrix opens, as URL arguments (attend/tests/things.py)."""
    return things.private_things(leader=leader, member=member, facilitator=facilitator, org_admin=org_admin)


@pytest.fixture
def kept_components(monkeypatch):
    """An empty table of kept NHS.UK components for this test (nhsuk_forms/memo.py), so it sees only what the
    pages it opens keep: the process's own table is shared by every test."""
    from django.template import engines

    from attend.nhsuk_forms.memo import Components

    environment = engines["jinja2"].env
    table = Components(environment)
    monkeypatch.setitem(environment.globals, "nhsuk_component", table)
    monkeypatch.setitem(environment.globals, "nhsuk_table", table.table)
    monkeypatch.setitem(environment.globals, "nhsuk_shaped", table.shaped)
    monkeypatch.setitem(environment.globals, "nhsuk_input", table.input)
    return table
