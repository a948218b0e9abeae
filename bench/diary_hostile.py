"""How Diary handles calendars written to take it down (issue 14): each is refused with a message or read and
analysed, within a budget of time and memory; and how much work a page can be made to do by what was stored.

The floor, measured in the same run: reading and analysing an invented busy NHS manager's diary over the same
window (attend.demo.sample_calendar, about 1,500 occurrences in the 34 weeks kept): what an ordinary person
costs. For each adversarial calendar: read_calendar over the stored window (34 weeks) then analyse, timed (CPU
time of this process, best of two) with its peak memory (tracemalloc, a separate run). One line each: name,
outcome (events read, or the message), seconds, ratio to the floor, MB. Then the pages: the most a person can
store is MAX_EVENTS_A_DAY events on every day (all their calendars together); the week (Diary, Today) and the
12-week trend analyse that, against the analysis of the ordinary diary's 12 weeks.
The last line is `diary_hostile: worst_ratio=<x> worst_seconds=<s> worst_mb=<y> worst=<name>`
(targets: each within about 2 s and a few tens of MB).
Run: .venv/bin/python bench/diary_hostile.py
"""

import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from attend.demo.sample_calendar import busy_manager_calendar  # noqa: E402
from attend.diary.analysis import analyse  # noqa: E402
from attend.diary.calendar_bounds import MAX_EVENTS_A_DAY  # noqa: E402
from attend.diary.calendar_read import CalendarUnreadable, Event, read_calendar  # noqa: E402
from attend.diary.figures import WorkPattern  # noqa: E402

ZONE = ZoneInfo("Europe/London")
START, END = date(2025, 6, 2), date(2026, 1, 26)  # 26 weeks back and 8 ahead, as services.stored_window


