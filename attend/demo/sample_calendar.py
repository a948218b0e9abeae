"""An invented, busy NHS manager's calendar as .ics bytes (pure, deterministic for a seed and start).

Used by the demo loader, the benchmark and tests. Titles are invented; no real people. The text is written
directly (not through icalendar) so that generating the benchmark's ten-year file takes well under a second.

The shape of a week: a daily safety huddle, a Monday operations meeting, weekly 1:1s, a fortnightly team
meeting over lunch, a monthly board and committees, short project series (some with a partner in New York,
some sent from Outlook with "GMT Standard Time", some in UTC), and one-off meetings that fill most gaps;
one day in three is back to back. Series have moved, cancelled, excluded and extra occurrences. A few
events are free (TRANSP:TRANSPARENT), declined by the owner, or cancelled, and there are leave days.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import icalendar
from dateutil.rrule import rrulestr

OWNER_EMAIL = "you@trust.example"
OWNER_NAME = "You"
DOMAIN = "sample.attend.example"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")

_OUTLOOK_ZONE = """BEGIN:VTIMEZONE
TZID:GMT Standard Time
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T010000
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""

# (title, weekday or None for every weekday, start "HHMM", minutes, attendees, rule)
_STANDING = (
    ("Safety huddle", None, "0845", 15, 12, "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"),
    ("Operations meeting", 0, "0900", 60, 9, "FREQ=WEEKLY"),
    ("Bed meeting", 0, "1200", 30, 8, "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
    ("1:1 with deputy manager", 1, "1000", 30, 2, "FREQ=WEEKLY"),
    ("1:1 with ward sister (days)", 1, "1030", 30, 2, "FREQ=WEEKLY"),
    ("1:1 with ward sister (nights)", 3, "1600", 30, 2, "FREQ=WEEKLY"),
    ("1:1 with practice educator", 3, "1400", 30, 2, "FREQ=WEEKLY;INTERVAL=2"),
    ("1:1 with operations lead", 4, "1100", 45, 2, "FREQ=WEEKLY"),
    ("1:1 with my line manager", 2, "1530", 60, 2, "FREQ=WEEKLY;INTERVAL=2"),
    ("Team meeting", 2, "1230", 60, 11, "FREQ=WEEKLY;INTERVAL=2"),
    ("Trust board", 3, "0930", 180, 16, "FREQ=MONTHLY;BYDAY=1TH"),
    ("Quality and safety committee", 1, "1400", 120, 10, "FREQ=MONTHLY;BYDAY=2TU"),
    ("Finance and performance review", 2, "0930", 90, 9, "FREQ=MONTHLY;BYDAY=3WE"),
    ("Workforce planning group", 4, "1400", 60, 8, "FREQ=MONTHLY;BYDAY=-1FR"),
    ("Staff side partnership forum", 0, "1400", 60, 8, "FREQ=MONTHLY;BYDAY=2MO"),
)
_PROJECTS = (
    "Discharge improvement check-in",
    "Rota redesign working group",
    "Falls prevention project",
    "Estates: ward refurbishment",
    "Digital notes roll-out",
    "Recruitment open day planning",
    "Patient experience review",
    "Winter plan check-in",
    "Flow and capacity task group",
    "Infection prevention audit",
    "Leadership programme cohort",
    "Volunteer service review",
    "Medicines safety group",
    "Theatre scheduling project",
    "Health and wellbeing steering group",
)
_ONE_OFF = (
    "Catch-up with matron",
    "Incident review",
    "Complaint response meeting",
    "Interview panel",
    "Budget query",
    "Walk-round with estates",
    "Meeting with patient safety lead",
    "Call with commissioning team",
    "Policy sign-off",
    "Supervision",
    "Induction welcome",
    "Student placement review",
    "Service visit",
    "Escalation call",
    "Agency staffing review",
    "Data quality check",
    "Coaching session",
    "Governance huddle",
)


def busy_manager_calendar(
    *, start: date, weeks: int, seed: int = 7, zone: str = "Europe/London", scale: int = 1
) -> bytes:
    """`weeks` weeks from the Monday on or before `start`: recurring series (with moved, cancelled, excluded
    and extra instances), one-off meetings, back-to-back days, board meetings, huddles and 1:1s.
    `scale` lays that many invented diaries over each other (more events, same shape)."""
    monday = start - timedelta(days=start.weekday())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Attend//Sample busy manager//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Sample diary",
    ]
    last = monday + timedelta(weeks=weeks + 1)
    for tzid in dict.fromkeys((zone, "America/New_York")):
        lines.append(_vtimezone(tzid, monday, last))
    lines.append(_OUTLOOK_ZONE)
    for copy in range(max(1, scale)):
        writer = _Writer(random.Random(seed * 1000 + copy), zone=zone, stamp=monday, copy=copy)
        writer.standing(monday, weeks)
        writer.projects(monday, weeks)
        writer.one_offs(monday, weeks)
        lines.extend(writer.lines)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for text in lines for line in text.split("\n")) + "\r\n").encode()


