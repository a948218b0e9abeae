"""Diary's invented demo data: the demo leader's busy NHS manager's calendar, from 12 weeks before this
week to 4 weeks after it, so the report shows this week and its trend. No real person or meeting."""

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


def load() -> str:
    leader = User.objects.filter(email=DEMO_LEADER).first()
    if leader is None:
        return "Diary: no demo leader to load a calendar for."
    if leader.diary_calendars.exists():
        return "Demo diary is already loaded."
    zone = zoneinfo.ZoneInfo(leader.time_zone)
    today = timezone.localdate(timezone=zone)
    monday = today - datetime.timedelta(days=today.weekday())
    data = busy_manager_calendar(
        start=monday - datetime.timedelta(weeks=WEEKS_BEFORE), weeks=WEEKS_BEFORE + 1 + WEEKS_AFTER, zone=str(zone)
    )
    # The sample's owner declines some meetings: make those the demo leader's own replies.
    data = data.replace(OWNER_EMAIL.encode(), leader.email.encode())
    calendar = services.diary_calendar_create(
        owner=leader, source=DiaryCalendar.Source.UPLOAD, name="Work calendar (demo)"
    )
    diary_import = services.diary_import_start(
        calendar=calendar, data=data, file_name="demo-calendar.ics", run_now=True
    )
    if diary_import.state != DiaryImport.State.DONE:
        return f"Diary: the demo calendar could not be read: {diary_import.message}"
    return f"Loaded a demo diary of {diary_import.events_total:,} events for {leader.name}."
