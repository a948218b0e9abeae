"""Calendars for Diary's tests: small .ics files written here, and a leader's diary made through services.

Also Diary's private things, as URL arguments for the role-by-URL matrix and the axe page sweep.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone

from attend.diary import services
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.proposals import Proposal

LONDON = zoneinfo.ZoneInfo("Europe/London")


def ics(events: list[tuple[str, datetime.datetime, datetime.datetime]], *, uid_prefix: str = "test") -> bytes:
    """A VCALENDAR with one VEVENT per (title, start, end); times written in UTC."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Attend tests//EN"]
    for index, (title, start, end) in enumerate(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_prefix}-{index}@example.org",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART:{start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
            f"DTEND:{end.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{title}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def this_monday(zone: zoneinfo.ZoneInfo = LONDON) -> datetime.date:
    today = timezone.localdate(timezone=zone)
    return today - datetime.timedelta(days=today.weekday())


def at(day: datetime.date, hour: int, minute: int = 0, zone: zoneinfo.ZoneInfo = LONDON) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def busy_week(
    monday: datetime.date, *, prefix: str = "Meeting"
) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    """Tuesday back to back from 9 to 15:00; a meeting or two on the other weekdays."""
    tuesday = monday + datetime.timedelta(days=1)
    events = [(f"{prefix} {hour}", at(tuesday, hour), at(tuesday, hour + 1)) for hour in range(9, 15)]
    for offset in (0, 2, 3, 4):
        day = monday + datetime.timedelta(days=offset)
        events.append((f"{prefix} huddle", at(day, 9), at(day, 9, 30)))
        events.append((f"{prefix} review", at(day, 14), at(day, 15)))
    return events


def calendar_with(owner, data: bytes, *, name: str = "Work calendar") -> tuple[DiaryCalendar, DiaryImport]:
    calendar = services.diary_calendar_create(owner=owner, source=DiaryCalendar.Source.UPLOAD, name=name)
    diary_import = services.diary_import_start(calendar=calendar, data=data, file_name="work.ics", run_now=True)
    if DiaryCalendar.objects.filter(pk=calendar.pk).exists():  # a failed first import removes its new calendar
        calendar.refresh_from_db()
    return calendar, diary_import


def leader_diary(owner) -> tuple[DiaryCalendar, DiaryImport]:
    """The owner's calendar with a busy week, and one chosen protected-time block."""
    monday = this_monday(zoneinfo.ZoneInfo(owner.time_zone))
    calendar, diary_import = calendar_with(owner, ics(busy_week(monday)))
    friday = monday + datetime.timedelta(days=4)
    block = Proposal(
        key=f"reflect-{friday.isoformat()}T16:00",
        kind="reflect",
        title="Reflection time",
        start=at(friday, 16),
        end=at(friday, 16, 30),
        reason="A quiet end to the week.",
        link="/reflect/new/",
    )
    services.protected_time_choose(owner=owner, offered=[block], chosen_keys=[block.key])
    return calendar, diary_import


def private_things(*, leader, member, facilitator, org_admin) -> dict:
    """The leader's calendar (a few events this week), its import and a chosen protected-time block."""
    calendar, diary_import = leader_diary(leader.user)
    # "figure": the list of long meetings behind the week's figure (only someone with a diary opens one).
    return {"diary_calendar_id": calendar.pk, "diary_import_id": diary_import.pk, "figure": "long"}
