"""The team tree each process keeps (`selectors.teams_as_tree`, ADR 0029) is rebuilt by every change to the teams:
a kept tree that outlived a write would offer a renamed team under its old name, or leave a new team out of a
select."""

import pytest

from attend.organisations import selectors, services
from attend.organisations.forms import team_choices
from attend.organisations.tests.factories import OrganisationFactory


def names(organisation) -> list[tuple[int, str]]:
    return [(depth, team.name) for depth, team in selectors.teams_as_tree(organisation)]


@pytest.fixture
def trust(org_admin):
    organisation = org_admin.organisation
    ward = services.team_create(organisation=organisation, name="Ward 7", parent=None, by=org_admin.user)
    services.team_create(organisation=organisation, name="Acute", parent=None, by=org_admin.user)
    return organisation, ward


@pytest.mark.django_db
def test_the_tree_is_ordered_by_name_with_children_under_their_parent(trust, org_admin):
    organisation, ward = trust
    services.team_create(organisation=organisation, name="Bay B", parent=ward, by=org_admin.user)

    assert names(organisation) == [(0, "Acute"), (0, "Ward 7"), (1, "Bay B")]


@pytest.mark.django_db
def test_a_new_team_is_in_the_next_tree_and_select(trust, org_admin):
    organisation, ward = trust
    names(organisation)  # kept

    added = services.team_create(organisation=organisation, name="Bay A", parent=ward, by=org_admin.user)

    assert names(organisation) == [(0, "Acute"), (0, "Ward 7"), (1, "Bay A")]
    assert (str(added.pk), "\u2002\u2002Bay A") in team_choices(organisation, empty_label="None")


@pytest.mark.django_db
def test_a_renamed_team_is_renamed_and_reordered_in_the_next_tree(trust, org_admin):
    organisation, ward = trust
    team_choices(organisation, empty_label="None")  # kept

    services.team_rename(team=ward, name="A ward", by=org_admin.user)

    assert names(organisation) == [(0, "A ward"), (0, "Acute")]
    assert [label for _, label in team_choices(organisation, empty_label="None")] == ["None", "A ward", "Acute"]


@pytest.mark.django_db
def test_another_organisations_teams_are_never_in_the_tree(trust, org_admin):
    organisation, _ = trust
    other = OrganisationFactory()
    other.teams.create(name="Elsewhere")
    names(other)
    names(organisation)

    assert names(organisation) == [(0, "Acute"), (0, "Ward 7")]
    assert names(other) == [(0, "Elsewhere")]


@pytest.mark.django_db
def test_a_caller_changing_its_tree_changes_no_one_elses(trust):
    organisation, _ = trust
    selectors.teams_as_tree(organisation).clear()
    team_choices(organisation, empty_label="None").clear()

    assert names(organisation) == [(0, "Acute"), (0, "Ward 7")]
    assert len(team_choices(organisation, empty_label="None")) == 3
