"""Issue 21, item 4: a week's figures are kept (encrypted, the owner's alone) and read back instead of analysing
every event again on each visit, but never once any input changed: a new import, a removed calendar, the working
hours, pattern or time zone, the time-with-people rule, a Connect conversation, the thresholds, the code."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attend.accounts import services as account_services
from attend.accounts import working_pattern as wp
from attend.connect.models import Conversation, Pairing
from attend.diary import access, kept_figures, selectors, services, tasks
from attend.diary.figures import DayFigures, WeekFigures
from attend.diary.models import DiaryWeekFigures
from attend.diary.plain_data import plain
from attend.diary.tests.support import at, busy_week, calendar_with, ics, this_monday

pytestmark = pytest.mark.django_db

SECRET = "Grievance hearing for Alex"


def _diary(owner, *, extra=()):
    monday = this_monday()
    calendar, _ = calendar_with(owner, ics(busy_week(monday) + list(extra)))
    return calendar, monday


def _fresh(user, monday):
    """What the engine says now, never kept: the figures a kept copy must equal."""
    analysis = selectors._analysis(user, monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7))
    return analysis.weeks[1], analysis.days_of(analysis.weeks[1])


def _reads_events(call) -> bool:
    with CaptureQueriesContext(connection) as queries:
        call()
    return any("diary_diaryevent" in query["sql"] for query in queries)


def _week(user, monday):
    report = selectors.week_report(user, monday)
    return report.week, report.days


# Kept, and the same figures -----------------------------------------------------------------------------------


def test_a_second_look_at_the_week_and_the_trend_reads_no_events_and_gives_the_same_figures(leader):
    user = leader.user
    _, monday = _diary(user)

    first = _week(user, monday)
    assert not _reads_events(lambda: _week(user, monday))
    assert _week(user, monday) == first == _fresh(user, monday)

    trend = selectors.trend(user, last_monday=monday)
    assert not _reads_events(lambda: selectors.trend(user, last_monday=monday))
    assert selectors.trend(user, last_monday=monday) == trend
    assert trend[-1] == first[0]


def test_the_trend_keeps_no_days_and_a_week_opened_after_it_reads_its_events_once(leader):
    user = leader.user
    _, monday = _diary(user)
    selectors.trend(user, last_monday=monday)
    assert [row.days for row in access.kept_figures_of(user)] == [[]] * selectors.TREND_WEEKS

    assert _reads_events(lambda: _week(user, monday))
    assert not _reads_events(lambda: _week(user, monday))
    assert not _reads_events(lambda: selectors.trend(user, last_monday=monday))
    assert _week(user, monday) == _fresh(user, monday)

    # A trend that must analyse again (a week further on) leaves the week's kept days alone.
    selectors.trend(user, last_monday=monday + datetime.timedelta(weeks=1))
    assert not _reads_events(lambda: _week(user, monday))


def test_an_upload_keeps_the_last_twelve_weeks_before_anyone_looks(leader, django_capture_on_commit_callbacks):
    user = leader.user
    monday = this_monday()
    with django_capture_on_commit_callbacks(execute=False):
        diary_import = services.diary_upload_add(
            owner=user, name="Work", file_name="work.ics", data=ics(busy_week(monday))
        )

    tasks.diary_import_process.call(str(diary_import.pk))

    assert access.kept_figures_of(user).count() == selectors.TREND_WEEKS
    assert not _reads_events(lambda: selectors.trend(user, last_monday=monday))
    assert not _reads_events(lambda: _week(user, monday))


# Never stale ---------------------------------------------------------------------------------------------------


def test_a_new_upload_is_counted_at_once(leader):
    user = leader.user
    calendar, monday = _diary(user)
    before = _week(user, monday)

    thursday = monday + datetime.timedelta(days=3)
    services.diary_import_start(
        calendar=calendar,
        data=ics([("All morning", at(thursday, 9), at(thursday, 13))], uid_prefix="new"),
        file_name="work.ics",
        run_now=True,
    )

    after = _week(user, monday)
    assert after != before and after == _fresh(user, monday)
    assert after[0].meeting_minutes == 240


def test_the_digest_alone_catches_a_new_import_and_a_removed_calendar(leader, monkeypatch):
    # Two defences: an import or a removed calendar forgets the kept weeks, and the digest names every current
    # import. This checks the second without the first.
    monkeypatch.setattr(kept_figures, "figures_forget", lambda **kwargs: None)
    user = leader.user
    calendar, monday = _diary(user)
    friday = monday + datetime.timedelta(days=4)
    other, _ = calendar_with(user, ics([("Clinic", at(friday, 10), at(friday, 12))], uid_prefix="o"), name="Clinic")
    before = _week(user, monday)

    services.diary_import_start(calendar=calendar, data=ics(busy_week(monday)[:3]), file_name="a.ics", run_now=True)
    after = _week(user, monday)
    assert after != before and after == _fresh(user, monday)

    services.diary_calendar_delete(calendar=other)
    assert _week(user, monday)[0].meeting_minutes == after[0].meeting_minutes - 120


def test_removing_one_of_two_calendars_is_counted_at_once(leader):
    user = leader.user
    _, monday = _diary(user)
    friday = monday + datetime.timedelta(days=4)
    other, _ = calendar_with(user, ics([("Clinic", at(friday, 10), at(friday, 12))], uid_prefix="o"), name="Clinic")
    before = _week(user, monday)

    services.diary_calendar_delete(calendar=other)

    after = _week(user, monday)
    assert after[0].meeting_minutes == before[0].meeting_minutes - 120
    assert after == _fresh(user, monday)


def test_changed_working_hours_and_time_zone_are_counted_at_once(leader):
    user = leader.user
    _, monday = _diary(user)
    before = _week(user, monday)

    services.working_hours_save(
        user=user, time_zone="Europe/London", working_days=[0, 1, 2, 3], starts=datetime.time(9), ends=datetime.time(17)
    )
    after = _week(user, monday)
    assert after[0].working_minutes == 4 * 8 * 60 != before[0].working_minutes
    assert after == _fresh(user, monday)

    services.working_hours_save(
        user=user, time_zone="Europe/Paris", working_days=[0, 1, 2, 3], starts=datetime.time(9), ends=datetime.time(17)
    )
    moved = _week(user, monday)
    assert moved != after and moved == _fresh(user, monday)


def test_a_changed_working_pattern_is_counted_at_once(leader):
    user = leader.user
    _, monday = _diary(user)
    before = _week(user, monday)
    tuesday = monday + datetime.timedelta(days=1)

    account_services.working_pattern_save(user=user, pattern=wp.Pattern(changes=(wp.Change(tuesday, wp.LEAVE),)))

    after = _week(user, monday)
    assert after[1][1].working_minutes == 0 < before[1][1].working_minutes
    assert after == _fresh(user, monday)


def test_a_changed_people_rule_and_a_connect_conversation_are_counted_at_once(leader, member):
    user = leader.user
    monday = this_monday()
    _diary(user, extra=[("1:1 with Sam", at(monday, 11), at(monday, 11, 30))])
    tuesday = monday + datetime.timedelta(days=1)
    assert _week(user, monday)[0].people_minutes == 30

    pairing = Pairing.objects.create(organisation=leader.organisation, leader=user, person=member.user)
    conversation = Conversation.objects.create(pairing=pairing, kind="wellbeing", starts_at=at(tuesday, 16), minutes=45)
    assert _week(user, monday)[0].people_minutes == 30 + 45

    Conversation.objects.filter(pk=conversation.pk).update(status=Conversation.Status.CANCELLED)
    assert _week(user, monday)[0].people_minutes == 30

    services.people_rule_save(owner=user, title_words=["catch up"], small_meeting=0, connect=True)
    assert _week(user, monday)[0].people_minutes == 0
    assert _week(user, monday) == _fresh(user, monday)


def test_changed_thresholds_are_counted_at_once(leader):
    user = leader.user
    _, monday = _diary(user)
    assert _week(user, monday)[0].long_meetings == 0

    with override_settings(DIARY_THRESHOLDS={"long_meeting": 45}):
        assert _week(user, monday)[0].long_meetings == 10  # every hour-long meeting


def test_new_code_never_reads_figures_kept_by_the_old(leader, monkeypatch):
    user = leader.user
    _, monday = _diary(user)
    _week(user, monday)

    monkeypatch.setattr(kept_figures, "CODE_VERSION", "a later release")

    assert _reads_events(lambda: _week(user, monday))


def test_new_time_zone_rules_are_counted_at_once(leader, monkeypatch):
    """An upgrade of the zone rules (a country moves its clocks) changes a day's bounds: never served stale."""
    user = leader.user
    _, monday = _diary(user)
    _week(user, monday)
    rules = kept_figures._zone_file(user.time_zone)
    assert rules.startswith(b"TZif")  # the real rules are read, so the digest follows them

    monkeypatch.setattr(kept_figures, "_zone_file", lambda key: rules + b"a later release of the rules")
    kept_figures.zone_rules.cache_clear()
    try:
        assert _reads_events(lambda: _week(user, monday))
    finally:
        kept_figures.zone_rules.cache_clear()


