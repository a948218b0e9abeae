"""Diary's invented demo data: the demo leader's busy NHS manager's calendar, from 12 weeks before this
week to 4 weeks after it, so the report shows this week and its trend. No real person or meeting.

`calendar_weeks` and `calendar_load` are how every demo calendar is made (the ward manager's rota diary in
`rota` too): the same weeks, uploaded and read at once."""

import datetime
import zoneinfo

from django.utils import timezone

from attend.accounts.models import User
from attend.demo.sample_calendar import OWNER_EMAIL, busy_manager_calendar
from attend.diary import services
from attend.diary.models import DiaryCalendar, DiaryImport

DEMO_LEADER = "leader@northfield.example"
WEEKS_BEFORE = 12
WEEKS_AFTER = 4


def calendar_weeks(owner) -> tuple[datetime.date, int]:
    """The Monday WEEKS_BEFORE weeks before this week (in the owner's zone), and how many weeks a demo calendar
    covers from it: those, this week and WEEKS_AFTER more."""
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(owner.time_zone))
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=WEEKS_BEFORE), WEEKS_BEFORE + 1 + WEEKS_AFTER


def calendar_load(owner, data: bytes, *, name: str, file_name: str) -> DiaryImport:
    """The calendar's bytes as the owner's uploaded calendar `name`, read now rather than by the worker."""
    calendar = services.diary_calendar_create(owner=owner, source=DiaryCalendar.Source.UPLOAD, name=name)
    return services.diary_import_start(calendar=calendar, data=data, file_name=file_name, run_now=True)


def load() -> str:
    leader = User.objects.filter(email=DEMO_LEADER).first()
    if leader is None:
        return "Diary: no demo leader to load a calendar for."
    if leader.diary_calendars.exists():
        return "Demo diary is already loaded."
    first, weeks = calendar_weeks(leader)
    data = busy_manager_calendar(start=first, weeks=weeks, zone=leader.time_zone)
    # The sample's owner declines some meetings: make those the demo leader's own replies.
    data = data.replace(OWNER_EMAIL.encode(), leader.email.encode())
    diary_import = calendar_load(leader, data, name="Work calendar (demo)", file_name="demo-calendar.ics")
    if diary_import.state != DiaryImport.State.DONE:
        return f"Diary: the demo calendar could not be read: {diary_import.message}"
    return f"Loaded a demo diary of {diary_import.events_total:,} events for {leader.name}."
