"""Writes for Diary: calendars, imports (all or nothing), refreshes, working hours and chosen protected time.

Callers reach calendars and imports through `access` first. An import reads the whole file before any of
its events count: its events are saved against the import, and only when every one is saved does the
calendar switch to it, in one transaction. A failure deletes what it saved, so the previous import stays
exactly as it was (docs/adr/0011-diary-imports-and-privacy.md).
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections.abc import Iterable, Sequence
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attend.accounts.services import user_profile_update
from attend.core.crypto import fernet
from attend.core.formatting import counted
from attend.core.validators import clean_model_text, clean_text, scrub_text
from attend.diary import access, fetching, kept_figures, selectors
from attend.diary.calendar_bounds import check_busy_days
from attend.diary.calendar_checks import Skipped
from attend.diary.calendar_read import CalendarUnreadable, Event, count_events, read_calendar_reporting, unique_events
from attend.diary.models import DiaryCalendar, DiaryEvent, DiaryImport, PeopleTimeRule, ProtectedTimeChoice
from attend.diary.people_time import LARGEST_SMALL_MEETING
from attend.diary.proposals import Proposal
from attend.diary.tasks import diary_calendar_refresh_process, diary_import_process
from attend.nudges.services import notification_create

logger = logging.getLogger(__name__)

WEEKS_BEFORE = 26  # stored window: half a year back, for the 12-week trend and more
WEEKS_AFTER = 8  # and two months ahead, for protected time
BATCH = 500
SKIPPED_KEPT = 200  # events left out that the import page lists; the count covers them all
FAILURES_BEFORE_TELLING = 3
NOTHING_CHANGED = "Nothing has changed: your diary still shows your last import."


def refresh_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "DIARY_REFRESH_SECONDS", 4 * 60 * 60))


def stored_window(user, *, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """[start, end) of the events Attend keeps, in the person's own zone: whole weeks, Monday first."""
    today = today or timezone.localdate(timezone=zoneinfo.ZoneInfo(user.time_zone))
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=WEEKS_BEFORE), monday + datetime.timedelta(weeks=WEEKS_AFTER)


# Calendars --------------------------------------------------------------------------------------------------


def diary_calendar_create(*, owner, source: str, name: str, connection: dict | None = None) -> DiaryCalendar:
    name = clean_model_text(DiaryCalendar, "name", name)
    return DiaryCalendar.objects.create(owner=owner, source=source, name=name, connection=connection or {})


def diary_calendar_rename(*, calendar: DiaryCalendar, name: str) -> DiaryCalendar:
    calendar.name = clean_model_text(DiaryCalendar, "name", name)
    calendar.save(update_fields=["name", "updated_at"])
    return calendar


def diary_calendar_delete(*, calendar: DiaryCalendar) -> None:
    """The calendar, every import and every event read from it: gone, not hidden."""
    with transaction.atomic():
        DiaryCalendar.objects.filter(pk=calendar.pk).update(current_import=None)
        DiaryEvent.objects.filter(diary_import__calendar=calendar).delete()
        kept_figures.figures_forget(owner=calendar.owner_id)
        calendar.delete()


def diary_upload_add(*, owner, name: str, file_name: str, data: bytes) -> DiaryImport:
    """A new calendar from an uploaded file; its import starts in the background (the worker's time and memory
    caps hold it, ADR 0015). The upload form has already refused a file that is not a calendar at all."""
    calendar = diary_calendar_create(owner=owner, source=DiaryCalendar.Source.UPLOAD, name=name)
    return diary_import_start(calendar=calendar, data=data, file_name=file_name)


def diary_subscription_add(*, owner, name: str, url: str) -> DiaryImport:
    """Fetch the link now, so a wrong link is said at once (FetchFailed), then save it and import."""
    url = fetching.subscription_url_clean(url)
    data = fetching.subscription_fetch(url)
    calendar = diary_calendar_create(
        owner=owner, source=DiaryCalendar.Source.SUBSCRIPTION, name=name, connection={"url": url}
    )
    return diary_import_start(calendar=calendar, data=data, file_name="")


def diary_caldav_add(*, owner, name: str, url: str, username: str, password: str) -> DiaryImport:
    """Connect now, so a wrong password or address is said at once (FetchFailed), then save and import."""
    name = clean_model_text(DiaryCalendar, "name", name)
    username = clean_text(username, field="username", label="The user name", max_length=200)
    start, end = stored_window(owner)
    data = fetching.caldav_fetch(url=url, username=username, password=password, start=start, end=end)
    calendar = diary_calendar_create(
        owner=owner,
        source=DiaryCalendar.Source.CALDAV,
        name=name,
        connection={"url": url.strip(), "username": username, "password": password},
    )
    return diary_import_start(calendar=calendar, data=data, file_name="")


