"""Imports, all or nothing (docs/adr/0011-diary-imports-and-privacy.md): the bytes kept encrypted and read in the
background, every event saved against the import, and only then, in one transaction, the calendar switched to
it. A failure deletes what it saved, so the previous import stays exactly as it was. Also what the person
reads when the worker had to stop an import, and the tidy-up of imports that died with their worker.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.utils import timezone

from attend.core.crypto import fernet
from attend.core.validators import scrub_text
from attend.diary import kept_figures, selectors
from attend.diary.calendar_bounds import check_busy_days
from attend.diary.calendar_checks import Skipped
from attend.diary.calendar_read import CalendarUnreadable, Event, count_events, read_calendar_reporting, unique_events
from attend.diary.models import DiaryCalendar, DiaryEvent, DiaryImport
from attend.diary.people_time import LARGEST_SMALL_MEETING
from attend.diary.services.common import refresh_interval, stored_window
from attend.diary.tasks import diary_import_process

logger = logging.getLogger(__name__)


BATCH = 500


SKIPPED_KEPT = 200  # events left out that the import page lists; the count covers them all


def diary_import_start(*, calendar: DiaryCalendar, data: bytes, file_name: str, run_now: bool = False) -> DiaryImport:
    """Keep the bytes (encrypted) and hand the import to the background worker once the row is committed (or run
    it here)."""
    diary_import = DiaryImport.objects.create(
        calendar=calendar, file_name=scrub_text(file_name)[:200], payload=fernet().encrypt(bytes(data))
    )
    if run_now:
        diary_import_run(diary_import=diary_import)
    else:
        transaction.on_commit(partial(diary_import_process.enqueue, str(diary_import.pk)))
    # What the worker may have done already (the immediate backend runs it at once); not the payload again.
    diary_import.refresh_from_db(fields=["state", "message", "line", "events_total", "events_done", "finished_at"])
    return diary_import


def _progress(diary_import: DiaryImport, **fields) -> None:
    """Saved at once (outside any transaction), so the progress page sees it while the import runs."""
    for name, value in fields.items():
        setattr(diary_import, name, value)
    DiaryImport.objects.filter(pk=diary_import.pk).update(**fields, updated_at=timezone.now())


def _event_row(diary_import: DiaryImport, event: Event) -> DiaryEvent:
    return DiaryEvent(
        diary_import=diary_import,
        uid=scrub_text(event.uid),
        starts_at=event.start,
        ends_at=event.end,
        all_day=event.all_day,
        busy=event.busy,
        recurring=event.recurring,
        series_uid=scrub_text(event.series_uid or ""),
        attendees=event.attendees,
        status=event.status,
        free_reason=event.free_reason or "",
        # Someone else's file: a stray control character is replaced, not a reason to refuse the calendar.
        details={
            "title": scrub_text(event.title),
            "organiser": scrub_text(event.organiser or ""),
            "categories": [scrub_text(name) for name in event.categories],
            # Addresses only for meetings small enough to be time with the team (people_time): no more kept.
            "people": [scrub_text(a) for a in event.attendee_emails]
            if event.attendees <= LARGEST_SMALL_MEETING
            else [],
        },
    )


def _save_events(diary_import: DiaryImport, events: Sequence[Event]) -> None:
    for first in range(0, len(events), BATCH):
        batch = events[first : first + BATCH]
        DiaryEvent.objects.bulk_create([_event_row(diary_import, event) for event in batch])
        _progress(diary_import, events_done=first + len(batch))


@transaction.atomic
def _switch_to(diary_import: DiaryImport) -> None:
    """The one moment the calendar's events change: the new import becomes current, the old one goes."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the join to the current import.
    calendar = (
        DiaryCalendar.objects.select_for_update(of=("self",))
        .select_related("current_import")
        .get(pk=diary_import.calendar_id)
    )
    if _is_newer(calendar.current_import, than=diary_import):
        _superseded(diary_import)
        return
    # Only finished imports' events go: another import of this calendar may be saving its own right now
    # (a refresh while a file is read), and deleting its half-saved events would make it current half-empty.
    DiaryEvent.objects.filter(
        diary_import__calendar=calendar, diary_import__state__in=[DiaryImport.State.DONE, DiaryImport.State.FAILED]
    ).exclude(diary_import=diary_import).delete()
    kept_figures.figures_forget(owner=calendar.owner_id)
    now = timezone.now()
    # Old finished imports are history nobody needs; a day's worth stays for the progress page's link.
    calendar.imports.exclude(pk=diary_import.pk).filter(
        state__in=[DiaryImport.State.DONE, DiaryImport.State.FAILED], created_at__lt=now - datetime.timedelta(days=1)
    ).delete()
    calendar.current_import = diary_import
    calendar.status = DiaryCalendar.Status.READY
    calendar.refreshed_at = now
    calendar.last_error = ""
    calendar.failures = 0
    if calendar.is_linked:
        calendar.next_refresh_at = now + refresh_interval()
    calendar.save()
    DiaryImport.objects.filter(pk=diary_import.pk).update(
        state=DiaryImport.State.DONE, payload=b"", finished_at=now, updated_at=now
    )
    diary_import.state = DiaryImport.State.DONE
    diary_import.payload = b""
    diary_import.finished_at = now
    diary_import.calendar = calendar


