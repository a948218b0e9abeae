"""Every Listen page asks the database the same number of questions however much data there is (issue 21): each
page is read at one size, the data doubled (teams, sub-teams, rounds, answers), and read again."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attend.listen import services
from attend.listen.models import PulseRound
from attend.listen.tests.support import answers_for, open_round, staff, tokens_of
from attend.organisations.models import Role
from attend.organisations.tests.factories import TeamFactory, person_in

pytestmark = pytest.mark.django_db


def grow(team, leader, *, teams: int, rounds: int, start: int) -> None:
    """`rounds` answered rounds (a batch and a pending answer each, a month apart) for the leader's team, and
    `teams` more teams under it, each with its own leader and rounds, and someone who leads nothing in each."""
    today = timezone.localdate()
    _rounds(team, leader.user, rounds=rounds, today=today)
    for n in range(teams):
        child = TeamFactory(organisation=team.organisation, parent=team, name=f"Bay {start + n}")
        child_leader = person_in(team.organisation, team=child, role=Role.LEADER, email=f"lead{start + n}@example.test")
        staff(child, 6, start=1000 + 10 * (start + n))
        _rounds(child, child_leader.user, rounds=rounds, today=today)


def _rounds(team, by, *, rounds: int, today) -> None:
    if team.team_memberships.filter(role=Role.MEMBER).count() < 6:
        staff(team, 6, start=5000 + 10 * team.pulse_rounds.count())
    for _ in range(rounds):
        pulse_round = open_round(team, by, opens_on=today).round
        for token in tokens_of(pulse_round)[:6]:
            services.pulse_response_submit(token=token, answers=answers_for(pulse_round, 4), today=today)
        services.pulse_round_close(pulse_round=pulse_round)
    # Spread the rounds over the months before, so quarters and the trend have something to compare.
    for months, pulse_round in enumerate(team.pulse_rounds.order_by("created_at")):
        day = today - datetime.timedelta(days=31 * months)
        PulseRound.objects.filter(pk=pulse_round.pk).update(opens_on=day, closes_on=day + datetime.timedelta(days=13))


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def pages(team, quarter) -> dict:
    return {
        "index": reverse("listen:index"),
        "index, page 2": reverse("listen:index") + "?page=2",
        "trend": reverse("listen:trend", args=[team.pk]),
        "heatmap": reverse("listen:heatmap"),
        "heatmap, a quarter": reverse("listen:heatmap") + f"?quarter={quarter}",
        "round": reverse("listen:round", args=[team.pulse_rounds.order_by("-opens_on").first().pk]),
    }


def test_no_listen_page_asks_more_questions_as_the_data_grows(
    team, leader, member, leader_client, org_admin_client, member_client
):
    quarter = f"{timezone.localdate().year} Q{(timezone.localdate().month - 1) // 3 + 1}"
    clients = {"admin": org_admin_client, "leader": leader_client}
    grow(team, leader, teams=2, rounds=2, start=0)
    before = {
        (who, name): queries(client, url)
        for who, client in clients.items()
        for name, url in pages(team, quarter).items()
    }
    before[("member", "your team")] = queries(member_client, reverse("listen:team_results"))

    grow(team, leader, teams=4, rounds=2, start=10)  # twice the teams, twice the rounds of the leader's team
    after = {
        (who, name): queries(client, url)
        for who, client in clients.items()
        for name, url in pages(team, quarter).items()
    }
    after[("member", "your team")] = queries(member_client, reverse("listen:team_results"))

    assert PulseRound.objects.count() >= 2 * 6
    assert after == before