# Imports ----------------------------------------------------------------------------------------------------


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


def _failed(diary_import: DiaryImport, *, message: str, line: int | None = None) -> None:
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
        _failed(diary_import, message=error.message, line=error.line)
    except MemoryError:  # the worker's memory cap (attend/core/worker.py): by now the calendar's memory is freed
        logger.warning("Diary import %s ran out of memory", diary_import.pk)
        _failed(diary_import, message=STOPPED_MESSAGES["memory"])
    except Exception:  # a bug or a database failure: say so plainly, keep the last import, log the detail
        logger.exception("Diary import %s failed", diary_import.pk)
        _failed(diary_import, message="Something went wrong while reading this calendar.")
    return diary_import


# Refreshing links -------------------------------------------------------------------------------------------


def _fetch(calendar: DiaryCalendar) -> bytes:
    connection = calendar.connection
    if calendar.source == DiaryCalendar.Source.SUBSCRIPTION:
        return fetching.subscription_fetch(connection["url"])
    start, end = stored_window(calendar.owner)
    return fetching.caldav_fetch(
        url=connection["url"],
        username=connection.get("username", ""),
        password=connection.get("password", ""),
        start=start,
        end=end,
    )


def diary_calendar_refresh(
    *, calendar: DiaryCalendar, now: datetime.datetime | None = None, read_now: bool = True
) -> DiaryImport | None:
    """Fetch a subscription or CalDAV calendar and import it: here when `read_now` (the worker's refresh), or in
    the worker (the person's "Refresh now": the fetch is bounded, reading 50 MB is not). A failed fetch keeps the
    events as they are; after a few failures in a row the person is told, once."""
    if not calendar.is_linked:
        return None
    now = now or timezone.now()
    try:
        data = _fetch(calendar)
    except fetching.FetchFailed as error:
        _refresh_failed(calendar, message=error.message, now=now)
        return None
    diary_import = diary_import_start(calendar=calendar, data=data, file_name="", run_now=read_now)
    if read_now and diary_import.state == DiaryImport.State.FAILED:
        calendar.refresh_from_db()
        _refresh_failed(calendar, message=diary_import.message, now=now)
    return diary_import


def _refresh_failed(calendar: DiaryCalendar, *, message: str, now: datetime.datetime) -> None:
    calendar.failures += 1
    calendar.last_error = message[:500]
    calendar.status = DiaryCalendar.Status.FAILED
    # Try again later, less often while it keeps failing (at most a day apart).
    wait = min(refresh_interval() * calendar.failures, datetime.timedelta(days=1))
    calendar.next_refresh_at = now + wait
    calendar.save(update_fields=["failures", "last_error", "status", "next_refresh_at", "updated_at"])
    if calendar.failures == FAILURES_BEFORE_TELLING:
        notification_create(
            person=calendar.owner,
            kind="calendar_link_broken",
            title=f"Your calendar “{calendar.name}” has stopped refreshing",
            link=reverse("diary:calendar", args=[calendar.pk]),
            dedupe_key=f"diary-link-broken:{calendar.pk}:{calendar.refreshed_at or calendar.created_at:%Y%m%d%H%M%S}",
        )


def calendars_due(*, now: datetime.datetime) -> list[DiaryCalendar]:
    """Linked calendars whose next refresh has come, claimed (moved on) so a second runner skips them."""
    linked = DiaryCalendar.objects.filter(source__in=[DiaryCalendar.Source.SUBSCRIPTION, DiaryCalendar.Source.CALDAV])
    due = list(linked.filter(next_refresh_at__lte=now)) + list(linked.filter(next_refresh_at__isnull=True))
    claimed = []
    for calendar in due:
        moved = DiaryCalendar.objects.filter(pk=calendar.pk, next_refresh_at=calendar.next_refresh_at).update(
            next_refresh_at=now + refresh_interval()
        )
        if moved:
            claimed.append(calendar)
    return claimed


