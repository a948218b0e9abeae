"""What leaders keep for themselves: journal entries (bulk, with the prompts of Reflect's built-in templates; the
content is encrypted by Reflect's field), a year of practice sessions, and a busy diary for the leaders in focus
through Diary's own import (a generated .ics)."""

import datetime
import uuid
import zoneinfo

from attend.demo.scale.growth import WORDS, Grower, aware
from attend.practice.models import PracticeSession
from attend.reflect.content import BUILT_IN_KEYS
from attend.reflect.models import JournalEntry
from attend.reflect.selectors import template_named
from attend.reflect.services import _prompt_snapshot, journal_tags_keep

FEELINGS = ["calm", "tired", "hopeful", "anxious", "proud", "frustrated", "grateful", "overwhelmed"]


def _entry(grower: Grower, author, day: datetime.date, n: int) -> JournalEntry:
    key = BUILT_IN_KEYS[n % len(BUILT_IN_KEYS)]
    template = template_named(grower.organisation, key)
    words = " ".join(grower.rng.choice(WORDS) for _ in range(40))
    prompts = _prompt_snapshot(template)
    content = {
        "title": f"{grower.rng.choice(WORDS).capitalize()} on {day:%d %B}",
        "answers": {prompt["key"]: {"text": words} for prompt in prompts if prompt["kind"] == "text"},
        "emotions": [{"moment": "now", "word": grower.rng.choice(FEELINGS), "family": "", "intensity": 2}],
        "tags": [grower.rng.choice(WORDS)],
        "prompts": prompts,
    }
    return JournalEntry(author=author, template_key=key, event_date=day, is_draft=n % 17 == 0, content=content)


def _days(grower: Grower, per_month: int) -> list[datetime.date]:
    """`per_month` days a month over this call's months, newest first."""
    start = grower.offset * 30
    return [
        grower.today - datetime.timedelta(days=start + day)
        for day in range(grower.size.months * 30)
        if grower.rng.random() < per_month / 30
    ]


def journal_entries_add(grower: Grower) -> None:
    authors = _authors(grower)
    entries = [_entry(grower, author, day, n) for author in authors for n, day in enumerate(_days(grower, 4))]
    JournalEntry.objects.bulk_create(entries, batch_size=500)
    tags: dict = {}
    for entry in entries:
        tags.setdefault(entry.author, set()).update(entry.content["tags"])
    for author, used in tags.items():  # the tag list Reflect's services keep as entries are saved
        journal_tags_keep(author=author, added=sorted(used))
    grower.counts["journal entries"] = len(entries)


def _authors(grower: Grower) -> list:
    # Leaders reflect; so do the people in focus (their pages are the ones measured).
    authors = grower.leaders[: max(1, len(grower.leaders) // 2)]
    if grower.focus:
        authors += [grower.focus.leader.user, grower.focus.member.user]
    return authors


def practice_sessions_add(grower: Grower) -> None:
    sessions = []
    for person in _authors(grower):
        months = min(grower.size.months, 12)  # a year of practice
        for day in _days(grower, 10)[: months * 10]:
            started = aware(day, 7 + grower.rng.randrange(12))
            seconds = grower.rng.choice([180, 300, 600, 1200])
            sessions.append(
                PracticeSession(
                    person=person,
                    organisation=grower.organisation,
                    client_id=uuid.UUID(int=grower.rng.getrandbits(128)),
                    kind="guided" if seconds < 600 else "timer",
                    practice_key="breathing-space" if seconds < 600 else "timer",
                    title="Three-step breathing space" if seconds < 600 else "Timer",
                    started_at=started,
                    planned_seconds=seconds,
                    planned_end_at=started + datetime.timedelta(seconds=seconds),
                    actual_seconds=seconds,
                    ended=True,
                    completed=True,
                )
            )
    PracticeSession.objects.bulk_create(sessions, batch_size=500)
    grower.counts["practice sessions"] = len(sessions)


def diaries_add(grower: Grower) -> None:
    from attend.demo.sample_calendar import OWNER_EMAIL, busy_manager_calendar
    from attend.diary import services as diary_services
    from attend.diary.models import DiaryCalendar

    owners = grower.leaders[: grower.diaries]
    if grower.focus:
        owners = [grower.focus.leader.user, *owners]
    events = 0
    for owner in owners:
        zone = zoneinfo.ZoneInfo(owner.time_zone)
        monday = grower.today - datetime.timedelta(days=grower.today.weekday() + 7 * 4 * grower.offset)
        weeks = max(4, min(52, grower.size.months * 4))
        data = busy_manager_calendar(
            start=monday - datetime.timedelta(weeks=weeks - 4), weeks=weeks, zone=str(zone)
        ).replace(OWNER_EMAIL.encode(), owner.email.encode())
        calendar = diary_services.diary_calendar_create(
            owner=owner, source=DiaryCalendar.Source.UPLOAD, name=f"Work calendar {grower.seed}"
        )
        done = diary_services.diary_import_start(calendar=calendar, data=data, file_name="work.ics", run_now=True)
        events += done.events_total
    grower.counts["diary events"] = events
