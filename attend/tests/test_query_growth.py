"""No page's query count grows with the data (issue 21).

Builds a tiny trust with the scale generator (attend/demo/scale/), opens every page of the role-by-URL table
that each role can open, counts its queries; then grows the trust as much again (more teams and people, and
twice the history for the people the pages are opened as) and counts again. A page whose count rose reads row
by row somewhere: it would be slow for a 10,000-person trust (bench/pages.py measures that trust itself).
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from attend.demo import scale
from attend.organisations.models import Role
from attend.organisations.tests.factories import OrganisationFactory, TeamFactory, person_in
from attend.tests import things
from attend.tests.roles import ROLES
from attend.tests.test_url_roles import EXPECTED, url_for

# The database is made for the tests marked so; the counts themselves are taken once, in `counts`.
pytestmark = pytest.mark.django_db

PAGES = [(name, role) for name in sorted(EXPECTED) for role in ROLES[1:] if EXPECTED[name][role] == 200]


def _people():
    organisation = OrganisationFactory(name="Growth Trust")
    team = TeamFactory(organisation=organisation, name="Ward 1")
    other_team = TeamFactory(organisation=OrganisationFactory(name="Elsewhere"), name="Beech House")
    people = {
        "member": person_in(organisation, team=team, role=Role.MEMBER, email="member@growth.test", name="Mo"),
        "leader": person_in(organisation, team=team, role=Role.LEADER, email="leader@growth.test", name="Lee"),
        "facilitator": person_in(organisation, role=Role.FACILITATOR, email="fac@growth.test", name="Fran"),
        "org_admin": person_in(organisation, role=Role.ADMIN, email="admin@growth.test", name="Ade"),
        "other_leader": person_in(
            other_team.organisation, team=other_team, role=Role.LEADER, email="other@growth.test", name="Oli"
        ),
    }
    return organisation, team, people


def _count(clients, team, people, arguments) -> dict:
    counts = {}
    for name, role in PAGES:
        url = url_for(name, team, people["member"], arguments)
        clients[role].get(url)  # once to settle anything a first visit does (a session touched, a cache)
        with CaptureQueriesContext(connection) as queries:
            response = clients[role].get(url)
        counts[(name, role)] = (len(queries), response.status_code)
    return counts


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """(tiny, twice tiny) query counts per page and role, everything rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        organisation, team, people = _people()
        focus = scale.Focus(**{role: people[role] for role in ("leader", "member", "facilitator", "org_admin")})
        people_only = {role: people[role] for role in ("leader", "member", "facilitator", "org_admin")}
        arguments = {**things.journal(leader=people["leader"], member=people["member"])}
        arguments.update(things.private_things(**people_only))
        clients = {}
        for role, membership in people.items():
            clients[role] = Client()
            clients[role].force_login(membership.user)
        scale.grow(organisation=organisation, size=scale.TINY, seed=1, focus=focus)
        small = _count(clients, team, people, arguments)
        scale.grow(organisation=organisation, size=scale.TINY, seed=2, focus=focus, offset=scale.TINY.months)
        large = _count(clients, team, people, arguments)
        transaction.set_rollback(True)
    return small, large


@pytest.mark.parametrize(("name", "role"), [pytest.param(name, role, id=f"{role}-{name}") for name, role in PAGES])
def test_query_count_does_not_grow_with_the_data(counts, name, role):
    small, large = counts
    assert small[(name, role)][1] == large[(name, role)][1] == 200, f"{role} GET {name}"
    assert large[(name, role)][0] <= small[(name, role)][0], (
        f"{role} GET {name}: {small[(name, role)][0]} queries at tiny, {large[(name, role)][0]} at twice tiny"
    )
