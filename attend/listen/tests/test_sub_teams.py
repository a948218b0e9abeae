"""A round that includes the people of a team's sub-teams (issue 17, item 5; ADR 0018 section 2b).

A team of 3 can never reach a threshold of 5 on its own. Its people can be asked as part of its parent team's round:
invitations go to every member of the team and of its sub-teams (once each), never to anyone who leads any of those
teams nor to whoever opens it, and figures show only for the round as a whole, never for one sub-team.
"""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import long_date
from attend.listen import heatmap, selectors, services
from attend.listen.anonymity import Thresholds
from attend.listen.models import InviteMethod, PulseRound, Response
from attend.listen.tests.support import all_agree, open_round, staff, tokens_of
from attend.nudges.models import Notification
from attend.organisations.models import Role
from attend.organisations.tests.factories import TeamFactory, TeamMembershipFactory, person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def pharmacy(organisation, team):
    """A sub-team of Ward 7 too small to ever show results on its own: 3 members and its own leader."""
    sub_team = TeamFactory(organisation=organisation, name="Pharmacy", parent=team)
    staff(sub_team, 3, start=100)
    return sub_team


@pytest.fixture
def pharmacy_leader(pharmacy):
    return person_in(pharmacy.organisation, team=pharmacy, role=Role.LEADER, email="pat@example.test", name="Pat Lead")


def invited_emails() -> list[str]:
    return list(Notification.objects.filter(kind="pulse_invitation").values_list("person__email", flat=True))


def signed_in(membership) -> Client:
    browser = Client()
    browser.force_login(membership.user)
    return browser


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def answer_all(pulse_round, today):
    for token in tokens_of(pulse_round):
        services.pulse_response_submit(token=token, answers=all_agree(pulse_round), today=today)


# Who is asked


def test_the_round_asks_the_members_of_the_team_and_of_every_sub_team_below_it(
    organisation, team, leader, member, pharmacy, today
):
    night = TeamFactory(organisation=organisation, name="Pharmacy nights", parent=pharmacy)  # a grandchild
    [night_nurse] = staff(night, 1, start=200)
    elsewhere = TeamFactory(organisation=organisation, name="Ward 9")
    [outsider] = staff(elsewhere, 1, start=300)

    opened = open_round(team, leader.user, opens_on=today, include_sub_teams=True)

    emails = invited_emails()
    assert opened.invited == len(emails) == 1 + 3 + 1
    assert night_nurse.email in emails and member.user.email in emails and outsider.email not in emails
    assert opened.round.includes_sub_teams


def test_without_the_choice_a_round_asks_only_the_teams_own_members(team, leader, member, pharmacy, today):
    assert open_round(team, leader.user, opens_on=today).invited == 1


def test_a_sub_team_leader_gets_no_invitation_even_as_a_member_of_the_parent(
    team, leader, member, pharmacy, pharmacy_leader, org_admin, today
):
    # The attack: the sub-team's leader reads nothing of the parent's round, but a link of theirs would let them pad
    # a batch with answers they know. Being a plain member of the parent team too must not get them one.
    TeamMembershipFactory(team=team, membership=pharmacy_leader, role=Role.MEMBER)

    opened = open_round(team, org_admin.user, opens_on=today, include_sub_teams=True)

    emails = invited_emails()
    assert pharmacy_leader.user.email not in emails
    assert leader.user.email not in emails and org_admin.user.email not in emails
    assert opened.invited == len(emails) == 4


def test_someone_in_two_included_teams_is_invited_once(team, leader, member, pharmacy, today):
    TeamMembershipFactory(team=pharmacy, membership=member, role=Role.MEMBER)

    opened = open_round(team, leader.user, opens_on=today, include_sub_teams=True)

    emails = invited_emails()
    assert emails.count(member.user.email) == 1
    assert opened.invited == len(emails) == 4 == opened.round.invitations.count()


def test_a_signed_in_sub_team_leader_is_refused_on_any_link_of_the_round(
    team, leader, member, pharmacy, pharmacy_leader, today
):
    opened = open_round(team, leader.user, opens_on=today, include_sub_teams=True)
    someone_elses = tokens_of(opened.round)[0]
    url = reverse("listen:answer", kwargs={"pulse_token": someone_elses})
    browser = signed_in(pharmacy_leader)

    assert browser.get(url).status_code == 403
    posted = browser.post(url, {**dict.fromkeys(opened.round.item_keys, "3"), "comment": ""})

    assert posted.status_code == 403
    assert not Response.objects.exists()
    assert services.pulse_link_check(token=someone_elses, today=today) == opened.round  # still the member's


