"""A person's calendars: adding one (an uploaded file, a subscription link or a CalDAV account, each checked
at once and then imported), renaming and deleting one.
"""

from __future__ import annotations

from django.db import transaction

from attend.core.validators import clean_model_text, clean_text
from attend.diary import fetching, kept_figures
from attend.diary.models import DiaryCalendar, DiaryEvent, DiaryImport
from attend.diary.services.common import stored_window
from attend.diary.services.imports import diary_import_start


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