def _vtimezone(tzid: str, first: date, last: date) -> str:
    component = icalendar.Timezone.from_tzid(tzid, first_date=first - timedelta(days=400), last_date=last)
    return component.to_ical().decode().replace("\r\n", "\n").strip()


def _fold(line: str) -> str:
    """RFC 5545 folding at 75 octets (our text is ASCII, so characters are octets)."""
    if len(line) <= 75:
        return line
    parts = [line[:75]]
    rest = line[75:]
    while rest:
        parts.append(" " + rest[:74])
        rest = rest[74:]
    return "\r\n".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


class _Writer:
    def __init__(self, rng: random.Random, *, zone: str, stamp: date, copy: int) -> None:
        self.rng = rng
        self.zone = zone
        self.copy = copy
        self.dtstamp = stamp.strftime("%Y%m%dT000000Z")
        self.lines: list[str] = []
        self.serial = 0
        self.busy: dict[date, list[tuple[int, int]]] = {}  # minutes after midnight, for filling gaps

    def uid(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}-{self.copy}-{self.serial}@{DOMAIN}"

    def event(
        self,
        *,
        uid: str,
        title: str,
        begin: datetime,
        minutes: int,
        attendees: int,
        tzid: str | None = None,
        extra: tuple[str, ...] = (),
        owner_partstat: str = "ACCEPTED",
    ) -> None:
        finish = begin + timedelta(minutes=minutes)
        if tzid == "UTC":
            when = [f"DTSTART:{_stamp(begin)}Z", f"DTEND:{_stamp(finish)}Z"]
        else:
            tzid = tzid or self.zone
            when = [f"DTSTART;TZID={tzid}:{_stamp(begin)}", f"DTEND;TZID={tzid}:{_stamp(finish)}"]
        self.lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{self.dtstamp}", f"SUMMARY:{title}", *when, *extra]
        if attendees:
            self.lines.append(f"ORGANIZER;CN=Colleague {attendees}:mailto:colleague{attendees}@trust.example")
            self.lines.append(f"ATTENDEE;CN={OWNER_NAME};PARTSTAT={owner_partstat}:mailto:{OWNER_EMAIL}")
            self.lines += [
                f"ATTENDEE;CN=Colleague {n};PARTSTAT=ACCEPTED:mailto:colleague{n}@trust.example"
                for n in range(1, attendees)
            ]
        self.lines.append("END:VEVENT")

    def mark(self, day: date, begin: datetime, minutes: int) -> None:
        start = begin.hour * 60 + begin.minute
        self.busy.setdefault(day, []).append((start, start + minutes))

    def series(
        self,
        *,
        title: str,
        first: datetime,
        minutes: int,
        attendees: int,
        rule: str,
        occurrences: list[datetime],
        tzid: str | None = None,
    ) -> None:
        """A series and its exceptions; `occurrences` are the instances we expect (for the exceptions)."""
        uid = self.uid("series")
        extra = [f"RRULE:{rule}"]
        rng = self.rng
        excluded = moved = cancelled = None
        later = occurrences[1:]
        if later and rng.random() < 0.35:
            excluded = rng.choice(later)
            extra.append(f"EXDATE;TZID={tzid or self.zone}:{_stamp(excluded)}" if tzid != "UTC" else "")
        if later and rng.random() < 0.4:
            moved = rng.choice([o for o in later if o != excluded] or later)
        if later and rng.random() < 0.3:
            cancelled = rng.choice([o for o in later if o not in (excluded, moved)] or later)
        if rng.random() < 0.15:
            extra.append(f"RDATE;TZID={tzid or self.zone}:{_stamp(first + timedelta(days=2))}" if tzid != "UTC" else "")
        self.event(
            uid=uid,
            title=title,
            begin=first,
            minutes=minutes,
            attendees=attendees,
            tzid=tzid,
            extra=tuple(line for line in extra if line),
        )
        zone_param = "" if tzid == "UTC" else f";TZID={tzid or self.zone}"
        suffix = "Z" if tzid == "UTC" else ""
        if moved is not None:
            new_start = moved + timedelta(hours=rng.choice((-1, 1, 2)))
            self.event(
                uid=uid,
                title=title,
                begin=new_start,
                minutes=minutes,
                attendees=attendees,
                tzid=tzid,
                extra=(f"RECURRENCE-ID{zone_param}:{_stamp(moved)}{suffix}", "SEQUENCE:1"),
            )
        if cancelled is not None:
            self.event(
                uid=uid,
                title=title,
                begin=cancelled,
                minutes=minutes,
                attendees=attendees,
                tzid=tzid,
                extra=(f"RECURRENCE-ID{zone_param}:{_stamp(cancelled)}{suffix}", "STATUS:CANCELLED", "SEQUENCE:1"),
            )

    def standing(self, monday: date, weeks: int) -> None:
        """The meetings that run all year (about 15 series)."""
        for title, weekday, hhmm, minutes, attendees, rule in _STANDING:
            first_day = monday + timedelta(days=weekday or 0)
            if "BYDAY=1TH" in rule or "BYDAY=2" in rule or "BYDAY=3" in rule or "BYDAY=-1" in rule:
                first_day = _nth_weekday(monday, rule)
            begin = datetime.combine(first_day, datetime.strptime(hhmm, "%H%M").time())
            count_until = (monday + timedelta(weeks=weeks)).strftime("%Y%m%dT000000Z")
            occurrences = [begin + timedelta(weeks=n) for n in range(1, min(weeks, 8))]
            self.series(
                title=title,
                first=begin,
                minutes=minutes,
                attendees=attendees,
                rule=f"{rule};UNTIL={count_until}",
                occurrences=[begin, *occurrences] if "WEEKLY" in rule and "BYDAY" not in rule else [begin],
            )
            for occurrence in rrulestr(f"{rule};UNTIL={_stamp(begin + timedelta(weeks=weeks))}", dtstart=begin):
                self.mark(occurrence.date(), occurrence, minutes)

    def projects(self, monday: date, weeks: int) -> None:
        """Short project series, about one starting every working day or two (185 a year at weeks=52)."""
        count = max(1, round(weeks * 185 / 52))
        for number in range(count):
            rng = self.rng
            week = rng.randrange(max(1, weeks))
            weekday = rng.randrange(5)
            hour, quarter = rng.choice((9, 10, 11, 13, 14, 15, 16)), rng.choice((0, 30))
            begin = datetime.combine(monday + timedelta(weeks=week, days=weekday), datetime.min.time()).replace(
                hour=hour, minute=quarter
            )
            minutes = rng.choice((30, 45, 60, 60, 90))
            interval = rng.choice((1, 1, 2))
            repeats = rng.randrange(4, 13)
            tzid = None
            if number % 9 == 4:  # a partner organisation in New York: same UK slot, written in their zone
                tzid, begin = "America/New_York", begin.replace(hour=min(max(hour - 5, 8), 11))
            elif number % 7 == 3:
                tzid = "GMT Standard Time"
            elif number % 11 == 5:
                tzid, begin = "UTC", begin
            title = f"{rng.choice(_PROJECTS)} ({rng.choice('ABCDEFGH')})"
            occurrences = [begin + timedelta(weeks=interval * n) for n in range(repeats)]
            self.series(
                title=title,
                first=begin,
                minutes=minutes,
                attendees=rng.choice((3, 4, 5, 6, 8, 9)),
                rule=f"FREQ=WEEKLY;INTERVAL={interval};COUNT={repeats}",
                occurrences=occurrences,
                tzid=tzid,
            )
            for occurrence in occurrences:
                if tzid in (None, "GMT Standard Time"):
                    self.mark(occurrence.date(), occurrence, minutes)

    def one_offs(self, monday: date, weeks: int) -> None:
        """Fill most gaps of each working day with one-off meetings; one day in three back to back."""
        rng = self.rng
        for week in range(weeks):
            leave_day = rng.randrange(5) if rng.random() < 0.08 else None
            for weekday in range(5):
                day = monday + timedelta(weeks=week, days=weekday)
                if weekday == leave_day:
                    self.all_day(day, "Annual leave", days=1)
                    continue
                back_to_back = rng.random() < 0.33
                self.fill(day, back_to_back=back_to_back)
            if rng.random() < 0.05:
                self.all_day(monday + timedelta(weeks=week, days=1), "Regional conference", days=2)
            if rng.random() < 0.2:
                begin = datetime.combine(monday + timedelta(weeks=week, days=5), datetime.min.time()).replace(hour=10)
                self.event(uid=self.uid("weekend"), title="Catching up on emails", begin=begin, minutes=90, attendees=0)

    def fill(self, day: date, *, back_to_back: bool) -> None:
        rng = self.rng
        taken = sorted(self.busy.get(day, []))
        cursor = 8 * 60 + rng.choice((0, 30)) if back_to_back else 9 * 60
        close = 17 * 60 + rng.choice((0, 30, 60, 90))
        while cursor < close:
            minutes = rng.choice((30, 30, 45, 60, 60, 90))
            clash = any(a < cursor + minutes and cursor < b for a, b in taken)
            if clash and rng.random() < 0.9:
                cursor = min(b for a, b in taken if a < cursor + minutes and cursor < b)
                continue
            if back_to_back or rng.random() < 0.7:
                self.one_off(day, cursor, minutes)
                taken.append((cursor, cursor + minutes))
            cursor += minutes + (0 if back_to_back else rng.choice((0, 0, 0, 5, 15, 30, 60)))

    def one_off(self, day: date, minute: int, minutes: int) -> None:
        rng = self.rng
        begin = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
        extra: tuple[str, ...] = ()
        partstat = "ACCEPTED"
        roll = rng.random()
        if roll < 0.03:
            extra = ("TRANSP:TRANSPARENT",)
        elif roll < 0.06:
            partstat = "DECLINED"
        elif roll < 0.08:
            extra = ("STATUS:CANCELLED",)
        elif roll < 0.20:
            extra = ("STATUS:TENTATIVE",)
        attendees = rng.choice((0, 2, 2, 3, 4, 5, 6, 8, 10))
        self.event(
            uid=self.uid("meeting"),
            title=rng.choice(_ONE_OFF),
            begin=begin,
            minutes=minutes,
            attendees=attendees,
            extra=extra,
            owner_partstat=partstat,
        )

    def all_day(self, day: date, title: str, *, days: int) -> None:
        finish = day + timedelta(days=days)
        self.lines += [
            "BEGIN:VEVENT",
            f"UID:{self.uid('allday')}",
            f"DTSTAMP:{self.dtstamp}",
            f"SUMMARY:{title}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{finish.strftime('%Y%m%d')}",
            "END:VEVENT",
        ]


def _nth_weekday(monday: date, rule: str) -> date:
    """The first date on or after `monday` matching a MONTHLY;BYDAY=<n><DD> rule."""
    byday = rule.split("BYDAY=")[1]
    code, number = byday[-2:], int(byday[:-2])
    weekday = WEEKDAYS.index(code)
    day = monday
    while True:
        if day.weekday() == weekday:
            same_month = [day + timedelta(weeks=n) for n in range(-5, 6)]
            in_month = sorted(d for d in same_month if d.month == day.month)
            if in_month[number if number < 0 else number - 1] == day:
                return day
        day += timedelta(days=1)
