"""Reads for Connect's pages: the leader's roster of people, and the next conversation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attend.connect import selectors, services
from attend.connect.models import Conversation, Pairing
from attend.organisations.models import Membership, Role, TeamMembership
from attend.organisations.selectors import memberships_for_user
from attend.organisations.tests.factories import person_in

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
HELD, PLANNED, CANCELLED = Conversation.Status.HELD, Conversation.Status.PLANNED, Conversation.Status.CANCELLED


def days(n: float) -> datetime.datetime:
    return NOW + datetime.timedelta(days=n)


def talk(pairing, when: float, status=PLANNED) -> Conversation:
    return pairing.conversations.create(kind="one_to_one", starts_at=days(when), status=status)


def began(pairing, when: float) -> Pairing:
    Pairing.objects.filter(pk=pairing.pk).update(created_at=days(when))
    return Pairing.objects.select_related("person").get(pk=pairing.pk)


@pytest.fixture
def second_member(team):
    return person_in(team.organisation, team=team, role=Role.MEMBER, name="Ali Second")


@pytest.fixture
def third_member(team):
    return person_in(team.organisation, team=team, role=Role.MEMBER, name="Zed Third")


@pytest.fixture
def pairings(leader, member, second_member, third_member):
    """The leader's pairings, each begun long ago: Mo Member, Ali Second, Zed Third."""
    services.pairings_ensure(membership=leader)
    return {
        name: began(Pairing.objects.get(leader=leader.user, person=person.user), -365)
        for name, person in (("member", member), ("second", second_member), ("third", third_member))
    }


@pytest.fixture
def pairing(pairings):
    return pairings["member"]


def row_for(pairing, *, now=NOW):
    leader = Membership.objects.get(user=pairing.leader_id, organisation=pairing.organisation_id)
    (row,) = [row for row in selectors.roster_of(leader, now=now) if row.pairing_id == pairing.pk]
    return row


# The roster


def test_an_unusual_cadence_is_counted_in_plain_words(pairing):
    Pairing.objects.filter(pk=pairing.pk).update(cadence_days=1)
    pairing.refresh_from_db()

    assert row_for(began(pairing, -365)).cadence == "Every 1 day"


def test_the_roster_lists_each_person_once_alphabetically_with_their_cadence(pairings, leader):
    services.pairing_cadence_set(pairing=pairings["member"], days=7)
    Pairing.objects.filter(pk=pairings["third"].pk).update(cadence_days=10)  # not one of the usual choices

    rows = selectors.roster_of(leader, now=NOW)

    assert [(row.name, row.cadence) for row in rows] == [
        ("Ali Second", "Every 4 weeks"),
        ("Mo Member", "Every week"),
        ("Zed Third", "Every 10 days"),
    ]
    assert [row.pairing_id for row in rows] == [pairings[name].pk for name in ("second", "member", "third")]


def test_the_roster_shows_the_last_conversation_held_and_the_next_one_planned(pairings, leader):
    mine, theirs = pairings["member"], pairings["second"]
    talk(mine, -40, HELD)
    talk(mine, -10, HELD)
    talk(mine, -2, CANCELLED)
    talk(mine, -1, PLANNED)  # its time has passed: not coming up
    talk(mine, 1, CANCELLED)
    talk(mine, 9, PLANNED)
    talk(mine, 3, PLANNED)
    talk(theirs, -1, HELD)
    talk(theirs, 2, PLANNED)

    rows = {row.pairing_id: row for row in selectors.roster_of(leader, now=NOW)}

    assert (rows[mine.pk].last_held, rows[mine.pk].next_planned) == (days(-10), days(3))
    assert (rows[theirs.pk].last_held, rows[theirs.pk].next_planned) == (days(-1), days(2))
    assert (rows[pairings["third"].pk].last_held, rows[pairings["third"].pk].next_planned) == (None, None)


def test_a_cancelled_conversation_is_not_a_conversation_held(pairing):
    talk(pairing, -3, CANCELLED)

    row = row_for(pairing)

    assert row.last_held is None
    assert row.a_while is True