def test_a_zone_name_never_reads_a_file_outside_the_zone_folders():
    with pytest.raises(ValueError):
        kept_figures.zone_rules("../../etc/passwd")


# Private -------------------------------------------------------------------------------------------------------


def test_someone_reading_the_database_finds_no_title_and_no_figure(leader):
    user = leader.user
    monday = this_monday()
    tuesday = monday + datetime.timedelta(days=1)
    _diary(user, extra=[(SECRET, at(tuesday, 16), at(tuesday, 18))])
    _week(user, monday)
    assert DiaryWeekFigures.objects.filter(owner=user).exists()

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM diary_diaryweekfigures")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert SECRET not in stored and "Grievance" not in stored and "meeting_minutes" not in stored
    assert "long_meetings" not in stored and "Meeting huddle" not in stored


def test_another_person_never_reads_or_shares_anyone_elses_kept_figures(leader, other_leader, org_admin, client):
    monday = this_monday()
    tuesday = monday + datetime.timedelta(days=1)
    _diary(leader.user, extra=[(SECRET, at(tuesday, 16), at(tuesday, 18))])
    _week(leader.user, monday)

    for other in (other_leader.user, org_admin.user):
        assert not access.kept_figures_of(other).exists()
        client.force_login(other)
        for page in ("diary:week", "diary:trend", "diary:index"):
            assert SECRET not in client.get(reverse(page)).content.decode()
        assert client.get(reverse("diary:meetings", args=["long"])).status_code == 404
    assert not admin.site.is_registered(DiaryWeekFigures)

    # The same calendar in another diary is that person's own figures, kept apart.
    _diary(other_leader.user)
    other_week = _week(other_leader.user, monday)
    assert other_week[0].meeting_minutes < _week(leader.user, monday)[0].meeting_minutes
    assert access.kept_figures_of(other_leader.user).count() == access.kept_figures_of(leader.user).count()


