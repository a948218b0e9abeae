"""Shifts read from the person's calendar (a working pattern of the `calendar` kind), against the database:
the events their title rules name are working time, not meetings, and Nudges reads them through Diary."""

import datetime
import html

import pytest
import time_machine
from django.urls import reverse

from attend.accounts import working_pattern as wp
from attend.accounts.working_time import schedule_for
from attend.diary import selectors
from attend.diary.tests.support import at, calendar_with, ics, this_monday
from attend.nudges import rules
from attend.nudges.services import working_pattern

pytestmark = pytest.mark.django_db


def test_events_titled_as_shifts_are_working_time_and_never_meetings(leader):
    person = leader.user
    person.working_pattern = wp.to_stored(wp.Pattern(kind=wp.CALENDAR, rules=("Night", "LD")))
    person.save()
    monday = this_monday()
    tuesday, wednesday = monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=2)
    calendar_with(
        person,
        ics(
            [
                ("LD", at(monday, 7, 30), at(monday, 20)),
                ("Night shift", at(tuesday, 19, 30), at(wednesday, 8)),
                ("Bed meeting", at(wednesday, 2), at(wednesday, 2, 30)),
                ("Governance", at(wednesday, 14), at(wednesday, 15)),
            ]
        ),
    )

    schedule = schedule_for(person, start=monday, end=monday + datetime.timedelta(days=7))
    assert [(s.name, s.night) for s in schedule.shifts] == [("LD", False), ("Night shift", True)]
    days = selectors.week_report(person, monday).days
    assert [d.working_minutes for d in days[:3]] == [750, 750, 0]
    assert days[0].meeting_minutes == 0  # the long day itself is not a meeting
    assert days[1].meeting_minutes == 30  # the 2am bed meeting, on the night's day
    assert days[2].weekend_minutes == 60  # governance in the rest after the night
    pattern = working_pattern(person, at(wednesday, 11))
    assert rules.is_quiet(at(wednesday, 11), pattern)
    assert not rules.is_quiet(at(wednesday, 3), pattern)


def test_todays_diary_card_leaves_someone_resting_after_a_night_alone(leader, leader_client):
    # Wednesday 9 December 2026 is a night; Thursday morning is rest after it.
    wednesday = datetime.date(2026, 12, 9)
    thursday = wednesday + datetime.timedelta(days=1)
    person = leader.user
    night = wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=wednesday, rota=(("N",) + (None,) * 6,))
    person.working_pattern = wp.to_stored(night)
    person.save()
    with time_machine.travel(at(wednesday, 8), tick=False):
        calendar_with(person, ics([("Site meeting", at(wednesday, 21), at(wednesday, 22))]))

    def today_page(moment) -> str:
        with time_machine.travel(moment, tick=False):
            leader_client.force_login(person)
            return html.unescape(leader_client.get(reverse("core:today")).content.decode())

    resting = "You are resting after a night shift. Your diary will be here when you are back."
    assert resting in today_page(at(thursday, 11))
    during_the_night = today_page(at(wednesday, 23))
    assert "Diary" in during_the_night
    assert "You are resting" not in during_the_night and "day off" not in during_the_night


def test_events_whose_category_names_a_shift_are_working_time_and_never_meetings(leader):
    """An e-rostering export that titles every shift "Shift" and names it in CATEGORIES."""
    person = leader.user
    person.working_pattern = wp.to_stored(wp.Pattern(kind=wp.CALENDAR, rules=("Long day",)))
    person.save()
    monday = this_monday()
    data = ics([("Shift", at(monday, 7, 30), at(monday, 20)), ("Budget", at(monday, 10), at(monday, 11))])
    calendar_with(person, data.replace(b"SUMMARY:Shift\r\n", b"SUMMARY:Shift\r\nCATEGORIES:Long day\r\n"))

    schedule = schedule_for(person, start=monday, end=monday + datetime.timedelta(days=1))
    assert [s.name for s in schedule.shifts] == ["Shift"]
    [day] = selectors.week_report(person, monday).days[:1]
    assert (day.working_minutes, day.meeting_minutes) == (750, 60)  # the shift is work, the budget a meeting