def test_a_sub_team_leader_may_answer_a_round_that_does_not_include_their_team(
    team, leader, member, pharmacy, pharmacy_leader, today
):
    TeamMembershipFactory(team=team, membership=pharmacy_leader, role=Role.MEMBER)
    opened = open_round(team, leader.user, opens_on=today)
    assert pharmacy_leader.user.email in invited_emails()
    token = tokens_of(opened.round)[0]

    assert signed_in(pharmacy_leader).get(reverse("listen:answer", kwargs={"pulse_token": token})).status_code == 200


def test_team_links_cannot_include_sub_teams(team, leader, pharmacy, today):
    with pytest.raises(ValueError, match="single-use links"):
        open_round(team, leader.user, opens_on=today, invite=InviteMethod.LINK, include_sub_teams=True)
    assert not PulseRound.objects.exists()


# What the round shows


def test_the_round_seals_batches_and_shows_figures_at_the_threshold(team, leader, member, pharmacy, today):
    staff(pharmacy, 2, start=110)  # 1 + 5 asked
    opened = open_round(team, leader.user, opens_on=today, include_sub_teams=True)
    *first_four, fifth, _ = tokens_of(opened.round)

    for token in first_four:
        services.pulse_response_submit(token=token, answers=all_agree(opened.round), today=today)
    assert not selectors.round_view(opened.round).results.visible
    services.pulse_response_submit(token=fifth, answers=all_agree(opened.round), today=today)

    assert selectors.batch_sizes(opened.round) == {1: 5}
    assert selectors.round_view(opened.round).results.visible


def test_figures_never_show_for_one_sub_team(organisation, team, leader, member, pharmacy, pharmacy_leader, today):
    staff(pharmacy, 2, start=110)
    opened = open_round(team, leader.user, opens_on=today, include_sub_teams=True)
    answer_all(opened.round, today)

    thresholds = Thresholds()
    _, rows = heatmap.heatmap(organisation, thresholds=thresholds, quarter=None)
    by_team = {row.team.pk: row.scores for row in rows if row.team}
    assert any(score is not None for score in by_team[team.pk])
    assert all(score is None for score in by_team[pharmacy.pk])
    # Pharmacy's members read the round as Ward 7's, the same figures as Ward 7's members: nothing of Pharmacy's own.
    [seen_by_pharmacy] = selectors.shown_rounds(pharmacy, thresholds)
    [seen_by_ward] = selectors.shown_rounds(team, thresholds)
    assert seen_by_pharmacy.round == opened.round and seen_by_pharmacy.results == seen_by_ward.results
    # The sub-team's leader cannot open the round either: it is the parent team's.
    assert signed_in(pharmacy_leader).get(reverse("listen:round", args=[opened.round.pk])).status_code == 404


def test_the_rounds_page_says_whose_people_it_asked_and_that_figures_are_for_everyone_together(
    leader_client, team, leader, member, pharmacy, today
):
    opened = open_round(team, leader.user, opens_on=today, include_sub_teams=True)

    shown = page(leader_client, reverse("listen:round", args=[opened.round.pk]))

    assert "This round asked the people of Ward 7 and of its sub-teams: Pharmacy." in shown
    assert "never for one sub-team" in shown


def test_a_sub_teams_members_see_the_round_they_were_asked_in_as_the_parents(
    organisation, team, leader, member, pharmacy, today
):
    staff(pharmacy, 2, start=110)
    opened = open_round(team, leader.user, opens_on=today, include_sub_teams=True)
    answer_all(opened.round, today)
    pharmacist = pharmacy.team_memberships.filter(role=Role.MEMBER).first().membership

    shown = page(signed_in(pharmacist), reverse("listen:team_results"))

    assert f"Ward 7's pulse from {long_date(today)}, with its sub-teams" in shown
    assert "answers from everyone it asked in Ward 7 and its sub-teams, never from Pharmacy alone" in shown


def test_a_sub_teams_members_do_not_see_a_parents_round_that_did_not_ask_them(team, leader, member, pharmacy, today):
    staff(team, 5, start=120)
    opened = open_round(team, leader.user, opens_on=today)
    answer_all(opened.round, today)

    assert selectors.round_view(opened.round).results.visible
    assert selectors.shown_rounds(pharmacy, Thresholds()) == []


