"""What the calendar reader's modules share: the error a person sees, and the helpers that name a line."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo


class CalendarUnreadable(Exception):
    """The file is not a calendar we can read. `message` is plain English; `line` is 1-based or None."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


def line_of(data: bytes, name: str, value: str) -> int | None:
    """The first physical line that starts with property `name` and holds `value` (1-based)."""
    prefix = name.upper().encode()
    needle = value.encode()
    for number, line in enumerate(data.splitlines(), start=1):
        named = line[: len(prefix)].upper() == prefix and line[len(prefix) : len(prefix) + 1] in (b":", b";")
        if named and needle in line:
            return number
    return None


def aware(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), zone)
    if value.tzinfo is None:  # floating: "the same wall-clock time wherever you are", so the leader's zone
        return value.replace(tzinfo=zone)
    return value