def _is_newer(current: DiaryImport | None, *, than: DiaryImport) -> bool:
    return current is not None and current.created_at > than.created_at


def _superseded(diary_import: DiaryImport) -> None:
    """A copy read later finished first (a big upload overtaken by a refresh, say): the calendar keeps the newer
    one, and this import's events go."""
    DiaryEvent.objects.filter(diary_import=diary_import).delete()
    _progress(
        diary_import,
        state=DiaryImport.State.DONE,
        message="A newer copy of this calendar was read while this one was saving, so Attend kept the newer one.",
        payload=b"",
        finished_at=timezone.now(),
    )


def import_failed(diary_import: DiaryImport, *, message: str, line: int | None = None) -> None:
    """Nothing of this import is kept; the calendar's current events are untouched."""
    DiaryEvent.objects.filter(diary_import=diary_import).delete()
    _progress(
        diary_import,
        state=DiaryImport.State.FAILED,
        message=message[:500],
        line=line,
        payload=b"",
        events_done=0,
        finished_at=timezone.now(),
    )
    calendar = DiaryCalendar.objects.filter(pk=diary_import.calendar_id).first()
    if calendar is None:  # removed while its import ran: nothing is left to tell
        return
    if _first_and_only(calendar, diary_import):
        _remove_new_calendar(calendar, diary_import)
        return
    diary_import.calendar = calendar
    calendar.last_error = message[:500]
    if calendar.current_import_id is None or calendar.is_linked:
        calendar.status = DiaryCalendar.Status.FAILED
    calendar.save(update_fields=["last_error", "status", "updated_at"])


def _first_and_only(calendar: DiaryCalendar, diary_import: DiaryImport) -> bool:
    """A new uploaded calendar whose first import is its only one: nothing was ever read from it. (A link or
    CalDAV calendar was fetched and checked when it was added, so it stays and its refreshes try again.)"""
    return (
        calendar.source == DiaryCalendar.Source.UPLOAD
        and calendar.current_import_id is None
        and not calendar.imports.exclude(pk=diary_import.pk).exists()
    )


@transaction.atomic
def _remove_new_calendar(calendar: DiaryCalendar, diary_import: DiaryImport) -> None:
    """A failed first import leaves no calendar behind (issue 18: no ghost "Work calendar"). The import stays, with
    its owner and no calendar, so the progress page the person is watching can say why; the tidy-up removes it
    after a day."""
    DiaryImport.objects.filter(pk=diary_import.pk).update(calendar=None, owner=calendar.owner_id)
    calendar.delete()
    diary_import.calendar, diary_import.calendar_id, diary_import.owner_id = None, None, calendar.owner_id


def _skipped_row(skipped: Skipped) -> dict:
    """A skipped event as the import page lists it: its title is someone else's text, cleaned like every title."""
    return {"line": skipped.line, "title": scrub_text(skipped.title), "why": scrub_text(skipped.why)}


def _check_busy_days_with_other_calendars(
    calendar: DiaryCalendar, events: Sequence[Event], *, start: datetime.date, end: datetime.date
) -> None:
    """Every page reads all of a person's calendars together, so the limit on events a day holds for them
    together too (each meeting once, as pages count it): no number of calendars makes a page's work unbounded."""
    owner = calendar.owner
    zone = zoneinfo.ZoneInfo(owner.time_zone)
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end, datetime.time.min, tzinfo=zone)
    others = selectors.events_between(owner, start, end, leaving_out=calendar)
    if others:
        check_busy_days(unique_events([*events, *others]), zone, since, until)


