"""Reads whose SQL is built once (core/prepared.py): the same rows as the QuerySet, for any arguments."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attend.core.prepared import PreparedRead
from attend.organisations.models import Organisation, Team
from attend.organisations.tests.factories import OrganisationFactory, TeamFactory

pytestmark = pytest.mark.django_db

builds = []


def organisation_with_teams(name: str, team_names: list[str]) -> tuple[Organisation, list[Team]]:
    organisation = OrganisationFactory(name=name)
    teams = [TeamFactory(organisation=organisation, name=team_name) for team_name in team_names]
    TeamFactory(organisation=organisation, name="Under the first", parent=teams[0])
    return organisation, teams


def _teams_since(*, organisation, since: datetime.datetime):
    builds.append(organisation)
    children = Team.objects.filter(parent=OuterRef("pk"))
    return (
        Team.objects.filter(organisation=organisation, created_at__gte=since)
        .annotate(child_count=Count("children"), has_children=Exists(children))
        .order_by("name")
        .values("name", "child_count", "pk", "created_at", "has_children")
    )


teams_since = PreparedRead(
    _teams_since,
    Team,
    organisation=Team._meta.get_field("organisation"),
    since=Team._meta.get_field("created_at"),
)


def test_gives_what_the_queryset_gives_for_each_call_and_builds_once():
    north, _ = organisation_with_teams("Northfield", ["Ward 1", "Ward 2", "Ward 3"])
    south, _ = organisation_with_teams("Southfield", ["Clinic"])
    long_ago, now = timezone.now() - datetime.timedelta(days=1), timezone.now() + datetime.timedelta(seconds=1)
    builds.clear()

    for organisation, since in ((north, long_ago), (south, long_ago), (north, now)):
        with CaptureQueriesContext(connection) as queries:
            rows = teams_since(organisation=organisation.pk, since=since)
        assert len(queries) == 1
        assert rows == list(_teams_since(organisation=organisation.pk, since=since))
    assert len(builds) == 4  # one build for the prepared SQL, three for the comparisons above
    first = teams_since(organisation=north.pk, since=long_ago)[0]
    assert isinstance(first["created_at"], datetime.datetime) and first["has_children"] in (True, False)


def test_another_organisations_rows_never_come_back():
    north, _ = organisation_with_teams("Northfield", ["Ward 1"])
    organisation_with_teams("Southfield", ["Clinic"])

    rows = teams_since(organisation=north.pk, since=timezone.now() - datetime.timedelta(days=1))

    assert [row["name"] for row in rows] == ["Under the first", "Ward 1"]


def test_an_argument_that_does_not_reach_the_sql_fails_loudly():
    unused = PreparedRead(
        lambda *, organisation, since: Organisation.objects.filter(pk=organisation).values("name"),
        Organisation,
        organisation=Organisation._meta.pk,
        since=Team._meta.get_field("created_at"),
    )

    with pytest.raises(ValueError, match="since"):
        unused(organisation=Organisation.objects.create(name="X", slug="x").pk, since=timezone.now())


def test_arguments_must_be_the_ones_named():
    with pytest.raises(TypeError):
        teams_since(organisation=None)
