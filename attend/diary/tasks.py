"""Diary's background work: reading an import, refreshing a linked calendar.

Thin: each task finds its row and calls the service that does the work. `services` queues these tasks once
its transaction commits and imports this module; a task imports `services` inside itself, so the import runs
one way only.
"""

import logging

from django.tasks import task

from attend.diary.models import DiaryCalendar, DiaryImport

logger = logging.getLogger(__name__)


@task
def diary_import_process(import_id: str) -> None:
    from attend.diary import services

    diary_import = DiaryImport.objects.select_related("calendar__owner").filter(pk=import_id).first()
    if diary_import is not None:  # the calendar may have been removed while the import waited
        services.diary_import_run(diary_import=diary_import)
        _figures_warm(diary_import)


def _figures_warm(diary_import: DiaryImport) -> None:
    """After an upload (the person is watching its progress page), keep the figures of the last 12 weeks and this
    week's days now, so the pages they open next read kept figures (diary/kept_figures.py). Not after a scheduled
    refresh of a link: every linked calendar refreshes every few hours, mostly while nobody looks."""
    from attend.diary import selectors

    calendar = diary_import.calendar
    if diary_import.state != DiaryImport.State.DONE or calendar is None or calendar.source != calendar.Source.UPLOAD:
        return
    owner = calendar.owner
    monday = selectors.monday_of(selectors.today_for(owner))
    try:
        selectors.trend(owner, last_monday=monday)
        selectors.week_report(owner, monday)  # and this week's days, for the week, index and Today
    except Exception:  # the import succeeded; the first page opened computes the figures instead
        logger.exception("Could not keep diary figures after an import")


@task
def diary_calendar_refresh_process(calendar_id: str) -> None:
    from attend.diary import services

    calendar = DiaryCalendar.objects.select_related("owner").filter(pk=calendar_id).first()
    if calendar is not None:
        services.diary_calendar_refresh(calendar=calendar)
