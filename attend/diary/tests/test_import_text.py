"""Attack: a calendar file whose event titles or UIDs hold a NUL byte or other control characters. Someone
else's file, so it is not refused: each stray character is replaced (U+FFFD) and the import succeeds, on
SQLite and on PostgreSQL (which refuses a NUL byte in a text column outright)."""

import datetime

import pytest

from attend.diary.models import DiaryEvent, DiaryImport
from attend.diary.tests.support import at, calendar_with, ics, this_monday

pytestmark = pytest.mark.django_db


def test_control_characters_in_a_calendar_are_replaced_and_the_import_succeeds(leader):
    monday = this_monday()
    tuesday = monday + datetime.timedelta(days=1)
    data = ics(
        [("Ward\x00 round", at(monday, 9), at(monday, 10)), ("Hand\x1bover\x85x", at(tuesday, 9), at(tuesday, 10))],
        uid_prefix="bad\x00uid",
    )

    calendar, diary_import = calendar_with(leader.user, data, name="Work")

    assert diary_import.state == DiaryImport.State.DONE, diary_import.message
    events = DiaryEvent.objects.filter(diary_import=diary_import).order_by("starts_at")
    assert [event.details["title"] for event in events] == ["Ward\ufffd round", "Hand\ufffdover\ufffdx"]
    assert all("\x00" not in event.uid for event in events)
