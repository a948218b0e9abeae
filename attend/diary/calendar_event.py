"""One event as the Diary engine sees it (`Event`), made from one occurrence the calendar libraries expanded
(`event_from`: its times in UTC, whether it counts as busy and why not, its people and categories), and
`unique_events`, which drops the copies a calendar or several calendars hold (pure: no Django).

`calendar_read` reads a whole file into these; selectors add Connect conversations as events of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from attend.diary.calendar_common import aware


@dataclass(frozen=True)
class Event:
    """One occurrence of an event (a single event, or one instance of a recurring series).

    `start`/`end` are aware datetimes in UTC, so that subtracting them gives real durations across clock
    changes (all-day events run from local midnight to local midnight in the reader's zone).
    `busy` is False for cancelled, declined (by the owner), transparent (free), tentative and out-of-office
    events; `free_reason` then says which: "cancelled", "declined", "free", "tentative" or "away" (ADR 0010:
    tentative is shown apart and not counted as meeting load; out of office is neither meeting nor working
    time). `series_uid` is the UID of the series for recurring occurrences, else None. `attendees` counts
    ATTENDEE lines (the organiser is not added).
    """

    uid: str
    title: str
    start: datetime
    end: datetime
    all_day: bool = False
    busy: bool = True
    recurring: bool = False
    series_uid: str | None = None
    attendees: int = 0
    organiser: str | None = None
    status: str = "confirmed"  # "confirmed" | "tentative" | "cancelled"
    # None when busy; else "cancelled" | "declined" | "free" | "tentative" | "away" (out of office, leave)
    free_reason: str | None = None
    attendee_emails: tuple[str, ...] = ()  # lower case, without "mailto:" (for time with the team)
    categories: tuple[str, ...] = ()  # CATEGORIES, in order, at most MAX_CATEGORIES (shifts may be marked so)
    origin: str = "calendar"  # "calendar", or "connect" for a Connect conversation added by the selector

    @property
    def minutes(self) -> int:
        """Real minutes (across a clock change too: aware datetimes in one zone subtract as wall-clock times)."""
        return int(self.end.timestamp() - self.start.timestamp()) // 60

    def to_dict(self) -> dict:
        """JSON-ready (datetimes as ISO 8601 strings)."""
        return {
            "uid": self.uid,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "all_day": self.all_day,
            "busy": self.busy,
            "recurring": self.recurring,
            "series_uid": self.series_uid,
            "attendees": self.attendees,
            "organiser": self.organiser,
            "status": self.status,
            "free_reason": self.free_reason,
            "origin": self.origin,
        }


def unique_events(events: Iterable[Event]) -> list[Event]:
    """Duplicates dropped (the same UID and start, or the same start, end and title), in their first order.
    When copies differ, the busy one is kept: a meeting cancelled and booked again at the same time is still
    held. Events without a UID are told apart by start, end and title only (two different meetings without
    UIDs can start together)."""
    kept: dict[tuple, int] = {}
    unique: list[Event] = []
    for event in events:
        keys = [(event.start, event.end, event.title)]
        if event.uid:
            keys.append((event.uid, event.start))
        found = next((kept[key] for key in keys if key in kept), None)
        if found is None:
            for key in keys:
                kept[key] = len(unique)
            unique.append(event)
        elif event.busy and not unique[found].busy:
            unique[found] = event
            for key in keys:
                kept[key] = found
    return unique


def event_from(component, *, zone: ZoneInfo, recurring_uids: set[str], owners: set[str]) -> Event:
    start = component["DTSTART"].dt
    end_property = component.get("DTEND")
    end = end_property.dt if end_property is not None else None
    all_day = not isinstance(start, datetime)
    if end is None:  # RFC 5545: no DTEND means a day for a date, an instant for a date-time
        end = start + timedelta(days=1) if all_day else start
    start, end = aware(start, zone).astimezone(UTC), aware(end, zone).astimezone(UTC)
    uid = str(component.get("UID", ""))
    status = str(component.get("STATUS", "CONFIRMED")).lower()
    attendees = component.get("ATTENDEE") or []
    if not isinstance(attendees, list):  # icalendar gives one ATTENDEE alone, several as a list
        attendees = [attendees]
    free_reason = _free_reason(component, status, attendees, owners)
    recurring = uid in recurring_uids
    return Event(
        uid=uid,
        title=str(component.get("SUMMARY", "")).strip() or "(no title)",
        start=start,
        end=max(end, start),
        all_day=all_day,
        busy=free_reason is None,
        recurring=recurring,
        series_uid=uid if recurring else None,
        attendees=len(attendees),
        organiser=_person(component.get("ORGANIZER")),
        status=status,
        free_reason=free_reason,
        attendee_emails=tuple(sorted({_address(a) for a in attendees} - {""})),
        categories=_categories(component),
    )


MAX_CATEGORIES, MAX_CATEGORY_LENGTH = 10, 100


def _categories(component) -> tuple[str, ...]:
    """An event's category names, from every CATEGORIES line, each once, bounded (someone else's file)."""
    lines = component.get("CATEGORIES") or []
    if not isinstance(lines, list):  # icalendar gives one line alone, several as a list
        lines = [lines]
    names: list[str] = []
    for line in lines:
        for name in getattr(line, "cats", ()):
            name = str(name).strip()[:MAX_CATEGORY_LENGTH]
            if name and name not in names and len(names) < MAX_CATEGORIES:
                names.append(name)
    return tuple(names)


# Outlook and NHSmail say how an event shows the time (Free, Tentative, Busy, Out of office) in their own
# property; the standard one (TRANSP) only knows free or busy.
_OUTLOOK_STATUS = ("X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-INTENDEDSTATUS")


def _free_reason(component, status: str, attendees: list, owners: set[str]) -> str | None:
    """Why an event does not count as a meeting, or None when it does (docs/adr/0010-diary-engine.md)."""
    shown_as = next((str(component[name]).strip().upper() for name in _OUTLOOK_STATUS if name in component), "")
    if status == "cancelled":
        return "cancelled"
    if owners and _declined(attendees, owners):
        return "declined"
    if shown_as == "OOF":
        return "away"
    if shown_as == "FREE" or str(component.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return "free"
    if status == "tentative" or shown_as == "TENTATIVE":
        return "tentative"
    return None


def _address(attendee) -> str:
    return str(attendee).strip().lower().removeprefix("mailto:")


def _declined(attendees: list, owners: set[str]) -> bool:
    for attendee in attendees:
        if str(attendee).lower().removeprefix("mailto:") in owners:
            return str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"
    return False


def _person(address) -> str | None:
    if address is None:
        return None
    name = address.params.get("CN") if hasattr(address, "params") else None
    return str(name) if name else str(address).removeprefix("mailto:").removeprefix("MAILTO:")
