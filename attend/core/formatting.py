"""How Attend writes dates, times, durations, counts and spreadsheet cells: the one place for each.

NHS content style: "1 December 2026", "Tuesday 1 December", 24-hour "09:30" in tables and lists, "9:30am" in
sentences, "1 hour 30 minutes", "1 person" and "3 people". Every function takes plain values (dates, times,
numbers) and returns text; a caller localises an aware datetime first (`timezone.localtime`), so these stay pure.
`%-d` is avoided on purpose: it is a glibc extension that other platforms reject.

Each function but the CSV ones is also a Jinja filter of the same name (`{{ cohort.starts_on | long_date }}`,
`{{ people | counted("person", "people") }}`).
"""

import csv
import datetime
import io
from collections.abc import Iterable

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def long_date(day: datetime.date) -> str:
    """1 December 2026"""
    return f"{day.day} {day:%B %Y}"


def day_and_month(day: datetime.date) -> str:
    """1 December"""
    return f"{day.day} {day:%B}"


def month_and_year(day: datetime.date) -> str:
    """December 2026"""
    return f"{day:%B %Y}"


def short_date(day: datetime.date) -> str:
    """1 Dec 2026"""
    return f"{day.day} {day:%b %Y}"


def weekday_date(day: datetime.date, *, year: bool = False) -> str:
    """Tuesday 1 December, or Tuesday 1 December 2026 with `year`."""
    return f"{day:%A} {day.day} {day:%B}" + (f" {day:%Y}" if year else "")


def clock(moment: datetime.time | datetime.datetime) -> str:
    """09:30, the 24-hour clock for lists, tables and form hints."""
    return f"{moment:%H:%M}"


def weekday_date_time(moment: datetime.datetime, *, year: bool = False) -> str:
    """Tuesday 1 December, 09:30 (or Tuesday 1 December 2026, 09:30)."""
    return f"{weekday_date(moment, year=year)}, {clock(moment)}"


def date_time(moment: datetime.datetime) -> str:
    """1 December, 09:30"""
    return f"{day_and_month(moment)}, {clock(moment)}"


def short_date_time(moment: datetime.datetime) -> str:
    """1 Dec 2026, 09:30"""
    return f"{short_date(moment)}, {clock(moment)}"


def time_in_words(moment: datetime.time) -> str:
    """In a sentence, as NHS style has it: 9am, 11:30am, 2pm, midday."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    suffix = "am" if moment.hour < 12 else "pm"
    hour = moment.hour % 12 or 12
    return f"{hour}{suffix}" if not moment.minute else f"{hour}:{moment.minute:02d}{suffix}"


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """1 team, 2 teams, 3 people: a number with its noun, in plain English."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def duration(minutes: int) -> str:
    """45 minutes, 1 hour, 2 hours 30 minutes (a negative length reads as 0 minutes)."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    parts = [counted(hours, "hour")] if hours else []
    if rest or not hours:
        parts.append(counted(rest, "minute"))
    return " ".join(parts)


def csv_cell(value) -> str:
    """One cell a spreadsheet shows as text: None is empty, and text that a spreadsheet would run as a formula
    gets a leading apostrophe. Numbers are written as they are (a negative number is not a formula); text that
    only looks like a number ("-1", typed by someone) is guarded like any other text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    return str(value)


def csv_text(rows: Iterable[Iterable], *, header: Iterable[str] | None = None) -> str:
    """Rows as CSV text, every cell through `csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(list(header))
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


JINJA_FILTERS = {
    function.__name__: function
    for function in (
        long_date,
        day_and_month,
        month_and_year,
        short_date,
        weekday_date,
        clock,
        weekday_date_time,
        date_time,
        short_date_time,
        time_in_words,
        counted,
        duration,
    )
}