def diary_refresh_due(*, now: datetime.datetime | None = None, in_background: bool = True) -> int:
    """Hand each due calendar to the worker once committed (or refresh it here). Returns how many."""
    calendars = calendars_due(now=now or timezone.now())
    for calendar in calendars:
        if in_background:
            transaction.on_commit(partial(diary_calendar_refresh_process.enqueue, str(calendar.pk)))
        else:
            diary_calendar_refresh(calendar=calendar)
    return len(calendars)


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
            _failed(diary_import, message="This import stopped before it finished. Please try again.")
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


def _task_argument(args: Sequence, kwargs: dict, name: str):
    return args[0] if args else kwargs.get(name)


def diary_import_task_failed(*, args: Sequence, kwargs: dict, reason: str, started_at=None) -> None:
    """The worker stopped (or lost) `diary_import_process`: fail its import plainly, never leave it "reading".
    Called through attend.core.worker.TASK_FAILURE_HOOKS."""
    diary_import = (
        DiaryImport.objects.defer("payload")
        .filter(pk=_task_argument(args, kwargs, "import_id"), state__in=UNFINISHED)
        .first()
    )
    if diary_import is not None:
        _failed(diary_import, message=STOPPED_MESSAGES.get(reason, STOPPED_ANYWAY))


def diary_refresh_task_failed(*, args: Sequence, kwargs: dict, reason: str, started_at=None) -> None:
    """The worker stopped `diary_calendar_refresh_process`: fail the import it was reading (made after the task
    started) and count a failed refresh, so the link backs off rather than wedging the worker every time."""
    calendar = DiaryCalendar.objects.filter(pk=_task_argument(args, kwargs, "calendar_id")).first()
    if calendar is None:
        return
    message = STOPPED_MESSAGES.get(reason, STOPPED_ANYWAY)
    reading = calendar.imports.defer("payload").filter(state__in=[DiaryImport.State.READING, DiaryImport.State.SAVING])
    if started_at is not None:
        reading = reading.filter(created_at__gte=started_at)
    for diary_import in reading:
        _failed(diary_import, message=message)
    calendar = DiaryCalendar.objects.filter(pk=calendar.pk).first()
    if calendar is None:  # its first and only import failed, so it was removed
        return
    _refresh_failed(calendar, message=message, now=timezone.now())


def diary_refresh_job(*, now: datetime.datetime) -> str:
    """For attend.core.periodic: tidy up imports that died, and hand the due linked calendars to the worker."""
    tidied = diary_imports_tidy(now=now)
    count = diary_refresh_due(now=now)
    said = f"Diary: {counted(count, 'calendar')} handed to the worker for refresh."
    return f"{said} {counted(tidied, 'stalled import')} stopped." if tidied else said


# Working hours and protected time ---------------------------------------------------------------------------


def working_hours_save(
    *, user, time_zone: str, working_days: Iterable[int], starts: datetime.time, ends: datetime.time
):
    """The person's own working pattern (also read by Nudges for quiet hours)."""
    return user_profile_update(
        user=user,
        name=user.name,
        time_zone=time_zone,
        working_days=list(working_days),
        working_day_start=starts,
        working_day_end=ends,
    )


@transaction.atomic
def protected_time_choose(*, owner, offered: Sequence[Proposal], chosen_keys: Iterable[str]) -> int:
    """Of the blocks offered on the page, keep exactly those ticked (others offered are unticked).
    Choices of other weeks are left alone. Returns how many of the offered are now chosen."""
    chosen = set(chosen_keys)
    offered_keys = [proposal.key for proposal in offered]
    access.choices_of(owner).filter(key__in=offered_keys).exclude(key__in=chosen).delete()
    for proposal in offered:
        if proposal.key not in chosen:
            continue
        ProtectedTimeChoice.objects.update_or_create(
            owner=owner,
            key=proposal.key,
            defaults={
                "kind": proposal.kind,
                "starts_at": proposal.start,
                "ends_at": proposal.end,
                "link": proposal.link or "",
                "details": {"title": proposal.title, "reason": proposal.reason},
            },
        )
    return len(chosen & set(offered_keys))


def people_rule_save(*, owner, title_words: Sequence[str], small_meeting: int, connect: bool) -> PeopleTimeRule:
    """The person's own rule for time with people (diary/people_time.py)."""
    words = [clean_text(word, field="title_words", label="A word", max_length=50) for word in title_words]
    if not 0 <= small_meeting <= LARGEST_SMALL_MEETING:
        raise ValueError("small_meeting out of range")
    rule, _ = PeopleTimeRule.objects.update_or_create(
        owner=owner, defaults={"title_words": words, "small_meeting": small_meeting, "connect": connect}
    )
    return rule
