"""An .ics file's bytes made into one icalendar `Calendar`, or refused with a `CalendarUnreadable` in plain words
naming the line where known (pure: no Django). `starts_like_a_calendar` is the same first test, cheap enough for
the upload form to make before anything is saved. Used by `calendar_read`.
"""

from __future__ import annotations

import re

import icalendar

from attend.diary import calendar_zones
from attend.diary.calendar_common import CalendarUnreadable

_CONTENT_LINE_ERROR = re.compile(r"Content line could not be parsed into parts: '(.*?)'")


NOT_A_CALENDAR = "This file is not a calendar (.ics): it does not start with BEGIN:VCALENDAR."


_LEADING = b"\xef\xbb\xbf \t\r\n"


def starts_like_a_calendar(head: bytes, *, whole: bool) -> bool | None:
    """Whether a file's first bytes (`whole`: all of it) begin a calendar, as `parse_calendar` decides it; None
    when they are too few to tell. Cheap, so the upload form can refuse a file that is not a calendar before
    anything is saved."""
    text = head.lstrip(_LEADING)
    if len(text) < 15 and not whole:
        return None
    return text[:15].upper() == b"BEGIN:VCALENDAR"


def parse_calendar(data: bytes) -> icalendar.Calendar:
    if not data.lstrip(_LEADING)[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise CalendarUnreadable(NOT_A_CALENDAR)
    if b"END:VCALENDAR" not in data[-4096:].upper():
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        raise CalendarUnreadable("The file stops before the end of the calendar: it may have been cut short.", lines)
    data = calendar_zones.olson_zone_names(_utf8(data))
    try:
        calendar = _one_calendar(icalendar.Calendar.from_ical(data, multiple=True))
    except ValueError as error:
        raise _unparseable(error, data)
    except (TypeError, KeyError, AttributeError, IndexError):  # a damaged part the libraries trip over
        raise CalendarUnreadable(
            "This calendar could not be read: part of it is damaged. Try exporting it again."
        ) from None
    except OSError as error:  # zoneinfo raises IsADirectoryError for a folder of its database, such as "Europe"
        unknown = [
            raw
            for raw in calendar_zones.zone_names(data)
            if not calendar_zones.zone_known(calendar_zones.zone_name(raw))
        ]
        raise (
            _unknown_zone(unknown[0], data)
            if unknown
            else CalendarUnreadable(f"This calendar could not be read: {_short(error)}")
        )
    if not isinstance(calendar, icalendar.Calendar):
        raise CalendarUnreadable("This file is not a calendar (.ics).")
    return calendar


def _one_calendar(parsed: list) -> icalendar.Calendar | None:
    """Two calendars joined into one file (two exports concatenated) are read as one."""
    calendars = [part for part in parsed if isinstance(part, icalendar.Calendar)]
    if not calendars:
        return None
    for other in calendars[1:]:
        calendars[0].subcomponents.extend(other.subcomponents)
    return calendars[0]


def _utf8(data: bytes) -> bytes:
    """Older Outlook exports are Windows-1252, not UTF-8: read them as such rather than garble the titles."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")
    return data


def _unparseable(error: ValueError, data: bytes) -> CalendarUnreadable:
    text = str(error)
    bad_line = _CONTENT_LINE_ERROR.search(text)
    if bad_line:
        content = bad_line.group(1)
        return CalendarUnreadable(
            f"this line is not in calendar format: '{content[:60]}'.", _line_of_text(data, content)
        )
    if "no components" in text:
        return CalendarUnreadable("The file stops before the end of the calendar: it may have been cut short.")
    return CalendarUnreadable(f"This calendar could not be read: {_short(error)}")


def _unknown_zone(raw: bytes, data: bytes) -> CalendarUnreadable:
    return CalendarUnreadable(
        f"the time zone '{calendar_zones.zone_name(raw)}' is not one Attend knows.", _line_of_text(data, raw.decode())
    )


def _line_of_text(data: bytes, text: str) -> int | None:
    needle = text.encode()
    for number, line in enumerate(data.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _short(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:160]
