"""A person's working pattern and schedule, read from their account: the one door every module uses.

`schedule_for(user, start=..., end=...)` gives the `working_pattern.Schedule` for local dates [start, end):
working intervals (shifts), rest after nights, and quiet time, as UTC datetimes. Shifts read from a calendar
come from Diary through `CALENDAR_SHIFTS` (a dotted path, imported when needed: Diary sits above accounts).
"""

import datetime
import zoneinfo

from django.utils.module_loading import import_string

from attend.accounts import working_pattern as wp

CALENDAR_SHIFTS = "attend.diary.selectors.calendar_shifts"


def zone_of(user) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(user.time_zone)


def pattern_of(user) -> wp.Pattern:
    return wp.from_stored(
        user.working_pattern, days=user.working_days, starts=user.working_day_start, ends=user.working_day_end
    )


def schedule_for(user, *, start: datetime.date, end: datetime.date, pattern: wp.Pattern | None = None) -> wp.Schedule:
    """The person's working, rest and quiet time for local dates [start, end)."""
    pattern = pattern or pattern_of(user)
    calendar = ()
    if pattern.kind == wp.CALENDAR:
        calendar = import_string(CALENDAR_SHIFTS)(user, start - datetime.timedelta(days=1), end)
    return wp.schedule(pattern, start=start, end=end, zone=zone_of(user), calendar=calendar)


def schedule_around(user, moment: datetime.datetime, *, days_before: int = 15, days_after: int = 2) -> wp.Schedule:
    """The schedule for the local days around `moment` (what quiet hours and the digest look at)."""
    today = moment.astimezone(zone_of(user)).date()
    return schedule_for(
        user, start=today - datetime.timedelta(days=days_before), end=today + datetime.timedelta(days=days_after)
    )