@pytest.mark.parametrize(
    ("cadence", "conversations", "began_days_ago", "a_while"),
    [
        pytest.param(28, [(-30, HELD)], 365, True, id="last held longer ago than the cadence"),
        pytest.param(28, [(-30, HELD), (2, PLANNED)], 365, False, id="something is planned"),
        pytest.param(28, [(-10, HELD)], 365, False, id="held recently"),
        pytest.param(28, [(-30, HELD), (-1, CANCELLED)], 365, True, id="a cancelled one does not count"),
        pytest.param(28, [(-30, HELD), (-1, HELD)], 365, False, id="the latest held counts"),
        pytest.param(7, [(-10, HELD)], 365, True, id="a shorter cadence"),
        pytest.param(91, [(-60, HELD)], 365, False, id="a longer cadence"),
        pytest.param(28, [], 40, True, id="never held, paired long ago"),
        pytest.param(28, [], 5, False, id="never held, paired recently"),
        pytest.param(28, [(2, PLANNED)], 40, False, id="first one planned"),
    ],
)
def test_a_while_means_longer_than_the_cadence_with_nothing_planned(
    pairing, cadence, conversations, began_days_ago, a_while
):
    services.pairing_cadence_set(pairing=pairing, days=cadence)
    for when, status in conversations:
        talk(pairing, when, status)

    assert row_for(began(pairing, -began_days_ago)).a_while is a_while


def test_the_roster_is_alphabetical_whatever_the_case_of_a_name(pairings, leader, team):
    person_in(team.organisation, team=team, name="bea de Vries")
    services.pairings_ensure(membership=leader)

    names = [row.name for row in selectors.roster_of(leader, now=NOW)]

    assert sorted(names) == ["Ali Second", "Mo Member", "Zed Third", "bea de Vries"]  # all four are there
    assert names == ["Ali Second", "bea de Vries", "Mo Member", "Zed Third"]


def test_the_roster_lists_nobody_outside_a_current_pairing(
    pairing, leader, member, facilitator, org_admin, other_leader, team
):
    """An admin, a facilitator or another organisation's leader see no one; a person who has left the team drops off
    the leader's roster and loses their leader's row at once, though the pairing and its conversations stay."""
    talk(pairing, 2, PLANNED)
    for someone in (facilitator, org_admin, other_leader):
        assert selectors.roster_of(someone, now=NOW) == []
    assert [row.leader_id for row in selectors.roster_of(member, now=NOW)] == [leader.user_id]

    TeamMembership.objects.filter(membership=member, team=team).delete()

    assert "Mo Member" not in [row.name for row in selectors.roster_of(leader, now=NOW)]
    assert selectors.roster_of(member, now=NOW) == []


# The next conversation


def test_the_next_conversation_is_the_soonest_planned_one_ahead(pairings, leader, member, second_member, organisation):
    mine, theirs = pairings["member"], pairings["second"]
    talk(mine, -1, PLANNED)
    talk(mine, 1, CANCELLED)
    later = talk(mine, 5, PLANNED)
    soonest_mine = talk(mine, 2, PLANNED)
    soonest_theirs = talk(theirs, 1.5, PLANNED)

    assert selectors.next_conversation(member.user, organisation, now=NOW) == soonest_mine
    assert selectors.next_conversation(second_member.user, organisation, now=NOW) == soonest_theirs
    assert selectors.next_conversation(leader.user, organisation, now=NOW) == soonest_theirs

    services.conversation_status_set(conversation=soonest_theirs, status=CANCELLED)
    assert selectors.next_conversation(leader.user, organisation, now=NOW) == soonest_mine
    assert selectors.next_conversation(member.user, organisation, now=days(3)) == later


def test_there_is_no_next_conversation_for_anyone_outside_the_pairing_or_when_nothing_is_planned(
    pairing, member, facilitator, org_admin, other_leader, organisation, other_organisation
):
    assert selectors.next_conversation(member.user, organisation, now=NOW) is None

    talk(pairing, 2, PLANNED)

    for someone in (facilitator, org_admin):
        assert selectors.next_conversation(someone.user, organisation, now=NOW) is None
    assert selectors.next_conversation(other_leader.user, other_organisation, now=NOW) is None
    assert selectors.next_conversation(member.user, other_organisation, now=NOW) is None


def test_there_is_no_next_conversation_once_the_pairing_has_ended(pairing, leader, member, team):
    talk(pairing, 2, PLANNED)
    TeamMembership.objects.filter(membership=member, team=team).delete()

    assert selectors.next_conversation(member.user, team.organisation, now=NOW) is None
    assert selectors.next_conversation(leader.user, team.organisation, now=NOW) is None


# What Connect says on Today: the same answers as the roster and the next conversation, in one query