def diary_import_run(*, diary_import: DiaryImport) -> DiaryImport:
    """Read the stored bytes with the engine and, only if all is well, make them the calendar's events."""
    if diary_import.is_finished:
        return diary_import
    owner = diary_import.calendar.owner
    start, end = stored_window(owner)
    try:
        data = fernet().decrypt(bytes(diary_import.payload))
        _progress(diary_import, state=DiaryImport.State.READING, events_total=count_events(data))
        reading = read_calendar_reporting(
            data, zone=zoneinfo.ZoneInfo(owner.time_zone), start=start, end=end, owner_emails=[owner.email]
        )
        events = reading.events
        _check_busy_days_with_other_calendars(diary_import.calendar, events, start=start, end=end)
        _progress(
            diary_import,
            state=DiaryImport.State.SAVING,
            events_total=len(events),
            events_done=0,
            skipped=[_skipped_row(row) for row in reading.skipped[:SKIPPED_KEPT]],
            skipped_count=len(reading.skipped),
        )
        _save_events(diary_import, events)
        _switch_to(diary_import)
    except CalendarUnreadable as error:
        import_failed(diary_import, message=error.message, line=error.line)
    except MemoryError:  # the worker's memory cap (attend/core/worker.py): by now the calendar's memory is freed
        logger.warning("Diary import %s ran out of memory", diary_import.pk)
        import_failed(diary_import, message=STOPPED_MESSAGES["memory"])
    except Exception:  # a bug or a database failure: say so plainly, keep the last import, log the detail
        logger.exception("Diary import %s failed", diary_import.pk)
        import_failed(diary_import, message="Something went wrong while reading this calendar.")
    return diary_import


STALE_IMPORT = datetime.timedelta(minutes=30)


def diary_imports_tidy(*, now: datetime.datetime) -> int:
    """An import that has not moved for half an hour died with its worker: fail it (deleting what it saved),
    so its progress page stops waiting and the calendar keeps its last good import."""
    stale = DiaryImport.objects.defer("payload").filter(
        state__in=[DiaryImport.State.QUEUED, DiaryImport.State.READING, DiaryImport.State.SAVING],
        updated_at__lt=now - STALE_IMPORT,
    )
    count = 0
    for diary_import in stale:
        with transaction.atomic():  # one import at a time (attend/core/periodic.py)
            import_failed(diary_import, message="This import stopped before it finished. Please try again.")
        count += 1
    # A removed new calendar's failed first import has said why by now (its progress page): it goes too.
    DiaryImport.objects.filter(calendar__isnull=True, created_at__lt=now - datetime.timedelta(days=1)).delete()
    return count


# What the person reads when the background worker had to stop an import (attend/core/worker.py says why).
STOPPED_MESSAGES = {
    "time": (
        "Reading this calendar took longer than Attend allows, so it was stopped. Your diary has not changed. "
        "Events that repeat very often can cause this: check the calendar's repeating events, or try a smaller file."
    ),
    "memory": (
        "This calendar needed more memory than Attend allows, so reading it was stopped. Your diary has not "
        "changed. Try a smaller file, or fewer years of events."
    ),
}


STOPPED_ANYWAY = "This import stopped before it finished. Your diary has not changed. Please try again."


UNFINISHED = [DiaryImport.State.QUEUED, DiaryImport.State.READING, DiaryImport.State.SAVING]


def task_argument(args: Sequence, kwargs: dict, name: str):
    return args[0] if args else kwargs.get(name)


def diary_import_task_failed(*, args: Sequence, kwargs: dict, reason: str, started_at=None) -> None:
    """The worker stopped (or lost) `diary_import_process`: fail its import plainly, never leave it "reading".
    Called through attend.core.worker.TASK_FAILURE_HOOKS."""
    diary_import = (
        DiaryImport.objects.defer("payload")
        .filter(pk=task_argument(args, kwargs, "import_id"), state__in=UNFINISHED)
        .first()
    )
    if diary_import is not None:
        import_failed(diary_import, message=STOPPED_MESSAGES.get(reason, STOPPED_ANYWAY))
