"""Writes for Practice: the session log, check-ins, presets, preferences and an organisation's own practices."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from attend.accounts.models import User
from attend.core.models import AuditEvent
from attend.practice import selectors, services
from attend.practice.models import OrganisationPractice, PracticePreference, PracticeSession, TimerPreset
from attend.practice.tests.support import raw_check_in, record
from attend.practice.timing import Stage, TimerSettings

pytestmark = pytest.mark.django_db

STARTED = datetime(2026, 3, 18, 7, 30, tzinfo=UTC)
NOTE = "Settled before the ward round on Larkspur."


@pytest.fixture
def person(leader):
    return leader.user


def log(person, client_id, **fields) -> PracticeSession:
    values = {"started_at": STARTED, "planned": 180, "actual": 180, "ended": True, "completed": True, **fields}
    return record(person, client_id=client_id, **values)


# The session log


def test_a_session_is_logged_with_its_planned_end(person, organisation):
    client_id = uuid.uuid4()

    session = log(person, client_id, organisation=organisation, planned=1200, actual=1200)

    fresh = PracticeSession.objects.get(pk=session.pk)
    assert fresh.person == person
    assert fresh.organisation == organisation
    assert fresh.client_id == client_id
    assert fresh.kind == "guided"
    assert fresh.practice_key == "breathing-space"
    assert fresh.started_at == STARTED
    assert fresh.planned_seconds == 1200
    assert fresh.planned_end_at == STARTED + timedelta(minutes=20)
    assert fresh.actual_seconds == 1200
    assert fresh.ended is True
    assert fresh.completed is True
    assert fresh.check_in == {}


def test_an_open_ended_session_has_no_planned_end(person):
    session = log(person, uuid.uuid4(), planned=None, actual=900, completed=False, kind="timer")

    assert session.planned_end_at is None
    assert session.planned_seconds is None
    assert session.actual_seconds == 900


def test_the_same_payload_twice_is_one_session(person):
    client_id = uuid.uuid4()

    first = log(person, client_id)
    second = log(person, client_id)

    assert first.pk == second.pk
    assert PracticeSession.objects.filter(person=person).count() == 1


def test_a_session_in_progress_is_brought_up_to_date_when_it_ends(person):
    client_id = uuid.uuid4()
    log(person, client_id, ended=False, actual=None, completed=False)

    session = log(person, client_id, actual=120, ended=True, completed=False)

    fresh = PracticeSession.objects.get(person=person, client_id=client_id)
    assert fresh.pk == session.pk
    assert (fresh.ended, fresh.actual_seconds, fresh.completed) == (True, 120, False)
    assert PracticeSession.objects.count() == 1


def test_an_older_state_arriving_after_the_end_does_not_reopen_it(person):
    client_id = uuid.uuid4()
    log(person, client_id, actual=150, ended=True, completed=False)

    returned = log(person, client_id, actual=None, ended=False, completed=False, planned=600, title="Changed")

    fresh = PracticeSession.objects.get(person=person, client_id=client_id)
    assert returned.pk == fresh.pk
    assert fresh.ended is True
    assert fresh.actual_seconds == 150
    assert fresh.planned_seconds == 180
    assert fresh.title == "Three-step breathing space"


def test_a_second_ended_report_does_not_change_the_first(person):
    client_id = uuid.uuid4()
    log(person, client_id, actual=150, completed=False)

    log(person, client_id, actual=180, completed=True)

    fresh = PracticeSession.objects.get(person=person, client_id=client_id)
    assert (fresh.actual_seconds, fresh.completed) == (150, False)


def test_a_session_is_only_completed_once_it_has_ended(person):
    session = log(person, uuid.uuid4(), actual=180, ended=False, completed=True)

    assert session.completed is False
    assert session.ended is False
    assert session.actual_seconds is None  # what was practised is known only at the end


def test_the_same_client_id_from_two_people_is_two_sessions(person, member):
    client_id = uuid.uuid4()
    log(person, client_id, actual=180)

    log(member.user, client_id, actual=60, completed=False)

    assert PracticeSession.objects.filter(client_id=client_id).count() == 2
    assert person.practice_sessions.get(client_id=client_id).actual_seconds == 180


# Check-ins


def test_a_check_in_keeps_the_feeling_and_note(person):
    session = log(person, uuid.uuid4())

    services.practice_session_check_in(session=session, feeling="Calm", note=NOTE)

    fresh = PracticeSession.objects.get(pk=session.pk)
    assert fresh.feeling == "Calm"
    assert fresh.note == NOTE
    assert fresh.check_in == {"feeling": "Calm", "note": NOTE}


def test_the_check_in_is_encrypted_at_rest(person):
    session = log(person, uuid.uuid4())
    services.practice_session_check_in(session=session, feeling="Calm", note=NOTE)

    stored = raw_check_in(session)

    assert stored
    assert "Larkspur" not in stored
    assert "Calm" not in stored
    assert "note" not in stored


def test_an_empty_check_in_clears_it(person):
    session = log(person, uuid.uuid4())
    services.practice_session_check_in(session=session, feeling="Calm", note=NOTE)

    services.practice_session_check_in(session=session, feeling="", note="")

    assert PracticeSession.objects.get(pk=session.pk).check_in == {}


# Presets and preferences


SIT_WALK_SIT = TimerSettings(
    stages=(Stage("Sit", 1200, interval_seconds=300), Stage("Walk", 600), Stage("Sit", None, interval_seconds=600)),
    preparation_seconds=30,
    bell="bell",
    vibrate=True,
)


def test_a_preset_is_saved_and_reads_back_as_the_same_settings(person):
    preset = services.timer_preset_save(person=person, name="Sit, walk, sit", settings=SIT_WALK_SIT)

    fresh = TimerPreset.objects.get(pk=preset.pk)
    assert fresh.person == person
    assert fresh.name == "Sit, walk, sit"
    assert fresh.timer_settings() == SIT_WALK_SIT
    assert list(selectors.presets_of(person)) == [fresh]


def test_saving_a_preset_again_changes_it_in_place(person):
    preset = services.timer_preset_save(person=person, name="Sit", settings=SIT_WALK_SIT)
    shorter = TimerSettings(stages=(Stage("Sit", 600),))

    services.timer_preset_save(person=person, name="Short sit", settings=shorter, preset=preset)

    fresh = TimerPreset.objects.get(pk=preset.pk)
    assert fresh.name == "Short sit"
    assert fresh.timer_settings() == shorter
    assert TimerPreset.objects.count() == 1


def test_a_preset_can_be_deleted(person):
    preset = services.timer_preset_save(person=person, name="Sit", settings=SIT_WALK_SIT)
    services.timer_preset_save(person=person, name="Keep me", settings=SIT_WALK_SIT)

    services.timer_preset_delete(preset=preset)

    assert list(TimerPreset.objects.values_list("name", flat=True)) == ["Keep me"]


def test_streaks_are_off_until_turned_on_and_can_be_turned_off(person):
    def shown() -> bool:
        return selectors.shows_streaks(User.objects.get(pk=person.pk))  # as a fresh request would read it

    assert shown() is False

    services.practice_preference_set(person=person, show_streaks=True, remind_on_working_days=True)
    assert shown() is True

    services.practice_preference_set(person=person, show_streaks=False, remind_on_working_days=False)
    assert shown() is False
    assert PracticePreference.objects.filter(person=person).count() == 1


# An organisation's own practices


def save_practice(organisation, by, practice=None, **fields) -> OrganisationPractice:
    values = {
        "title": "Before handover",
        "purpose": "A minute to arrive.",
        "when": "Before handover.",
        "length_seconds": 60,
        "script": "0:00 Stop where you are.\n0:30 Go in.",
        **fields,
    }
    return services.organisation_practice_save(organisation=organisation, by=by, practice=practice, **values)


def audit_trail(organisation) -> list[tuple[str, str, object]]:
    return list(
        AuditEvent.objects.for_organisation(organisation)
        .order_by("created_at")
        .values_list("action", "target_description", "actor")
    )


def test_adding_a_practice_is_audited(organisation, facilitator):
    practice = save_practice(organisation, facilitator.user)

    assert practice.organisation == organisation
    assert practice.created_by == facilitator.user
    assert practice.practice().cues[-1].at == 30
    assert audit_trail(organisation) == [(AuditEvent.Action.PRACTICE_ADDED, "Before handover", facilitator.user.pk)]


def test_changing_a_practice_is_audited(organisation, facilitator, org_admin):
    practice = save_practice(organisation, facilitator.user)

    save_practice(organisation, org_admin.user, practice=practice, title="Before the shift", length_seconds=90)

    fresh = OrganisationPractice.objects.get(pk=practice.pk)
    assert (fresh.title, fresh.length_seconds) == ("Before the shift", 90)
    assert fresh.created_by == facilitator.user
    assert OrganisationPractice.objects.count() == 1
    assert audit_trail(organisation)[-1] == (AuditEvent.Action.PRACTICE_CHANGED, "Before the shift", org_admin.user.pk)


def test_archiving_and_restoring_are_audited(organisation, facilitator):
    practice = save_practice(organisation, facilitator.user)

    services.organisation_practice_archive(practice=practice, by=facilitator.user)
    assert OrganisationPractice.objects.get(pk=practice.pk).is_archived is True

    services.organisation_practice_archive(practice=practice, by=facilitator.user, archived=False)
    assert OrganisationPractice.objects.get(pk=practice.pk).is_archived is False

    assert [action for action, _, _ in audit_trail(organisation)] == [
        AuditEvent.Action.PRACTICE_ADDED,
        AuditEvent.Action.PRACTICE_ARCHIVED,
        AuditEvent.Action.PRACTICE_RESTORED,
    ]
