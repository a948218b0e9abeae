"""Refreshing linked calendars (subscriptions and CalDAV): fetching again when due, backing off and telling the
person once after a few failures in a row, the worker's hook when it stops a refresh, and the periodic job.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import counted
from attend.diary import fetching
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.services.common import refresh_interval, stored_window
from attend.diary.services.imports import (
    STOPPED_ANYWAY,
    STOPPED_MESSAGES,
    diary_import_start,
    diary_imports_tidy,
    import_failed,
    task_argument,
)
from attend.diary.tasks import diary_calendar_refresh_process
from attend.nudges.services import notification_create

FAILURES_BEFORE_TELLING = 3


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


def diary_refresh_task_failed(*, args: Sequence, kwargs: dict, reason: str, started_at=None) -> None:
    """The worker stopped `diary_calendar_refresh_process`: fail the import it was reading (made after the task
    started) and count a failed refresh, so the link backs off rather than wedging the worker every time."""
    calendar = DiaryCalendar.objects.filter(pk=task_argument(args, kwargs, "calendar_id")).first()
    if calendar is None:
        return
    message = STOPPED_MESSAGES.get(reason, STOPPED_ANYWAY)
    reading = calendar.imports.defer("payload").filter(state__in=[DiaryImport.State.READING, DiaryImport.State.SAVING])
    if started_at is not None:
        reading = reading.filter(created_at__gte=started_at)
    for diary_import in reading:
        import_failed(diary_import, message=message)
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
