"""How fast Diary reads and analyses a busy year, against the floor of the two calendar libraries alone.

Generates an invented busy NHS manager's year (attend.demo.sample_calendar: 3,000+ occurrences, 200 recurring
series with moved, cancelled, excluded and extra instances, four time zones). Times Diary's import and analysis
(`read_calendar` then `analyse`) and, on the same bytes, the floor: icalendar parsing plus recurring-ical-events
expanding the same range, nothing else. Then does the same for five years (5x the events) to show growth: five,
not ten, since Diary refuses a calendar of over MAX_OCCURRENCES (20,000) occurrences in its window, and a busy
decade holds about 30,000.
Times are this process's CPU time (the machines are shared: wall time would count other jobs' turns), the
best of a few runs, floor and Diary interleaved. A second line shows the ratio on the same year with
Outlook's Windows zone names replaced: Diary's own overhead without the speed-up its zone renaming gives.
The last line is `diary: ratio=<x> growth=<y>`:
ratio = import+analyse / floor for one year (target <= 1.5); growth = time for 5x / time for 1x (target <= 5.5).
Run: .venv/bin/python bench/diary.py [repeats]
"""

import gc
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import icalendar  # noqa: E402
import recurring_ical_events  # noqa: E402

from attend.demo.sample_calendar import OWNER_EMAIL, busy_manager_calendar  # noqa: E402
from attend.diary.analysis import analyse  # noqa: E402
from attend.diary.calendar_read import read_calendar  # noqa: E402
from attend.diary.figures import WorkPattern  # noqa: E402

ZONE = ZoneInfo("Europe/London")
START = date(2026, 1, 5)
GROWTH_YEARS = 5  # the most years of the busy sample under Diary's limit on occurrences (calendar_bounds)


def floor(data: bytes, end: date) -> int:
    calendar = icalendar.Calendar.from_ical(data)
    return len(recurring_ical_events.of(calendar).between(START, end))


def diary(data: bytes, end: date) -> int:
    events = read_calendar(data, zone=ZONE, start=START, end=end, owner_emails=[OWNER_EMAIL])
    analyse(events, pattern=WorkPattern(zone=ZONE), start=START, end=end)
    return len(events)


def timed(function, data: bytes, end: date) -> tuple[float, int]:
    gc.collect()  # each run starts from the same clean heap, whatever ran before it
    started = time.process_time()
    result = function(data, end)
    return time.process_time() - started, result


def best_pair(data: bytes, end: date, repeats: int) -> tuple[float, float, int, int]:
    """Best floor and best Diary time, runs interleaved so a busy machine slows both alike."""
    floors, diaries, floor_count, events = [], [], 0, 0
    for _ in range(repeats):
        elapsed, floor_count = timed(floor, data, end)
        floors.append(elapsed)
        elapsed, events = timed(diary, data, end)
        diaries.append(elapsed)
    return min(floors), min(diaries), floor_count, events


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    year_end = START + timedelta(weeks=52)
    year = busy_manager_calendar(start=START, weeks=52)
    floor_time, diary_time, floor_count, events = best_pair(year, year_end, repeats)
    print(
        f"one year: {year.count(b'BEGIN:VEVENT'):,} VEVENTs ({year.count(b'RRULE:')} series), "
        f"{events:,} occurrences ({floor_count:,} from the floor); floor {floor_time:.2f} s, "
        f"import+analyse {diary_time:.2f} s"
    )
    # Outlook's "GMT Standard Time" is renamed by the reader (see calendar_zones.olson_zone_names), which is
    # much faster than the floor's reading of its 1601 rules; without it, this is Diary's own overhead.
    plain = year.replace(b"GMT Standard Time", b"Europe/London")
    plain_floor, plain_diary, _, _ = best_pair(plain, year_end, repeats)
    print(
        f"same year without Windows zone names: floor {plain_floor:.2f} s, import+analyse {plain_diary:.2f} s "
        f"(ratio {plain_diary / plain_floor:.2f})"
    )
    long_end = START + timedelta(weeks=52 * GROWTH_YEARS)
    long = busy_manager_calendar(start=START, weeks=52 * GROWTH_YEARS)
    long_floor, long_time, _, _ = best_pair(long, long_end, min(2, repeats))
    print(
        f"{GROWTH_YEARS} years: {long.count(b'BEGIN:VEVENT'):,} VEVENTs; floor {long_floor:.2f} s "
        f"(grew {long_floor / floor_time:.1f}x), import+analyse {long_time:.2f} s"
    )
    print(f"diary: ratio={diary_time / floor_time:.2f} growth={long_time / diary_time:.1f}")


if __name__ == "__main__":
    main()
