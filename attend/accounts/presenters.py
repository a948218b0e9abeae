"""What the working-pattern pages show: a summary of the pattern, and the one-off changes as rows."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from attend.accounts import working_pattern as wp
from attend.accounts.models import WEEKDAYS
from attend.core.formatting import clock, counted, weekday_date

DAY_NAMES = dict(WEEKDAYS)
CHANGE_WORDS = {wp.SWAP: "Different shift", wp.EXTRA: "Extra shift", wp.LEAVE: "Leave"}


def today_for(user) -> datetime.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(user.time_zone))


def next_monday(user) -> datetime.date:
    today = today_for(user)
    return today + datetime.timedelta(days=(7 - today.weekday()) % 7)


def _row(key: str, value: str, href: str | None = None, hidden: str = "") -> dict:
    row = {"key": {"text": key}, "value": {"text": value}}
    if href:
        row["actions"] = {"items": [{"href": href, "text": "Change", "visuallyHiddenText": hidden or key.lower()}]}
    return row


def pattern_summary(pattern: wp.Pattern) -> list[dict]:
    """Summary-list rows for the pattern in force."""
    rows = []
    if pattern.kind == wp.FIXED:
        days = ", ".join(DAY_NAMES[day] for day in sorted(pattern.days)) or "None"
        rows.append(_row("Working days", days, reverse("accounts:account"), "working days and hours"))
        rows.append(_row("Working hours", f"{clock(pattern.starts)} to {clock(pattern.ends)}"))
    if pattern.kind == wp.ROTA:
        value = (
            f"{counted(len(pattern.rota), 'week')}, starting {weekday_date(pattern.rota_starts_on, year=True)}"
            if pattern.rota and pattern.rota_starts_on
            else "Not set yet"
        )
        rows.append(_row("Rota", value, reverse("accounts:working_pattern_rota"), "rota"))
    if pattern.kind == wp.CALENDAR:
        rows.append(
            _row(
                "Event titles that mark a shift",
                ", ".join(pattern.rules) or "None yet",
                reverse("accounts:working_pattern_calendar"),
                "event titles that mark a shift",
            )
        )
    if pattern.kind != wp.FIXED:
        names = "; ".join(
            f"{shift.code} {shift.name}, {clock(shift.starts)} to {clock(shift.ends)}"
            for shift in pattern.shifts or wp.NHS_SHIFTS
        )
        rows.append(_row("Shifts", names, reverse("accounts:working_pattern_shifts"), "shifts"))
        hours = round(pattern.rest_after_night.total_seconds() / 3600)
        rows.append(_row("Rest after a night", f"{counted(hours, 'hour')} from the end of the night"))
    rows.append(
        _row(
            "One-off changes",
            counted(len(pattern.changes), "change"),
            reverse("accounts:working_pattern_changes"),
            "one-off changes",
        )
    )
    return rows


@dataclass(frozen=True)
class ChangeRow:
    on: datetime.date
    kind: str
    day: str
    what: str


def change_rows(pattern: wp.Pattern, today: datetime.date) -> list[ChangeRow]:
    """The changes from a week ago on, soonest first (at most wp.MOST_CHANGES are ever kept)."""
    rows = []
    for change in sorted(pattern.changes, key=lambda c: (c.on, c.kind)):
        if change.on < today - datetime.timedelta(days=7):
            continue
        shift = pattern.shift(change.shift)
        what = CHANGE_WORDS[change.kind]
        if change.kind != wp.LEAVE:
            what += f": {shift.name}, {clock(shift.starts)} to {clock(shift.ends)}" if shift else ": rest"
        rows.append(ChangeRow(on=change.on, kind=change.kind, day=weekday_date(change.on, year=True), what=what))
    return rows