def test_today_figures_give_the_soonest_planned_conversation_of_any_pairing(
    pairings, leader, member, second_member, organisation
):
    mine, theirs = pairings["member"], pairings["second"]
    talk(mine, -1, PLANNED)
    talk(mine, 1, CANCELLED)
    later = talk(mine, 5, PLANNED)
    talk(mine, 2, PLANNED)
    soonest_theirs = talk(theirs, 1.5, PLANNED)

    for someone in (member, second_member, leader):
        expected = selectors.next_conversation(someone.user, organisation, now=NOW)
        figures = selectors.today_figures(someone, now=NOW)
        other = expected.pairing.person if expected.pairing.leader == someone.user else expected.pairing.leader
        assert (figures.next_pairing_id, figures.next_with, figures.next_starts_at) == (
            expected.pairing_id,
            other.name,
            expected.starts_at,
        )
    assert selectors.today_figures(leader, now=NOW).next_starts_at == soonest_theirs.starts_at
    in_three_days = selectors.today_figures(member, now=days(3))
    assert (in_three_days.next_pairing_id, in_three_days.next_with, in_three_days.next_starts_at) == (
        mine.pk,
        mine.leader.name,
        later.starts_at,
    )


def test_today_figures_name_the_people_led_not_talked_with_for_a_while_as_the_roster_does(
    pairings, leader, member, organisation
):
    talk(pairings["member"], -3, HELD)  # Mo Member: recently
    talk(pairings["third"], 4, PLANNED)  # Zed Third: something planned

    figures = selectors.today_figures(leader, now=NOW)

    roster = selectors.roster_of(leader, now=NOW)
    assert figures.a_while == [row.name for row in roster if row.a_while] == ["Ali Second"]
    # The person led is never told that their leader has not talked with them
    assert selectors.today_figures(member, now=NOW).a_while == []


def test_today_figures_say_nothing_outside_a_current_pairing(
    pairing, leader, member, facilitator, org_admin, other_leader, organisation, other_organisation, team
):
    talk(pairing, 2, PLANNED)
    for someone in (facilitator, org_admin):
        assert selectors.today_figures(someone, now=NOW) == selectors.TodayFigures(None, None, None, [])
    assert selectors.today_figures(other_leader, now=NOW).next_pairing_id is None

    TeamMembership.objects.filter(membership=member, team=team).delete()

    assert selectors.today_figures(member, now=NOW).next_pairing_id is None
    assert "Mo Member" not in selectors.today_figures(leader, now=NOW).a_while


def as_read_for_a_request(membership):
    """The membership as the middleware reads it, with its team places."""
    return memberships_for_user(membership.user).get(organisation=membership.organisation)


def test_today_figures_read_the_same_number_of_queries_however_many_pairings(pairing, leader, team, organisation):
    with CaptureQueriesContext(connection) as few:
        selectors.today_figures(as_read_for_a_request(leader), now=NOW)
    assert len(few) == 3  # the membership, its team places, the figures
    for n in range(6):
        person_in(organisation, team=team, role=Role.MEMBER, name=f"Extra {n}")
    services.pairings_ensure(membership=leader)
    for extra in Pairing.objects.filter(leader=leader.user):
        talk(extra, 2, PLANNED)
    membership = as_read_for_a_request(leader)
    with CaptureQueriesContext(connection) as many:
        figures = selectors.today_figures(membership, now=NOW)
    assert figures.next_pairing_id is not None
    assert len(many) == 1


# Overdue actions on each row (issue 16)


def test_each_row_counts_its_own_open_overdue_actions_only(pairings, leader):
    today = NOW.date()
    member, second = pairings["member"], pairings["second"]
    for due, done in ((today - datetime.timedelta(days=1), False), (today - datetime.timedelta(days=9), False)):
        member.actions.create(owner=member.person, content={"text": "x"}, due_on=due, done_at=NOW if done else None)
    member.actions.create(
        owner=member.person, content={"text": "done"}, due_on=today - datetime.timedelta(days=2), done_at=NOW
    )
    member.actions.create(owner=member.person, content={"text": "today"}, due_on=today)
    member.actions.create(owner=member.person, content={"text": "no date"})

    rows = {row.pairing_id: row for row in selectors.roster_of(leader, now=NOW, today=today)}

    assert rows[member.pk].overdue_actions == 2
    assert rows[second.pk].overdue_actions == 0


def test_the_roster_takes_the_same_number_of_queries_for_3_people_or_12(pairings, leader, team):
    def queries_for(membership):
        with CaptureQueriesContext(connection) as captured:
            rows = selectors.roster_of(membership, now=NOW)
        return len(captured), len(rows)

    few = queries_for(leader)
    for number in range(9):
        person_in(team.organisation, team=team, role=Role.MEMBER, name=f"Extra {number}")
    services.pairings_ensure(membership=leader)
    many = list(Pairing.objects.filter(leader=leader.user).select_related("person"))
    for pairing in many:
        pairing.actions.create(
            owner=pairing.person, content={"text": "x"}, due_on=NOW.date() - datetime.timedelta(days=1)
        )
        talk(pairing, -3, HELD)

    assert len(many) == 12
    assert few == (2, 3)
    assert queries_for(leader) == (2, 12)
