"""The one place Diary's privacy lives: only the owner reaches a calendar, an import, events or choices."""

import pytest

from attend.diary import access
from attend.diary.models import DiaryCalendar
from attend.diary.tests.support import leader_diary

pytestmark = pytest.mark.django_db


@pytest.fixture
def diary(leader):
    return leader_diary(leader.user)


def test_the_owner_reaches_their_calendar_and_import(leader, diary):
    calendar, diary_import = diary

    assert access.calendar_for(leader.user, calendar.pk) == calendar
    assert access.import_for(leader.user, diary_import.pk) == diary_import
    assert access.events_of(leader.user).exists()
    assert access.choices_of(leader.user).count() == 1


@pytest.mark.parametrize("someone", ["member", "other_leader", "facilitator", "org_admin"])
def test_nobody_else_does(request, diary, someone):
    calendar, diary_import = diary
    user = request.getfixturevalue(someone).user

    with pytest.raises(DiaryCalendar.DoesNotExist):
        access.calendar_for(user, calendar.pk)
    with pytest.raises(DiaryCalendar.DoesNotExist):
        access.import_for(user, diary_import.pk)
    assert not access.events_of(user).exists()
    assert not access.choices_of(user).exists()
    assert not access.calendars_of(user).exists()


def test_a_superuser_is_no_exception(diary, org_admin):
    calendar, _ = diary
    org_admin.user.is_superuser = org_admin.user.is_staff = True
    org_admin.user.save()

    with pytest.raises(DiaryCalendar.DoesNotExist):
        access.calendar_for(org_admin.user, calendar.pk)


def test_only_the_current_imports_events_are_read(leader, diary):
    calendar, diary_import = diary
    calendar.current_import = None
    calendar.save()

    assert not access.events_of(leader.user).exists()
