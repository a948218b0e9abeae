"""The ward manager's demo: a 4-week rota of long days and nights, and a ward diary whose figures and
proposals follow it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from attend.accounts.models import User
from attend.accounts.working_time import pattern_of, schedule_for
from attend.demo import organisations as organisations_demo
from attend.demo import rota as demo
from attend.demo.sample_rota_calendar import WARD_ROTA, ward_manager_calendar
from attend.diary import selectors
from attend.diary.calendar_read import read_calendar

pytestmark = pytest.mark.django_db


def test_the_sample_ward_diary_is_the_same_each_time_and_readable():
    start = datetime.date(2026, 10, 5)
    data = ward_manager_calendar(start=start, weeks=4, rota_starts_on=start)
    assert data == ward_manager_calendar(start=start, weeks=4, rota_starts_on=start)
    events = read_calendar(data, zone=ZoneInfo("Europe/London"), start=start, end=start + datetime.timedelta(weeks=4))
    assert len(events) > 40
    assert any(e.title == "Bed meeting (night)" for e in events)


def test_no_rota_day_shift_starts_the_morning_a_night_ends():
    days = [code for week in WARD_ROTA for code in week]
    assert all(not (days[i - 1] == "N" and days[i] == "LD") for i in range(len(days)))


def test_the_ward_manager_works_a_rota_and_their_diary_follows_it():
    organisations_demo.load()
    manager = User.objects.get(email=demo.WARD_MANAGER)

    assert demo.load().startswith("Loaded a 4-week rota")

    manager.refresh_from_db()
    assert pattern_of(manager).kind == "rota"
    monday = selectors.monday_of(selectors.today_for(manager))
    report = selectors.week_report(manager, monday)
    schedule = schedule_for(manager, start=monday, end=monday + datetime.timedelta(days=7))
    assert [day.working_day for day in report.days] == [bool(schedule.shifts_on(day.day)) for day in report.days]
    assert {day.working_minutes for day in report.days if day.working_day} <= {750, 720, 810}  # clock changes
    plan = selectors.protected_plan(manager, monday, now=timezone.now() - datetime.timedelta(days=7))
    wider = schedule_for(manager, start=monday - datetime.timedelta(days=1), end=monday + datetime.timedelta(days=8))
    assert plan.proposals
    assert all(wider.is_working(p.start) and not wider.is_rest(p.start) for p in plan.proposals)
    assert demo.load() == "Demo rota is already loaded."
