"""Diary's background work: reading an import, refreshing a linked calendar.

Thin: each task finds its row and calls the service that does the work. `services` queues these tasks once
its transaction commits and imports this module; a task imports `services` inside itself, so the import runs
one way only.
"""

from django.tasks import task

from attend.diary.models import DiaryCalendar, DiaryImport


@task
def diary_import_process(import_id: str) -> None:
    from attend.diary import services

    diary_import = DiaryImport.objects.select_related("calendar__owner").filter(pk=import_id).first()
    if diary_import is not None:  # the calendar may have been removed while the import waited
        services.diary_import_run(diary_import=diary_import)


@task
def diary_calendar_refresh_process(calendar_id: str) -> None:
    from attend.diary import services

    calendar = DiaryCalendar.objects.select_related("owner").filter(pk=calendar_id).first()
    if calendar is not None:
        services.diary_calendar_refresh(calendar=calendar)
