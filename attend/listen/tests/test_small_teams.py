"""A team too small to ever show results (issue 17, item 5): said plainly before a round opens, never offered
"You said, we did" on a round that cannot show results, and pointed to what works instead."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from attend.listen import selectors
from attend.listen.anonymity import Thresholds
from attend.listen.models import ListenSettings, PulseRound
from attend.listen.tests.support import open_round, staff
from attend.listen.views import leader as leader_views
from attend.organisations.models import Role
from attend.organisations.tests.factories import TeamFactory, TeamMembershipFactory, person_in

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def test_a_team_that_asks_fewer_people_than_the_threshold_is_too_small(team, leader, member):
    staff(team, 2)  # 3 people are asked; the leader never is
    person_in(team.organisation, team=team, role=Role.LEADER)  # a co-leader is not asked either

    [small] = selectors.too_small_teams([team], Thresholds(), opened_by=leader.user)

    assert (small.team, small.asked, small.needed) == (team, 3, 5)


def test_a_team_of_five_is_not_too_small_and_the_organisations_threshold_counts(organisation, team, leader, member):
    staff(team, 4)
    assert selectors.too_small_teams([team], Thresholds(), opened_by=leader.user) == []
    assert len(selectors.too_small_teams([team], Thresholds(figures=6, comments=6), opened_by=leader.user)) == 1


def test_the_open_page_says_before_opening_that_a_small_team_can_never_show_results(leader_client, team, member):
    staff(team, 1)

    shown = page(leader_client, reverse("listen:round_open"))

    assert (
        f"A round for {team.name} would ask 2 people, and results show only when 5 have answered, "
        "so it would never show results." in shown
    )
    assert "your organisation's admin" in shown


def test_the_open_page_names_the_parent_team_to_be_counted_with(leader_client, organisation, team, leader, member):
    parent = TeamFactory(organisation=organisation, name="Ward 7 and 8")
    team.parent = parent
    team.save()

    shown = page(leader_client, reverse("listen:round_open"))

    assert f"as part of {parent.name}" in shown


def test_the_open_page_says_nothing_when_every_team_is_big_enough(leader_client, team, member):
    staff(team, 4)
    assert "would never show results" not in page(leader_client, reverse("listen:round_open"))


def test_a_round_that_can_never_show_results_says_so_and_offers_no_you_said_we_did(leader_client, team, leader):
    staff(team, 2)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round

    shown = page(leader_client, reverse("listen:round", args=[pulse_round.pk]))

    assert "This round asked 2 people, and results show only when 5 have answered" in shown
    assert "results appear when 5 people have answered" not in shown
    assert "You said, we did" not in shown
    assert reverse("listen:action_add", args=[pulse_round.pk]) not in shown


def test_a_round_big_enough_still_offers_you_said_we_did(leader_client, team, leader):
    staff(team, 5)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round

    shown = page(leader_client, reverse("listen:round", args=[pulse_round.pk]))

    assert "You said, we did" in shown and "would never show results" not in shown


def test_raising_the_threshold_past_a_teams_size_says_so_on_the_open_page(organisation, leader_client, team, member):
    staff(team, 5)
    ListenSettings.objects.create(organisation=organisation, figure_threshold=11, comment_threshold=11)

    assert "results show only when 11 have answered" in page(leader_client, reverse("listen:round_open"))


def test_counts_with_sub_teams_are_the_people_a_round_including_them_would_ask(organisation, team, leader, member):
    """Counted for every small team in two queries (issue 21), and exactly as `people_asked` counts: a sub-team's
    leader is never asked, someone in two of the teams is asked once, and whoever opens it is left out."""
    ward = TeamFactory(organisation=organisation, parent=team, name="Ward")
    bay = TeamFactory(organisation=organisation, parent=ward, name="Bay")
    lone = TeamFactory(organisation=organisation, name="No sub-teams")
    staff(ward, 2)
    staff(bay, 1, start=10)
    person_in(organisation, team=bay, role=Role.LEADER)
    both = person_in(organisation, team=ward, role=Role.MEMBER)
    both.team_memberships.create(team=bay, role=Role.MEMBER)
    small = selectors.too_small_teams([team, ward, bay, lone], Thresholds(figures=50, comments=50), opened_by=None)

    counted = selectors.asked_with_sub_teams(small, opened_by=leader.user)

    expected = {
        t.pk: len(
            [
                row
                for row in selectors.people_asked(t, opened_by=leader.user, include_sub_teams=True)
                if row.membership.user.email
            ]
        )
        for t in (team, ward)
    }
    assert counted == expected
    assert counted[ward.pk] == 4  # two staff, the person in both, and the bay's one; not the bay's leader


# An admin of a trust may open rounds for hundreds of teams: the team first, then what works for that team only


def _many_teams(organisation, count=leader_views.ADVISED_TEAMS + 1):
    return [TeamFactory(organisation=organisation, name=f"Bay {n:02}") for n in range(count)]


def test_an_admin_of_many_teams_chooses_the_team_first_and_is_told_about_that_team_only(
    org_admin_client, organisation, team, member
):
    teams = _many_teams(organisation)  # too small, every one of them

    first = page(org_admin_client, reverse("listen:round_open"))
    chosen = page(org_admin_client, f"{reverse('listen:round_open')}?team={teams[3].pk}")

    assert "Which team is the round for?" in first and "would never show results" not in first
    assert 'method="get"' in first and "Open the round" not in first
    assert "A round for Bay 03 would ask 0 people" in chosen
    assert "Bay 04" not in chosen and "A round for Ward 7" not in chosen
    assert re.search(rf'<input type="hidden" name="team" value="{teams[3].pk}">', chosen)
    assert "Open the round" in chosen


def test_a_leader_of_a_few_teams_is_told_about_every_one_at_once(leader_client, organisation, team, leader, member):
    for bay in _many_teams(organisation, leader_views.ADVISED_TEAMS - 1):
        TeamMembershipFactory(team=bay, membership=leader, role=Role.LEADER)

    shown = page(leader_client, reverse("listen:round_open"))

    assert "A round for Bay 00 would ask 0 people" in shown and "A round for Ward 7 would ask 1 person" in shown
    assert "Which team is the round for?" not in shown


def test_the_chosen_team_must_be_one_the_admin_may_open(org_admin_client, organisation, other_team):
    """Another organisation's team, or no team at all, in the address: asked to choose again, nothing said of it."""
    _many_teams(organisation)

    for chosen in (other_team.pk, "not-a-team"):
        shown = page(org_admin_client, f"{reverse('listen:round_open')}?team={chosen}")

        assert "Which team is the round for?" in shown
        assert other_team.name not in shown


def test_a_chosen_team_with_sub_teams_is_advised_as_a_leaders_is(org_admin_client, organisation, team, member):
    _many_teams(organisation)
    theatres = TeamFactory(organisation=organisation, name="Theatres", parent=team)
    staff(theatres, 5, start=400)

    shown = page(org_admin_client, f"{reverse('listen:round_open')}?team={team.pk}")

    assert "With its sub-teams included, a round for Ward 7 would ask 6 people, enough to show results." in shown
    assert f'href="{reverse("listen:round_open")}?team={team.pk}&sub_teams=1"' in shown


def test_an_admin_of_many_teams_opens_the_round_for_the_chosen_team(org_admin_client, organisation, team):
    _many_teams(organisation)
    staff(team, 5)
    data = {
        "team": team.pk,
        "template_key": "monthly-pulse",
        "opens_on": timezone.localdate().isoformat(),
        "window_days": "14",
        "cadence": "none",
        "invite": "email",
    }

    response = org_admin_client.post(reverse("listen:round_open"), data)

    assert response.status_code == 302 and PulseRound.objects.get().team == team
