"""Diary's writes against the database: imports all or nothing, titles encrypted, refreshes, choices."""

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from attend.core.crypto import fernet
from attend.core.formatting import long_date
from attend.diary import access, selectors, services
from attend.diary.models import DiaryCalendar, DiaryEvent, DiaryImport, ProtectedTimeChoice
from attend.diary.proposals import Proposal
from attend.diary.tests.support import at, busy_week, calendar_with, ics, this_monday

pytestmark = pytest.mark.django_db

BROKEN = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


def titles(user) -> list[str]:
    return sorted(event.title for event in selectors.events_between(user, *services.stored_window(user)))


def test_an_upload_becomes_the_calendars_events(leader):
    monday = this_monday()
    calendar, diary_import = calendar_with(leader.user, ics(busy_week(monday)))

    assert diary_import.state == DiaryImport.State.DONE
    assert calendar.current_import == diary_import
    assert calendar.status == DiaryCalendar.Status.READY
    assert diary_import.events_total == diary_import.events_done == len(busy_week(monday))
    assert "Meeting 9" in titles(leader.user)
    assert bytes(diary_import.payload) == b""  # the file is not kept once read


def test_titles_are_encrypted_at_rest(leader):
    calendar_with(leader.user, ics([("Disciplinary hearing", at(this_monday(), 10), at(this_monday(), 11))]))

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT details FROM {DiaryEvent._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all("Disciplinary" not in value for value in stored)


def test_an_import_keeps_what_it_can_read_and_lists_what_it_left_out_encrypted(leader):
    _, diary_import = calendar_with(leader.user, (CALENDARS / "partly_broken_bad_date.ics").read_bytes())

    diary_import.refresh_from_db()
    assert diary_import.state == DiaryImport.State.DONE
    assert diary_import.skipped_count == 1
    assert diary_import.skipped == [
        {"line": 14, "title": "Bad month", "why": "the start date '20261301T100000Z' is not a date."}
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT skipped FROM {DiaryImport._meta.db_table}")
        stored = [str(row[0]) for row in cursor.fetchall()]
    assert stored and all("Bad month" not in value for value in stored)


def test_the_payload_waiting_for_the_worker_is_encrypted(leader):
    calendar = services.diary_calendar_create(owner=leader.user, source=DiaryCalendar.Source.UPLOAD, name="Work")
    diary_import = DiaryImport.objects.create(calendar=calendar, payload=b"")
    data = ics([("Secret title", at(this_monday(), 10), at(this_monday(), 11))])
    from attend.core.crypto import fernet

    diary_import.payload = fernet().encrypt(data)
    diary_import.save()
    assert b"Secret title" not in bytes(DiaryImport.objects.get(pk=diary_import.pk).payload)


def test_a_file_that_cannot_be_read_changes_nothing(leader):
    monday = this_monday()
    calendar, first = calendar_with(leader.user, ics(busy_week(monday)))
    before = titles(leader.user)

    failed = services.diary_import_start(calendar=calendar, data=BROKEN, file_name="broken.ics", run_now=True)

    calendar.refresh_from_db()
    assert failed.state == DiaryImport.State.FAILED
    assert failed.message  # a plain sentence naming the problem
    assert calendar.current_import == first
    assert titles(leader.user) == before
    assert not DiaryEvent.objects.filter(diary_import=failed).exists()


def test_not_a_calendar_at_all_is_refused_with_a_message(leader):
    calendar = services.diary_calendar_create(owner=leader.user, source=DiaryCalendar.Source.UPLOAD, name="Work")
    failed = services.diary_import_start(calendar=calendar, data=b"name,email\nA,b\n", file_name="x.ics", run_now=True)

    # A new calendar whose first import fails is removed (issue 18: no ghost calendar); the import says why.
    assert not DiaryCalendar.objects.filter(pk=calendar.pk).exists()
    failed.refresh_from_db()
    assert failed.state == DiaryImport.State.FAILED and failed.calendar is None and failed.owner == leader.user
    assert failed.message


def test_a_failed_first_import_is_tidied_away_after_a_day(leader):
    calendar = services.diary_calendar_create(owner=leader.user, source=DiaryCalendar.Source.UPLOAD, name="Work")
    failed = services.diary_import_start(calendar=calendar, data=b"name,email\nA,b\n", file_name="x.ics", run_now=True)

    services.diary_imports_tidy(now=timezone.now())
    assert DiaryImport.objects.filter(pk=failed.pk).exists()
    services.diary_imports_tidy(now=timezone.now() + datetime.timedelta(days=2))
    assert not DiaryImport.objects.filter(pk=failed.pk).exists()


def test_a_calendar_that_was_read_once_keeps_its_row_when_a_later_file_fails(leader):
    calendar, first = calendar_with(leader.user, ics(busy_week(this_monday())))
    services.diary_import_start(calendar=calendar, data=b"name,email\nA,b\n", file_name="x.ics", run_now=True)

    calendar.refresh_from_db()
    assert calendar.current_import == first


def test_a_new_import_replaces_the_old_events_entirely(leader):
    monday = this_monday()
    calendar, _ = calendar_with(leader.user, ics(busy_week(monday, prefix="Old")))

    services.diary_import_start(
        calendar=calendar, data=ics(busy_week(monday, prefix="New"), uid_prefix="new"), file_name="", run_now=True
    )

    assert all(title.startswith("New") for title in titles(leader.user))
    assert DiaryEvent.objects.filter(diary_import__calendar=calendar).count() == len(busy_week(monday))


def test_an_unexpected_failure_keeps_the_last_import(leader, monkeypatch, django_capture_on_commit_callbacks):
    calendar, first = calendar_with(leader.user, ics(busy_week(this_monday())))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.imports, "_switch_to", explode)
    with django_capture_on_commit_callbacks(execute=True):  # the import is queued once the request commits
        failed = services.diary_import_start(calendar=calendar, data=ics(busy_week(this_monday())), file_name="")
    failed.refresh_from_db()  # what the worker did after the commit

    calendar.refresh_from_db()
    assert failed.state == DiaryImport.State.FAILED
    assert "went wrong" in failed.message
    assert calendar.current_import == first
    assert not DiaryEvent.objects.filter(diary_import=failed).exists()


def test_events_outside_the_stored_window_are_not_kept(leader):
    monday = this_monday()
    long_ago = monday - datetime.timedelta(weeks=services.WEEKS_BEFORE + 4)
    calendar_with(
        leader.user, ics([("Ancient", at(long_ago, 10), at(long_ago, 11)), ("Now", at(monday, 10), at(monday, 11))])
    )

    assert titles(leader.user) == ["Now"]


def test_removing_a_calendar_removes_its_events(leader):
    calendar, _ = calendar_with(leader.user, ics(busy_week(this_monday())))

    services.diary_calendar_delete(calendar=calendar)

    assert not DiaryEvent.objects.exists()
    assert not access.calendars_of(leader.user).exists()


def test_the_same_meeting_in_two_calendars_counts_once(leader):
    data = ics(busy_week(this_monday()))
    calendar_with(leader.user, data, name="One")
    calendar_with(leader.user, data, name="Two")

    assert len(titles(leader.user)) == len(busy_week(this_monday()))


def test_calendars_together_may_not_put_more_events_on_one_day_than_the_limit(leader):
    # Pages read every calendar at once: many calendars must not add up to unbounded work for a page.
    monday = this_monday()
    meetings = [(f"Meeting {n}", at(monday, 9), at(monday, 10)) for n in range(55)]
    calendar_with(leader.user, ics(meetings, uid_prefix="one"), name="One")
    calendar_with(leader.user, ics(meetings, uid_prefix="one"), name="Copy of one")  # the same meetings
    before = titles(leader.user)

    huddles = [(f"Huddle {n}", at(monday, 11), at(monday, 12)) for n in range(50)]
    _, diary_import = calendar_with(leader.user, ics(huddles, uid_prefix="three"), name="Three")

    assert diary_import.state == DiaryImport.State.FAILED
    assert diary_import.message.startswith(f"{long_date(monday)} has 105 events. Attend reads calendars with up")
    assert titles(leader.user) == before


def test_working_hours_are_the_persons_own(leader):
    services.working_hours_save(
        user=leader.user,
        time_zone="Europe/Dublin",
        working_days=[0, 1, 2],
        starts=datetime.time(8),
        ends=datetime.time(16),
    )

    pattern = selectors.work_pattern(leader.user)
    assert str(pattern.zone) == "Europe/Dublin"
    assert pattern.days == frozenset({0, 1, 2})
    assert (pattern.starts, pattern.ends) == (datetime.time(8), datetime.time(16))
    assert leader.user.name == "Lee Leader"


def _block(key: str, hour: int) -> Proposal:
    day = this_monday() + datetime.timedelta(days=3)
    return Proposal(key=key, kind="pause", title="Pause", start=at(day, hour), end=at(day, hour, 15), reason="Why")


def test_choosing_keeps_exactly_the_ticked_blocks_of_those_offered(leader, member):
    earlier = _block("pause-earlier", 9)
    services.protected_time_choose(owner=leader.user, offered=[earlier], chosen_keys=[earlier.key])
    offered = [_block("pause-a", 10), _block("pause-b", 11)]

    services.protected_time_choose(owner=leader.user, offered=offered, chosen_keys=["pause-b"])
    services.protected_time_choose(owner=leader.user, offered=offered, chosen_keys=["pause-a"])

    assert selectors.chosen_keys(leader.user) == {"pause-earlier", "pause-a"}
    assert selectors.chosen_keys(member.user) == set()
    chosen = selectors.chosen_proposals(leader.user)
    assert [proposal.key for proposal in chosen] == ["pause-earlier", "pause-a"]
    assert chosen[1].title == "Pause" and chosen[1].reason == "Why"


def test_choosing_the_same_block_twice_keeps_one(leader):
    block = _block("pause-a", 10)
    services.protected_time_choose(owner=leader.user, offered=[block], chosen_keys=[block.key])
    services.protected_time_choose(owner=leader.user, offered=[block], chosen_keys=[block.key])

    assert ProtectedTimeChoice.objects.filter(owner=leader.user).count() == 1


CALENDARS = Path(__file__).parent / "calendars"


@pytest.mark.parametrize("broken", sorted(path.name for path in CALENDARS.glob("broken_*.ics")))
def test_every_broken_sample_file_is_named_and_changes_nothing(leader, broken):
    calendar, first = calendar_with(leader.user, ics(busy_week(this_monday())))
    before = titles(leader.user)

    failed = services.diary_import_start(
        calendar=calendar, data=(CALENDARS / broken).read_bytes(), file_name=broken, run_now=True
    )

    calendar.refresh_from_db()
    assert failed.state == DiaryImport.State.FAILED
    assert failed.message and "went wrong" not in failed.message  # the engine's own words, not a crash
    assert calendar.current_import == first
    assert titles(leader.user) == before


def test_an_import_finishing_leaves_another_still_saving_intact(leader):
    monday = this_monday()
    calendar, _ = calendar_with(leader.user, ics(busy_week(monday)))
    saving = DiaryImport.objects.create(calendar=calendar, state=DiaryImport.State.SAVING, events_total=2)
    half_saved = DiaryEvent.objects.create(
        diary_import=saving, uid="half", starts_at=at(monday, 9), ends_at=at(monday, 10), details={"title": "Half"}
    )

    services.diary_import_start(calendar=calendar, data=ics(busy_week(monday)), file_name="new.ics", run_now=True)

    assert DiaryEvent.objects.filter(pk=half_saved.pk).exists()
    assert DiaryEvent.objects.filter(diary_import__calendar=calendar).exclude(diary_import=saving).count() == len(
        busy_week(monday)
    )


def test_an_older_import_finishing_after_a_newer_one_leaves_the_newer_one_current(leader):
    monday = this_monday()
    calendar = services.diary_calendar_create(owner=leader.user, source=DiaryCalendar.Source.UPLOAD, name="Work")
    # A big upload still waiting for the worker when a small one is read straight away
    older = DiaryImport.objects.create(
        calendar=calendar, payload=fernet().encrypt(ics([("Older", at(monday, 9), at(monday, 10))]))
    )
    newer = services.diary_import_start(
        calendar=calendar, data=ics([("Newer", at(monday, 11), at(monday, 12))]), file_name="newer.ics", run_now=True
    )

    services.diary_import_run(diary_import=DiaryImport.objects.select_related("calendar__owner").get(pk=older.pk))

    calendar.refresh_from_db()
    older.refresh_from_db()
    assert calendar.current_import_id == newer.pk
    assert titles(leader.user) == ["Newer"]
    assert older.state == DiaryImport.State.DONE and "kept the newer one" in older.message
    assert not DiaryEvent.objects.filter(diary_import=older).exists()


def test_a_meeting_free_in_one_calendar_and_busy_in_another_counts_as_busy(leader):
    monday = this_monday()
    tuesday_ten = at(monday + datetime.timedelta(days=1), 10).astimezone(datetime.UTC)
    times = f"DTSTART:{tuesday_ten:%Y%m%dT%H%M%SZ}\r\nDURATION:PT1H\r\nSUMMARY:Board\r\nUID:board-1"

    def one_event(extra: str) -> bytes:
        event = f"BEGIN:VEVENT\r\n{times}\r\n{extra}END:VEVENT\r\n"
        return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{event}END:VCALENDAR\r\n".encode()

    calendar_with(leader.user, one_event("TRANSP:TRANSPARENT\r\n"), name="Shared copy")
    calendar_with(leader.user, one_event(""), name="Work")

    events = selectors.events_between(leader.user, monday, monday + datetime.timedelta(days=7))

    assert [(event.title, event.busy) for event in events] == [("Board", True)]


def test_a_calendar_removed_while_its_import_waits_ends_the_import_quietly(leader):
    calendar = services.diary_calendar_create(owner=leader.user, source=DiaryCalendar.Source.UPLOAD, name="Gone")
    waiting = DiaryImport.objects.create(calendar=calendar, payload=b"")
    waiting = DiaryImport.objects.select_related("calendar__owner").get(pk=waiting.pk)
    services.diary_calendar_delete(calendar=calendar)

    services.diary_import_run(diary_import=waiting)

    assert waiting.state == DiaryImport.State.FAILED
    assert not DiaryEvent.objects.exists()


def test_a_refusal_that_names_an_event_keeps_the_title_encrypted(leader):
    """Someone reading the database (or a backup) must not learn event titles from why a calendar was refused."""
    minutely = ics([("Grievance meeting with Sam", at(this_monday(), 10), at(this_monday(), 11))]).replace(
        b"END:VEVENT", b"RRULE:FREQ=MINUTELY;COUNT=20000\r\nEND:VEVENT"
    )
    calendar, diary_import = calendar_with(leader.user, ics(busy_week(this_monday())))
    failed = services.diary_import_start(calendar=calendar, data=minutely, file_name="work.ics", run_now=True)

    failed.refresh_from_db()
    assert failed.state == DiaryImport.State.FAILED
    assert "Grievance meeting with Sam" in failed.message  # the owner is still told which event
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT message FROM {DiaryImport._meta.db_table}")
        stored = [str(row[0]) for row in cursor.fetchall()]
        cursor.execute(f"SELECT last_error FROM {DiaryCalendar._meta.db_table}")
        stored += [str(row[0]) for row in cursor.fetchall()]
    assert all("Grievance" not in value for value in stored)
