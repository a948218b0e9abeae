"""What more than one of Diary's writes uses: the weeks of events Attend keeps, and how often a linked
calendar is read again.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

WEEKS_BEFORE = 26  # stored window: half a year back, for the 12-week trend and more
WEEKS_AFTER = 8  # and two months ahead, for protected time


def refresh_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "DIARY_REFRESH_SECONDS", 4 * 60 * 60))


def stored_window(user, *, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """[start, end) of the events Attend keeps, in the person's own zone: whole weeks, Monday first."""
    today = today or timezone.localdate(timezone=zoneinfo.ZoneInfo(user.time_zone))
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=WEEKS_BEFORE), monday + datetime.timedelta(weeks=WEEKS_AFTER)
