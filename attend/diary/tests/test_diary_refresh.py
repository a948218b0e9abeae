"""The diary_refresh command hands due linked calendars to the worker."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from attend.diary import fetching, services
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.tests.support import busy_week, calendar_with, ics, this_monday

pytestmark = pytest.mark.django_db


def test_it_refreshes_due_links_only(leader, monkeypatch, django_capture_on_commit_callbacks):
    fetched = []

    def fake_fetch(url, **kwargs):
        fetched.append(url)
        raise fetching.FetchFailed("The calendar server took too long to answer.")

    monkeypatch.setattr(fetching, "subscription_fetch", fake_fetch)
    link = DiaryCalendar.objects.create(
        owner=leader.user, source="subscription", name="Link", connection={"url": "https://cal.example.org/a.ics"}
    )
    DiaryCalendar.objects.create(owner=leader.user, source="upload", name="File")
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):  # the command commits, so what it queued runs
        call_command("diary_refresh", stdout=out)

    assert fetched == ["https://cal.example.org/a.ics"]
    assert "1 calendar due" in out.getvalue()
    link.refresh_from_db()
    assert link.failures == 1 and "too long" in link.last_error
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        call_command("diary_refresh", stdout=StringIO())
    assert len(fetched) == 1  # not due again so soon


def test_the_periodic_job_says_what_it_did(leader):
    assert services.diary_refresh_job(now=timezone.now()) == "Diary: 0 calendars handed to the worker for refresh."


def test_an_import_whose_worker_died_is_stopped_and_changes_nothing(leader):
    calendar, first = calendar_with(leader.user, ics(busy_week(this_monday())))
    stuck = DiaryImport.objects.create(calendar=calendar, state=DiaryImport.State.SAVING, events_total=10)
    later = timezone.now() + services.STALE_IMPORT + datetime.timedelta(minutes=1)

    said = services.diary_refresh_job(now=later)

    stuck.refresh_from_db()
    calendar.refresh_from_db()
    assert "1 stalled import stopped" in said
    assert stuck.state == DiaryImport.State.FAILED and "stopped before it finished" in stuck.message
    assert calendar.current_import == first


def test_a_running_import_is_left_alone(leader):
    calendar, _ = calendar_with(leader.user, ics(busy_week(this_monday())))
    running = DiaryImport.objects.create(calendar=calendar, state=DiaryImport.State.SAVING)

    services.diary_refresh_job(now=timezone.now())

    running.refresh_from_db()
    assert running.state == DiaryImport.State.SAVING