def test_kept_figures_never_outlive_the_events_they_name(leader):
    user = leader.user
    monday = this_monday()
    tuesday = monday + datetime.timedelta(days=1)
    calendar, _ = _diary(user, extra=[(SECRET, at(tuesday, 16), at(tuesday, 18))])
    _week(user, monday)

    def kept_titles() -> str:
        return str([plain(row.days) for row in access.kept_figures_of(user)])

    assert SECRET in kept_titles()

    # A new upload without the meeting: no kept figure names it, before anyone looks again.
    services.diary_import_start(calendar=calendar, data=ics(busy_week(monday)), file_name="work.ics", run_now=True)
    assert SECRET not in kept_titles()

    _week(user, monday)
    services.diary_calendar_delete(calendar=calendar)
    assert not access.kept_figures_of(user).exists()


def test_figures_read_just_before_an_import_replaced_the_events_are_not_kept(leader, monkeypatch):
    user = leader.user
    monday = this_monday()
    tuesday = monday + datetime.timedelta(days=1)
    calendar, _ = _diary(user, extra=[(SECRET, at(tuesday, 16), at(tuesday, 18))])
    analyse = selectors._analysis

    def an_import_lands_meanwhile(*args, **kwargs):
        figures = analyse(*args, **kwargs)
        services.diary_import_start(calendar=calendar, data=ics(busy_week(monday)), file_name="w.ics", run_now=True)
        return figures

    monkeypatch.setattr(selectors, "_analysis", an_import_lands_meanwhile)
    _week(user, monday)

    assert not access.kept_figures_of(user).exists()


def test_kept_figures_go_with_their_owner(leader):
    user = leader.user
    _, monday = _diary(user)
    _week(user, monday)

    user.delete()

    assert not DiaryWeekFigures.objects.exists()


def test_week_and_day_figures_types_are_what_the_pages_use(leader):
    user = leader.user
    _, monday = _diary(user)
    _week(user, monday)
    week, days = _week(user, monday)
    assert isinstance(week, WeekFigures) and all(isinstance(day, DayFigures) for day in days)
    assert [day.day for day in days] == [monday + datetime.timedelta(days=n) for n in range(7)]
