"""How Diary handles calendars written to take it down (issue 14): each is refused with a message or read and
analysed, within a budget of time and memory.

For each adversarial calendar: read_calendar over the stored window (34 weeks) then analyse, timed (CPU time of
this process) with its peak memory (tracemalloc). One line each: name, outcome (events read, or the message),
seconds, MB. The last line is `diary_hostile: worst_seconds=<x> worst_mb=<y> worst=<name>`
(targets: each within about 2 s and a few tens of MB). Seconds are from a run without tracemalloc.
Run: .venv/bin/python bench/diary_hostile.py
"""

import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from attend.diary.analysis import WorkPattern, analyse  # noqa: E402
from attend.diary.calendar_read import CalendarUnreadable, read_calendar  # noqa: E402

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
}


def run(data: bytes) -> str:
    try:
        events = read_calendar(data, zone=ZONE, start=START, end=END)
    except CalendarUnreadable as error:
        return f"refused: {error.message}"
    analyse(events, pattern=WorkPattern(zone=ZONE), start=START, end=END)
    return f"read {len(events):,} events"


def main() -> None:
    worst, worst_mb = (0.0, ""), 0.0
    for name, make in CALENDARS.items():
        data = make()
        started = time.process_time()
        outcome = run(data)
        seconds = time.process_time() - started
        tracemalloc.start()  # a second run for memory: tracing slows Python several times over
        run(data)
        peak_mb = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
        print(f"{name}: {len(data):,} bytes, {seconds:.2f} s, {peak_mb:.1f} MB, {outcome[:150]}", flush=True)
        worst, worst_mb = max(worst, (seconds, name)), max(worst_mb, peak_mb)
    print(f"diary_hostile: worst_seconds={worst[0]:.2f} worst_mb={worst_mb:.1f} worst={worst[1]}")


if __name__ == "__main__":
    main()
