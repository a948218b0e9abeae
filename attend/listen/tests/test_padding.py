"""The leader who tries to break anonymity by answering their own team's pulse (issue 17, ADR 0018).

Each test plays an attack: answers the attacker knows are sent first, a victim answers, and everything the attacker
can see (every figure of the round's CSV, the trend, the heatmap) is compared before and after the victim's answer.
Nothing of the victim's may be isolated: no figure may change because of one person's answer alone.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from attend.listen import figures_text, heatmap, results, selectors, services
from attend.listen.models import InviteMethod, Response
from attend.listen.tests.support import open_round, staff, tokens_of
from attend.nudges.models import Notification
from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in

pytestmark = pytest.mark.django_db

NEITHER = 3
COUNT_ROWS = {"Responses", "Responses in these results", "Response rate"}


def figures(pulse_round) -> list[list[str]]:
    """Every figure the leader can download for the round, without the counts (which say how many, never what)."""
    pulse_round.refresh_from_db()
    rows = figures_text.csv_rows(selectors.round_view(pulse_round).results)
    return [row for row in rows if row[0] not in COUNT_ROWS]


def victims_answers(pulse_round) -> dict[str, int]:
    """27-odd answers that differ from the padding, so any figure that moves with them gives them away."""
    return {key: 1 + index % 5 for index, key in enumerate(pulse_round.item_keys)}


def private_window(client_class=Client):
    """A fresh browser with no cookies: a private window."""
    return client_class()


def post_answer(client, pulse_round, token, answers) -> int:
    url = reverse("listen:answer", kwargs={"pulse_token": token})
    data = {**{key: str(value) for key, value in answers.items()}, "comment": ""}
    return client.post(url, data).status_code


@pytest.fixture
def team_of_twelve(team, leader, member):
    staff(team, 11)
    return team


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


def test_the_leader_padding_a_team_link_from_private_windows_learns_nothing(team_of_twelve, leader, today):
    # Given a team-link round, padded by the leader with four answers they know, from four private windows
    opened = open_round(team_of_twelve, leader.user, opens_on=today, invite=InviteMethod.LINK)
    pulse_round, link = opened.round, opened.team_link_token
    for _ in range(4):
        assert post_answer(private_window(), pulse_round, link, dict.fromkeys(pulse_round.item_keys, NEITHER)) == 302
    before = figures(pulse_round)

    # When one team member answers
    assert post_answer(private_window(), pulse_round, link, victims_answers(pulse_round)) == 302

    # Then not one figure moved: the batch of five sealed, but it rests on answers the leader could speak for
    assert Response.objects.filter(round=pulse_round).count() == 5
    assert figures(pulse_round) == before
    view = selectors.round_view(pulse_round)
    assert not view.results.visible and view.results.withheld == results.WITHHELD_TEAM_LINK


def test_a_co_leader_padding_the_team_link_learns_nothing_either(team_of_twelve, leader, today):
    co_leader = person_in(team_of_twelve.organisation, team=team_of_twelve, role=Role.LEADER, email="co@example.test")
    opened = open_round(team_of_twelve, co_leader.user, opens_on=today, invite=InviteMethod.LINK)
    for value in (1, 2, 4, 5, 3, 2, 4, 1, 5):
        post_answer(
            private_window(), opened.round, opened.team_link_token, dict.fromkeys(opened.round.item_keys, value)
        )
    before = figures(opened.round)
    post_answer(private_window(), opened.round, opened.team_link_token, victims_answers(opened.round))
    assert Response.objects.filter(round=opened.round).count() == 10  # two batches sealed
    assert figures(opened.round) == before


def test_a_signed_in_leader_or_co_leader_cannot_answer_through_any_link(team_of_twelve, leader, today):
    co_leader = person_in(team_of_twelve.organisation, team=team_of_twelve, role=Role.LEADER, email="co@example.test")
    team_link = open_round(team_of_twelve, leader.user, opens_on=today, invite=InviteMethod.LINK)
    by_email = open_round(team_of_twelve, leader.user, opens_on=today)
    someone_elses = tokens_of(by_email.round)[0]  # a member's link, forwarded to (or read by) a leader
    for person in (leader, co_leader):
        browser = Client()
        browser.force_login(person.user)
        for pulse_round, token in ((team_link.round, team_link.team_link_token), (by_email.round, someone_elses)):
            url = reverse("listen:answer", kwargs={"pulse_token": token})
            page = browser.get(url)
            assert page.status_code == 403 and "You lead this team" in page.content.decode()
            assert post_answer(browser, pulse_round, token, victims_answers(pulse_round)) == 403
    assert not Response.objects.exists()
    assert services.pulse_link_check(token=someone_elses, today=today) == by_email.round  # still the member's


def test_single_use_links_never_go_to_the_teams_leaders(team_of_twelve, leader, org_admin, today):
    co_leader = person_in(team_of_twelve.organisation, team=team_of_twelve, role=Role.LEADER, email="co@example.test")
    opened = open_round(team_of_twelve, org_admin.user, opens_on=today)
    invited = set(Notification.objects.filter(kind="pulse_invitation").values_list("person__email", flat=True))
    assert opened.invited == 12 == len(invited)
    assert not invited & {leader.user.email, co_leader.user.email, org_admin.user.email}


def test_a_team_link_takes_no_more_answers_than_the_team_has_people(team, leader, member, today):
    staff(team, 3)  # a team of four
    opened = open_round(team, leader.user, opens_on=today, invite=InviteMethod.LINK)
    answers = dict.fromkeys(opened.round.item_keys, 4)
    for _ in range(4):
        services.pulse_response_submit(token=opened.team_link_token, answers=answers, today=today)
    with pytest.raises(services.LinkProblem) as problem:
        services.pulse_response_submit(token=opened.team_link_token, answers=answers, today=today)
    assert problem.value.kind == services.LinkProblem.FULL
    assert Response.objects.count() == 4


def test_a_second_post_from_the_same_device_is_refused(team, leader, member, today):
    staff(team, 5)
    opened = open_round(team, leader.user, opens_on=today, invite=InviteMethod.LINK)
    phone = Client()
    answers = dict.fromkeys(opened.round.item_keys, 4)
    assert post_answer(phone, opened.round, opened.team_link_token, answers) == 302
    assert post_answer(phone, opened.round, opened.team_link_token, answers) == 200  # "already answered"
    assert Response.objects.count() == 1


def test_padding_two_team_link_rounds_shows_nothing_across_them(team_of_twelve, leader, org_admin, today):
    # Given two monthly team-link rounds, each padded by the leader
    first = open_round(team_of_twelve, leader.user, opens_on=today - datetime.timedelta(days=40), invite="link")
    second = open_round(team_of_twelve, leader.user, opens_on=today, invite=InviteMethod.LINK)
    known = dict.fromkeys(first.round.item_keys, NEITHER)
    for _ in range(4):
        services.pulse_response_submit(token=first.team_link_token, answers=known, today=first.round.opens_on)
    services.pulse_response_submit(token=first.team_link_token, answers=known, today=first.round.opens_on)
    services.pulse_round_close(pulse_round=first.round)
    for _ in range(4):
        services.pulse_response_submit(token=second.team_link_token, answers=known, today=today)

    def seen():
        thresholds = selectors.thresholds_of(team_of_twelve.organisation)
        _, trend = selectors.team_trend(team_of_twelve, thresholds)
        _, heat = heatmap.heatmap(team_of_twelve.organisation, thresholds=thresholds, quarter=None)
        return [row.points for row in trend], [row.scores for row in heat], figures(second.round)

    before = seen()
    # When a team member answers the second round
    services.pulse_response_submit(token=second.team_link_token, answers=victims_answers(second.round), today=today)
    # Then neither the trend, nor the heatmap, nor the round's figures moved
    assert seen() == before


def test_roster_changes_before_a_round_are_shown_on_its_results(client, team_of_twelve, leader, today):
    from attend.organisations.models import TeamMembership

    long_ago = today - datetime.timedelta(days=90)
    TeamMembership.objects.filter(team=team_of_twelve).update(
        created_at=datetime.datetime.combine(long_ago, datetime.time(), tzinfo=datetime.UTC)
    )
    staff(team_of_twelve, 2, start=50)  # just added, as an admin adding accounts they control might
    pulse_round = open_round(team_of_twelve, leader.user, opens_on=today).round
    assert pulse_round.joined_before == 2
    client.force_login(leader.user)
    page = client.get(reverse("listen:round", args=[pulse_round.pk])).content.decode()
    assert "2 people joined the team in the 4 weeks before this round opened" in page


def test_a_team_link_rounds_page_and_csv_say_how_many_answered_and_show_nothing_else(
    leader_client, team_of_twelve, leader, today
):
    opened = open_round(team_of_twelve, leader.user, opens_on=today, invite=InviteMethod.LINK)
    for number in range(10):
        services.pulse_response_submit(
            token=opened.team_link_token,
            answers=dict.fromkeys(opened.round.item_keys, 4),
            comment=f"A comment from answer {number}",
            today=today,
        )
    page = leader_client.get(reverse("listen:round", args=[opened.round.pk])).content.decode()
    assert "10 answers, from a team of 12" in page
    assert "A team link round shows how many answered, but never any results." in page
    assert "Comments are not shown either" in page
    assert "A comment from answer" not in page and "Download these results" not in page
    csv = leader_client.get(reverse("listen:round_csv", args=[opened.round.pk])).content.decode()
    assert "7.5" not in csv and "A comment" not in csv


def test_more_answers_than_people_is_said_plainly(team, leader, member, today):
    from attend.listen import presenters

    staff(team, 5)
    opened = open_round(team, leader.user, opens_on=today, invite=InviteMethod.LINK)
    for _ in range(6):
        services.pulse_response_submit(
            token=opened.team_link_token, answers=dict.fromkeys(opened.round.item_keys, 4), today=today
        )
    opened.round.invited = 4  # two people left the team's roster after the round opened, say
    figures_now = selectors.round_view(opened.round).results
    assert figures_now.withheld == results.WITHHELD_OVER_ROSTER and not figures_now.visible
    assert "6 answers from a team of 4: more answers than people" in presenters.waiting_message(
        figures_now, opened.round
    )


def test_someone_else_on_a_shared_device_can_still_answer_when_they_say_so(team, leader, member, today):
    staff(team, 5)
    opened = open_round(team, leader.user, opens_on=today, invite=InviteMethod.LINK)
    ward_tablet = Client()
    answers = dict.fromkeys(opened.round.item_keys, 4)
    assert post_answer(ward_tablet, opened.round, opened.team_link_token, answers) == 302
    url = reverse("listen:answer", kwargs={"pulse_token": opened.team_link_token})
    form = ward_tablet.get(url + "?again=1").content.decode()
    assert 'name="again" value="1"' in form
    again = ward_tablet.post(url, {**{k: str(v) for k, v in answers.items()}, "comment": "", "again": "1"})
    assert again.status_code == 302
    assert Response.objects.count() == 2
