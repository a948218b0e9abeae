"""A heatmap people can read (issue 17, item 6): each colour band also in words, the organisation's own figure
as the benchmark for each theme, the change since the previous quarter, cells without enough answers marked
as such; and a leader sees their own team against the organisation, never another team."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from attend.listen import heatmap, question_bank, selectors, services
from attend.listen.anonymity import Thresholds
from attend.listen.models import InviteMethod, PulseRound
from attend.listen.tests.support import answers_for, open_round, staff, tokens_of
from attend.organisations.models import Role
from attend.organisations.tests.factories import TeamFactory, person_in

pytestmark = pytest.mark.django_db

URL = reverse("listen:heatmap")


def answered(pulse_round, count: int, value: int = 4) -> None:
    for token in tokens_of(pulse_round)[:count]:
        services.pulse_response_submit(
            token=token, answers=answers_for(pulse_round, value), today=max(pulse_round.opens_on, timezone.localdate())
        )


def opened_on(team, by, day: datetime.date, *, people: int, value: int, start: int):
    staff(team, people, start=start)
    pulse_round = open_round(team, by, opens_on=timezone.localdate())
    pulse_round.round.opens_on = day  # the quarter it counts in
    pulse_round.round.save(update_fields=["opens_on"])
    answered(pulse_round.round, 5, value)
    return pulse_round.round


def text(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def test_previous_quarter():
    assert heatmap.previous_quarter("2026 Q1") == "2025 Q4"
    assert heatmap.previous_quarter("2026 Q3") == "2026 Q2"


@pytest.fixture
def two_teams(organisation, team, leader, member):
    """Ward 7 (the leader's) answers "Agree" (7.5) in 2026 Q3 and "Strongly agree" (10) in Q4; Ward 9 answers
    "Neither" (5) in Q4. The organisation in Q4: 7.5."""
    ward_9 = TeamFactory(organisation=organisation, name="Ward 9")
    ward_9_leader = person_in(organisation, team=ward_9, role=Role.LEADER)
    opened_on(team, leader.user, datetime.date(2026, 8, 1), people=5, value=4, start=0)
    team.team_memberships.filter(role=Role.MEMBER).delete()  # the next round asks a fresh five
    opened_on(team, leader.user, datetime.date(2026, 11, 1), people=5, value=5, start=10)
    opened_on(ward_9, ward_9_leader.user, datetime.date(2026, 11, 1), people=5, value=3, start=20)
    return ward_9


def test_the_organisation_is_the_benchmark_and_each_cell_says_its_change_since_last_quarter(
    org_admin_client, two_teams
):
    shown = text(org_admin_client, f"{URL}?quarter=2026+Q4")

    assert "Whole organisation" in shown and "7.5 high" in shown
    assert "10.0 high" in shown and "2.5 above the organisation" in shown  # Ward 7 in Q4
    assert "5.0 middle" in shown and "2.5 below the organisation" in shown  # Ward 9
    assert "up 2.5 since 2026 Q3" in shown  # Ward 7: 7.5 then 10.0
    assert "No figure for 2026 Q3 to compare with" in shown  # Ward 9 had no round then


def test_a_leader_sees_their_team_against_the_organisation_and_no_other_team(leader_client, two_teams, team):
    shown = text(leader_client, f"{URL}?quarter=2026+Q4")

    assert team.name in shown and "Whole organisation" in shown
    assert two_teams.name not in shown and "5.0 middle" not in shown


def test_a_leader_never_reads_a_sub_team_they_do_not_lead_pooled_into_their_own_row(
    organisation, org_admin, leader, team
):
    # Given Ward 7a under the leader's Ward 7, led by someone else: only Ward 7a had a round this quarter
    ward_7a = TeamFactory(organisation=organisation, name="Ward 7a", parent=team)
    ward_7a_leader = person_in(organisation, team=ward_7a, role=Role.LEADER)
    opened_on(ward_7a, ward_7a_leader.user, datetime.date(2026, 11, 1), people=5, value=3, start=40)
    thresholds = selectors.thresholds_of(organisation)

    def ward_7_row(team_ids):
        _, rows = heatmap.heatmap(organisation, thresholds=thresholds, quarter="2026 Q4", team_ids=team_ids)
        [row] = [row for row in rows if row.team is not None and row.team.pk == team.pk]
        return row

    # Then the admin's Ward 7 row pools Ward 7a's round, but the Ward 7 leader's row does not
    assert any(cell is not None for cell in ward_7_row(None).scores)
    assert all(cell is None for cell in ward_7_row([team.pk]).scores)


def test_a_leader_of_another_organisation_sees_none_of_this_one(other_leader_client, two_teams, team):
    shown = text(other_leader_client, f"{URL}?quarter=2026+Q4")

    assert team.name not in shown and "10.0 high" not in shown and "7.5 high" not in shown


def test_a_cell_without_enough_answers_says_so(org_admin_client, organisation, team, leader, member):
    staff(team, 4)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    answered(pulse_round, 4)

    shown = text(org_admin_client)

    assert "Not enough answers yet</strong>" in shown and "high</strong>" not in shown


def test_the_benchmark_counts_only_what_the_teams_show(organisation, team, leader, member):
    """The organisation's figure is a union of whole batches, like every cell: it moves with no single answer."""
    opened_on(team, leader.user, timezone.localdate(), people=5, value=4, start=0)
    thresholds = Thresholds()
    _, before = heatmap.heatmap(organisation, thresholds=thresholds, quarter=None)
    staff(team, 1, start=50)
    extra = open_round(team, leader.user, opens_on=timezone.localdate()).round
    answered(extra, 1, value=1)  # one answer alone: in no batch

    _, after = heatmap.heatmap(organisation, thresholds=thresholds, quarter=None)

    assert before[0].title == "Whole organisation" and before[0].scores == after[0].scores


def test_an_admin_reads_one_part_of_the_organisation_a_page_of_teams_at_a_time_each_row_pooling_below_it(
    org_admin_client, organisation, leader, team, monkeypatch
):
    """Issue 21: a trust's heatmap is hundreds of teams. A part is a top-level team and everything below it; each
    row still pools its sub-teams, and the whole organisation stays first as the benchmark."""
    from attend.listen.views import organisation as views

    ward_7a = TeamFactory(organisation=organisation, name="Ward 7a", parent=team)
    ward_7a_leader = person_in(organisation, team=ward_7a, role=Role.LEADER)
    opened_on(ward_7a, ward_7a_leader.user, datetime.date(2026, 11, 1), people=5, value=3, start=40)
    elsewhere = TeamFactory(organisation=organisation, name="Zeta Division")

    part = text(org_admin_client, f"{URL}?part={team.pk}").split("Score by team and theme")[1]  # the table
    assert "Whole organisation" in part and "Ward 7a" in part and elsewhere.name not in part
    assert part.count("5.0 middle") >= 3  # the organisation, Ward 7 (pooling Ward 7a) and Ward 7a

    monkeypatch.setattr(views, "TEAMS_PER_PAGE", 1)
    first, second = (
        text(org_admin_client, f"{URL}?part={team.pk}"),
        text(org_admin_client, f"{URL}?part={team.pk}&page=2"),
    )
    assert "Teams 1 to 1 of 2" in first and "Ward 7a" not in first
    assert "Whole organisation" in second and "Ward 7a" in second
    assert "5.0 middle" in second and "the same as the organisation" in second


def test_the_columns_are_the_items_rounds_by_single_use_links_asked_kept_as_they_open(organisation, team, leader):
    """The heatmap's columns come from `AskedItem`, kept as rounds open (issue 21): the items every round by single-use
    links asked, over all rounds and in the quarter each opened; never a team-link round's (ADR 0018)."""
    today = timezone.localdate()
    last_year = today - datetime.timedelta(days=365)
    open_round(team, leader.user, opens_on=today, template="monthly-pulse")
    open_round(team, leader.user, opens_on=today, template="quarterly-check-in", invite=InviteMethod.LINK)
    open_round(team, leader.user, opens_on=today + datetime.timedelta(days=1), template="monthly-pulse")
    services.listen_item_add(organisation=organisation, by=leader.user, text="I can take a break on a long shift.")
    open_round(team, leader.user, opens_on=today + datetime.timedelta(days=2), template="monthly-pulse")

    def asked_by_rounds(quarter):
        rounds = PulseRound.objects.exclude(invite=InviteMethod.LINK)
        if quarter:
            rounds = [r for r in rounds if heatmap.quarter_of(r.opens_on) == quarter]
        return {key for pulse_round in rounds for key in pulse_round.item_keys}

    for quarter in {None, *heatmap.quarters(organisation), heatmap.quarter_of(last_year)}:
        assert heatmap.asked_item_keys(organisation, quarter) == asked_by_rounds(quarter)
    assert len(asked_by_rounds(None)) == len(question_bank.template("monthly-pulse").item_keys) + 1


def test_the_heatmaps_tree_is_the_organisations_tree_with_ids_as_text(organisation, team):
    """`heatmap_tree` reads ids as text (no UUID a team): the same teams, order, depths and paths as `teams_as_tree`,
    and `shown_team` gives back the very ids."""
    from attend.organisations.selectors import teams_as_tree

    ward = TeamFactory(organisation=organisation, name="ward 2", parent=team)
    TeamFactory(organisation=organisation, name="Ward 10", parent=team)
    TeamFactory(organisation=organisation, name="Bay", parent=ward)
    TeamFactory(organisation=organisation, name="Acute")
    expected = teams_as_tree(organisation)
    found = heatmap.heatmap_tree(organisation)
    assert [(depth, heatmap.shown_team(t)) for depth, t in found] == expected
    assert all(isinstance(t.pk, str) for _, t in found)
    for (_, text_ids), (_, team_as_read) in zip(found, expected, strict=True):  # a heatmap row's team
        row_team = heatmap.ShownTeam(text_ids)
        assert (row_team.pk, row_team.parent_id, row_team.name, row_team.path) == (
            team_as_read.pk,
            team_as_read.parent_id,
            team_as_read.name,
            team_as_read.path,
        )
    assert heatmap.tree_part(found, ward.pk) == [(d, t) for d, t in found if t.path.startswith(ward.path)]
