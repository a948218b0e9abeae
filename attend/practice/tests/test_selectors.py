"""Reads for Practice: the practices a person can choose from, their log in their own time zone, and the only
figure an organisation sees (people and minutes, never under five people)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from attend.organisations.models import Role
from attend.organisations.tests.factories import MembershipFactory, person_in
from attend.practice import content, selectors, services
from attend.practice.tests.support import own_practice, record

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
BUILT_IN_KEYS = [practice.key for practice in content.built_in_practices()]


# Which practices a person can choose from


def test_practices_for_lists_the_library_then_current_own_practices(
    organisation, facilitator, other_organisation, other_leader
):
    own_practice(organisation, facilitator.user, title="Zebra crossing pause")
    own_practice(organisation, facilitator.user, title="Arriving")
    archived = own_practice(organisation, facilitator.user, title="Old practice")
    services.organisation_practice_archive(practice=archived, by=facilitator.user)
    own_practice(other_organisation, other_leader.user, title="Elsewhere only")

    titles = [practice.title for practice in selectors.practices_for(organisation)]

    assert [practice.key for practice in selectors.practices_for(organisation)][:7] == BUILT_IN_KEYS
    assert titles[7:] == ["Arriving", "Zebra crossing pause"]


def test_practices_for_no_organisation_is_the_library():
    assert [practice.key for practice in selectors.practices_for(None)] == BUILT_IN_KEYS


# A person's own log, in their own time zone


def test_a_late_evening_session_in_utc_is_the_next_day_in_auckland(leader):
    person = leader.user
    person.time_zone = "Pacific/Auckland"
    person.save()
    record(person, started_at=datetime(2026, 3, 18, 23, 30, tzinfo=UTC), actual=600, title="Loving-kindness")

    [fact] = selectors.session_facts(person)

    assert fact.day == date(2026, 3, 19)
    assert fact.seconds == 600
    assert fact.title == "Loving-kindness"


def test_an_early_morning_session_in_utc_is_the_day_before_in_new_york(leader):
    person = leader.user
    person.time_zone = "America/New_York"
    person.save()
    record(person, started_at=datetime(2026, 3, 19, 2, 30, tzinfo=UTC))

    assert [fact.day for fact in selectors.session_facts(person)] == [date(2026, 3, 18)]


def test_the_same_moment_falls_on_each_persons_own_day(leader, member):
    leader.user.time_zone = "Pacific/Auckland"
    leader.user.save()
    member.user.time_zone = "Europe/London"
    member.user.save()
    moment = datetime(2026, 3, 18, 23, 30, tzinfo=UTC)
    record(leader.user, started_at=moment)
    record(member.user, started_at=moment)

    assert [fact.day for fact in selectors.session_facts(leader.user)] == [date(2026, 3, 19)]
    assert [fact.day for fact in selectors.session_facts(member.user)] == [date(2026, 3, 18)]


def test_session_facts_since_a_day_starts_at_local_midnight(leader):
    person = leader.user
    person.time_zone = "Pacific/Auckland"
    person.save()
    # 11:30 UTC on 17 March is 00:30 on 18 March in Auckland; 10:30 UTC is 23:30 on the 17th.
    record(person, started_at=datetime(2026, 3, 17, 11, 30, tzinfo=UTC))
    record(person, started_at=datetime(2026, 3, 17, 10, 30, tzinfo=UTC))

    facts = selectors.session_facts(person, since=date(2026, 3, 18))

    assert [fact.day for fact in facts] == [date(2026, 3, 18)]


def test_a_session_that_has_not_ended_counts_no_time(leader):
    record(leader.user, started_at=NOW, actual=None, ended=False)

    [fact] = selectors.session_facts(leader.user)

    assert fact.seconds == 0


def test_session_facts_are_only_the_persons_own(leader, member):
    record(member.user, started_at=NOW)

    assert selectors.session_facts(leader.user) == []


@time_machine.travel(NOW, tick=False)
def test_minutes_this_week_are_the_persons_own_since_monday(leader, member):
    record(leader.user, started_at=NOW - timedelta(days=1), actual=600)  # Tuesday
    record(leader.user, started_at=NOW - timedelta(days=3), actual=1200)  # Sunday, last week
    record(member.user, started_at=NOW, actual=900)

    assert selectors.minutes_this_week(leader.user) == 10


# What an organisation sees


def people_practising(organisation, count: int, *, started_at=NOW - timedelta(days=2), sessions_each=2):
    """`count` new people in `organisation`, each with a few sessions there."""
    people = [person_in(organisation, role=Role.MEMBER).user for _ in range(count)]
    for person in people:
        for number in range(sessions_each):
            record(person, organisation=organisation, started_at=started_at - timedelta(hours=number), actual=180)
    return people


def test_four_people_practising_is_not_reported(organisation):
    people_practising(organisation, 4)

    assert selectors.organisation_practice_summary(organisation, now=NOW) is None


def test_five_people_practising_is_reported_with_their_minutes(organisation):
    people_practising(organisation, 5)  # ten sessions of three minutes

    summary = selectors.organisation_practice_summary(organisation, now=NOW)

    assert summary == {"people": 5, "minutes": 30, "days": 30}


def test_sessions_still_going_add_a_person_but_no_minutes(organisation):
    people_practising(organisation, 4)
    newcomer = person_in(organisation, role=Role.MEMBER).user
    record(newcomer, organisation=organisation, started_at=NOW - timedelta(minutes=5), actual=None, ended=False)

    assert selectors.organisation_practice_summary(organisation, now=NOW) == {"people": 5, "minutes": 24, "days": 30}


def test_sessions_older_than_thirty_days_are_left_out(organisation):
    people_practising(organisation, 4)
    people_practising(organisation, 1, started_at=NOW - timedelta(days=30, minutes=1), sessions_each=1)

    assert selectors.organisation_practice_summary(organisation, now=NOW) is None

    people_practising(organisation, 1, started_at=NOW - timedelta(days=29, hours=23), sessions_each=1)

    assert selectors.organisation_practice_summary(organisation, now=NOW) == {"people": 5, "minutes": 27, "days": 30}


def test_another_organisations_sessions_are_left_out(organisation, other_organisation):
    people_practising(organisation, 4)
    *_, also_here = people_practising(other_organisation, 5)
    # Someone in both organisations: what they logged while working in the other one is not this one's.
    MembershipFactory(organisation=organisation, user=also_here)
    record(also_here, organisation=other_organisation, started_at=NOW, actual=600)

    assert selectors.organisation_practice_summary(organisation, now=NOW) is None
    assert selectors.organisation_practice_summary(other_organisation, now=NOW) == {
        "people": 5,
        "minutes": 40,
        "days": 30,
    }


def test_an_organisation_with_enough_people_in_the_window_is_reported_however_many_sessions(organisation):
    people_practising(organisation, 5, sessions_each=1)
    people_practising(organisation, 2, started_at=NOW - timedelta(days=45))

    assert selectors.organisation_practice_summary(organisation, now=NOW) == {"people": 5, "minutes": 15, "days": 30}