def test_a_repeating_round_keeps_including_its_sub_teams(team, leader, member, pharmacy, today):
    opened = open_round(team, leader.user, opens_on=today, include_sub_teams=True, cadence="monthly")

    services.pulse_rounds_roll(today=today.replace(year=today.year + 1))

    following = PulseRound.objects.exclude(pk=opened.round.pk).get()
    assert following.includes_sub_teams and following.invited == 4


# The open-round form


def test_the_open_form_offers_including_sub_teams_and_recommends_it_for_a_small_one(
    leader_client, team, member, pharmacy
):
    shown = page(leader_client, reverse("listen:round_open"))

    assert "Include the people of its sub-teams" in shown
    assert (
        "Recommended for Ward 7: Pharmacy is too small to show results on its own. In Ward 7's round its "
        "people's answers count with everyone else's" in shown
    )


def test_the_open_form_opens_a_round_that_includes_sub_teams(leader_client, team, member, pharmacy, today):
    response = leader_client.post(
        reverse("listen:round_open"),
        {
            "team": team.pk,
            "template_key": "monthly-pulse",
            "opens_on": today.isoformat(),
            "window_days": "14",
            "cadence": "none",
            "invite": InviteMethod.EMAIL,
            "include_sub_teams": "on",
        },
    )

    assert response.status_code == 302
    assert PulseRound.objects.get().invited == 4


def test_the_open_form_refuses_sub_teams_with_a_team_link_or_a_team_without_sub_teams(
    leader_client, organisation, team, leader, member, pharmacy, today
):
    TeamMembershipFactory(team=pharmacy, membership=leader, role=Role.LEADER)
    base = {
        "template_key": "monthly-pulse",
        "opens_on": today.isoformat(),
        "window_days": "14",
        "cadence": "none",
        "include_sub_teams": "on",
    }
    with_link = leader_client.post(reverse("listen:round_open"), {**base, "team": team.pk, "invite": "link"})
    no_subs = leader_client.post(reverse("listen:round_open"), {**base, "team": pharmacy.pk, "invite": "email"})

    assert with_link.status_code == 422 and "only with single-use links" in html.unescape(with_link.content.decode())
    assert no_subs.status_code == 422 and "Pharmacy has no sub-teams" in html.unescape(no_subs.content.decode())
    assert not PulseRound.objects.exists()


# The small team's page points to the way


def test_a_small_teams_leader_who_leads_the_parent_gets_a_link_to_open_it_with_sub_teams(
    leader_client, team, leader, member, pharmacy
):
    TeamMembershipFactory(team=pharmacy, membership=leader, role=Role.LEADER)

    shown = page(leader_client, reverse("listen:round_open"))

    assert "A round for Pharmacy would ask 3 people" in shown
    assert f'href="{reverse("listen:round_open")}?team={team.pk}&sub_teams=1"' in shown
    assert "Open a round for Ward 7 that includes its sub-teams" in shown


def test_the_link_chooses_the_parent_and_ticks_the_box(leader_client, team, member, pharmacy):
    shown = page(leader_client, f"{reverse('listen:round_open')}?team={team.pk}&sub_teams=1")
    plain = page(leader_client, reverse("listen:round_open"))

    assert re.search(rf'<option value="{team.pk}" selected>', shown)
    assert re.search(r'<input[^>]*name="include_sub_teams"[^>]*checked', shown)
    assert not re.search(r'<input[^>]*name="include_sub_teams"[^>]*checked', plain)


def test_a_small_teams_leader_who_does_not_lead_the_parent_is_told_who_does(team, leader, pharmacy, pharmacy_leader):
    shown = page(signed_in(pharmacy_leader), reverse("listen:round_open"))

    assert "A round for Pharmacy would ask 3 people" in shown
    assert "Ask Lee Leader, who leads Ward 7, to open Ward 7's round with its sub-teams included" in shown
    assert "?team=" not in shown


def test_a_small_team_whose_sub_teams_make_it_big_enough_is_offered_to_include_them(
    leader_client, organisation, team, leader, member
):
    theatres = TeamFactory(organisation=organisation, name="Theatres", parent=team)
    staff(theatres, 5, start=400)

    shown = page(leader_client, reverse("listen:round_open"))

    assert "A round for Ward 7 would ask 1 person" in shown
    assert "With its sub-teams included, a round for Ward 7 would ask 6 people, enough to show results." in shown
    assert f'href="{reverse("listen:round_open")}?team={team.pk}&sub_teams=1"' in shown