def ics(events: list[list[str]]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Attend bench//EN"]
    for number, event in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:hostile-{number}@example.test", *event, "END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def one(*lines: str, start: str = "20251115T090000Z", end: str = "20251115T091500Z") -> bytes:
    return ics([["SUMMARY:Stand-up", f"DTSTART:{start}", f"DTEND:{end}", *lines]])


def overlapping(count: int, spread_minutes: int) -> bytes:
    first = datetime(2025, 11, 17, 8, tzinfo=UTC)
    return ics(
        [
            [
                f"SUMMARY:Clash {n}",
                f"DTSTART:{stamp(first + timedelta(minutes=n % spread_minutes))}",
                f"DTEND:{stamp(first + timedelta(minutes=n % spread_minutes + 60))}",
            ]
            for n in range(count)
        ]
    )


def many_rdates(count: int) -> bytes:
    first = datetime(2025, 7, 1, 9, tzinfo=UTC)
    dates = ",".join(stamp(first + timedelta(hours=n)) for n in range(count))
    return one(f"RDATE:{dates}")


def hourly_series(count: int) -> bytes:
    return ics(
        [
            [f"SUMMARY:Hourly {n}", "DTSTART:20250602T000000Z", "DTEND:20250602T001000Z", "RRULE:FREQ=HOURLY"]
            for n in range(count)
        ]
    )


def daily_since_1900(count: int) -> bytes:
    return ics(
        [
            [f"SUMMARY:Old {n}", "DTSTART:19000101T090000Z", "DTEND:19000101T100000Z", "RRULE:FREQ=DAILY"]
            for n in range(count)
        ]
    )


CALENDARS = {
    "minutely_count_20000": lambda: one("RRULE:FREQ=MINUTELY;COUNT=20000"),
    "daily_interval_0": lambda: one("RRULE:FREQ=DAILY;INTERVAL=0"),
    "minutely_count_200000": lambda: one("RRULE:FREQ=MINUTELY;COUNT=200000"),
    "secondly": lambda: one("RRULE:FREQ=SECONDLY"),
    "byminute_60_a_day": lambda: one("RRULE:FREQ=DAILY;BYMINUTE=" + ",".join(map(str, range(60)))),
    "year_9999": lambda: one(start="99991231T090000Z", end="99991231T100000Z"),
    "year_0001": lambda: one(start="00010101T090000Z", end="00010101T100000Z"),
    "ends_9999": lambda: one(end="99991231T100000Z"),
    "hourly_since_1900": lambda: one("RRULE:FREQ=HOURLY", start="19000101T090000Z", end="19000101T091500Z"),
    "hourly_4_series_in_window": lambda: hourly_series(4),
    "hourly_3_series_in_window": lambda: hourly_series(3),
    "overlapping_5000_one_week": lambda: overlapping(5000, 600),
    "same_hour_10000": lambda: overlapping(10_000, 1),
    "rdate_20001": lambda: many_rdates(20_001),
    "rdate_5000": lambda: many_rdates(5000),
    "daily_since_1900_x4": lambda: daily_since_1900(4),
    "daily_since_1900_x5": lambda: daily_since_1900(5),
    "never_matches_30_february": lambda: one("RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
    "monday_29_february_x60": lambda: ics(
        [
            [f"SUMMARY:Rare {n}", "DTSTART:20250301T090000Z", "DTEND:20250301T091500Z"]
            + ["RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"]
            for n in range(60)
        ]
    ),
}


def run(data: bytes) -> str:
    try:
        events = read_calendar(data, zone=ZONE, start=START, end=END)
    except CalendarUnreadable as error:
        return f"refused: {error.message}"
    analyse(events, pattern=WorkPattern(zone=ZONE), start=START, end=END)
    return f"read {len(events):,} events"


def at_the_limit(days: int) -> list[Event]:
    """MAX_EVENTS_A_DAY overlapping meetings on each of `days` days: the most a person's diary can hold."""
    first = datetime(2025, 11, 3, 8, tzinfo=UTC)
    return [
        Event(uid=f"full-{day}-{n}", title=f"Clash {n}", start=start, end=start + timedelta(minutes=45), attendees=12)
        for day in range(days)
        for n in range(MAX_EVENTS_A_DAY)
        for start in [first + timedelta(days=day, minutes=5 * n)]
    ]


def analysed(events: list[Event], days: int) -> str:
    monday = date(2025, 11, 3)
    analyse(events, pattern=WorkPattern(zone=ZONE), start=monday, end=monday + timedelta(days=days))
    return f"analysed {len(events):,} events"


def cpu_seconds(work, repeats: int = 2) -> tuple[float, str]:
    best, outcome = float("inf"), ""
    for _ in range(repeats):
        started = time.process_time()
        outcome = work()
        best = min(best, time.process_time() - started)
    return best, outcome


def peak_mb(work) -> float:
    tracemalloc.start()  # a separate run: tracing slows Python several times over
    work()
    peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    tracemalloc.stop()
    return peak


def report(name: str, work, floor: float, size: str) -> tuple[float, float, float]:
    seconds, outcome = cpu_seconds(work)
    megabytes = peak_mb(work)
    ratio = seconds / floor
    print(f"{name}: {size}, {seconds:.2f} s, {ratio:.1f}x floor, {megabytes:.1f} MB, {outcome[:150]}", flush=True)
    return ratio, seconds, megabytes


def main() -> None:
    ordinary = busy_manager_calendar(start=START, weeks=34)
    floor_seconds, floor_outcome = cpu_seconds(lambda: run(ordinary), repeats=3)
    ordinary_events = read_calendar(ordinary, zone=ZONE, start=date(2025, 11, 3), end=date(2026, 1, 26))
    page_floor, _ = cpu_seconds(lambda: analysed(ordinary_events, 84), repeats=3)
    print(f"floor (an ordinary busy diary): {len(ordinary):,} bytes, {floor_seconds:.2f} s, {floor_outcome}")
    print(f"page floor (its 12 weeks analysed): {len(ordinary_events):,} events, {page_floor:.3f} s")
    results = {}
    for name, make in CALENDARS.items():
        data = make()
        results[name] = report(name, lambda data=data: run(data), floor_seconds, f"{len(data):,} bytes")
    for name, days in (("page_week_at_the_limit", 7), ("page_trend_at_the_limit", 84)):
        events = at_the_limit(days)
        results[name] = report(name, lambda e=events, d=days: analysed(e, d), page_floor, f"{len(events):,} events")
    worst = max(results, key=lambda name: results[name][0])
    worst_seconds = max(seconds for _, seconds, _ in results.values())
    worst_mb = max(megabytes for _, _, megabytes in results.values())
    print(
        f"diary_hostile: worst_ratio={results[worst][0]:.1f} worst_seconds={worst_seconds:.2f} "
        f"worst_mb={worst_mb:.1f} worst={worst}"
    )


if __name__ == "__main__":
    main()
