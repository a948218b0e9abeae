"""An invented ward manager's calendar to match a 4-week rota of long days and nights (pure, deterministic).

The meetings follow the shifts, as a nurse in charge's do: a safety huddle and a bed meeting on each long
day, a ward round or a 1:1 most long days, a night site meeting and a 2am bed meeting on each night; and the
meetings that land on rest days anyway (training, governance the day after a night), which is what Diary's
figures and proposals should make visible. No real person or meeting.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from attend.accounts import working_pattern as wp
from attend.demo.sample_calendar import DOMAIN, _fold, _stamp, _vtimezone

# Mon..Sun for four weeks; never a day shift the morning after a night.
WARD_ROTA: tuple[tuple[str | None, ...], ...] = (
    (None, "LD", "LD", None, "N", "N", None),
    (None, None, "LD", None, None, "LD", "LD"),
    ("LD", None, None, "N", "N", None, None),
    (None, "LD", None, None, "LD", None, "N"),
)

# (title, start, minutes, attendees)
_LONG_DAY = (
    ("Safety huddle", time(8, 0), 15, 12),
    ("Bed meeting", time(10, 0), 30, 8),
    ("Staffing call", time(16, 0), 15, 6),
)
_LONG_DAY_SOME = (
    ("Ward round with consultant", time(11, 0), 75, 5),
    ("1:1 with matron", time(14, 0), 30, 2),
    ("Discharge planning", time(13, 0), 45, 6),
    ("Incident review", time(15, 0), 60, 7),
)
_NIGHT = (
    ("Night site meeting", time(21, 30), 30, 6),
    ("Bed meeting (night)", time(2, 0), 15, 5),
)
_REST_DAY = (
    ("Mandatory training: manual handling", time(9, 0), 180, 14),
    ("Ward governance meeting", time(14, 0), 60, 9),
    ("Appraisal with matron", time(11, 0), 60, 2),
)


def ward_manager_calendar(
    *, start: date, weeks: int, rota_starts_on: date, zone: str = "Europe/London", seed: int = 11
) -> bytes:
    """`weeks` weeks of meetings from `start` for someone on WARD_ROTA from `rota_starts_on`."""
    rng = random.Random(seed)
    pattern = wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=rota_starts_on, rota=WARD_ROTA)
    events: list[tuple[str, datetime, int, int]] = []
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        code = wp.rota_code(pattern, day)
        before = wp.rota_code(pattern, day - timedelta(days=1))
        if code == "LD":
            events += [(title, datetime.combine(day, at), minutes, people) for title, at, minutes, people in _LONG_DAY]
            for title, at, minutes, people in rng.sample(_LONG_DAY_SOME, 2):
                events.append((title, datetime.combine(day, at), minutes, people))
        elif code == "N":
            title, at, minutes, people = _NIGHT[0]
            events.append((title, datetime.combine(day, at), minutes, people))
            title, at, minutes, people = _NIGHT[1]
            events.append((title, datetime.combine(day + timedelta(days=1), at), minutes, people))
        elif before == "N" and rng.random() < 0.5:
            title, at, minutes, people = _REST_DAY[1]  # governance the afternoon after a night
            events.append((title, datetime.combine(day, at), minutes, people))
        elif code is None and rng.random() < 0.12:
            title, at, minutes, people = rng.choice((_REST_DAY[0], _REST_DAY[2]))
            events.append((title, datetime.combine(day, at), minutes, people))
    return _ics(events, zone=zone, first=start, last=start + timedelta(weeks=weeks))


def _ics(events: list[tuple[str, datetime, int, int]], *, zone: str, first: date, last: date) -> bytes:
    stamp = first.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Attend//Sample ward manager//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Ward diary",
        _vtimezone(zone, first, last),
    ]
    for serial, (title, begin, minutes, people) in enumerate(events, start=1):
        finish = begin + timedelta(minutes=minutes)
        lines += [
            "BEGIN:VEVENT",
            f"UID:ward-{serial}@{DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"SUMMARY:{title}",
            f"DTSTART;TZID={zone}:{_stamp(begin)}",
            f"DTEND;TZID={zone}:{_stamp(finish)}",
            "ORGANIZER;CN=Colleague 1:mailto:colleague1@trust.example",
            *[
                f"ATTENDEE;CN=Colleague {n};PARTSTAT=ACCEPTED:mailto:colleague{n}@trust.example"
                for n in range(2, people + 1)
            ],
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for text in lines for line in text.split("\n")) + "\r\n").encode()
