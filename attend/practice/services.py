"""Writes for Practice: the session log, check-ins, presets, preferences and an organisation's own practices."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.practice.models import OrganisationPractice, PracticePreference, PracticeSession, TimerPreset
from attend.practice.timing import TimerSettings


def practice_session_record(
    *,
    person,
    organisation,
    client_id,
    kind: str,
    practice_key: str,
    title: str,
    started_at: datetime,
    planned_seconds: int | None,
    actual_seconds: int | None,
    ended: bool,
    completed: bool,
) -> PracticeSession:
    """Log a session, or bring its log up to date. The browser may send the same state twice (once offline,
    again when it is back online) or an older state after a newer one: a session stays one row, and an ended
    session is never reopened."""
    values = {
        "kind": kind,
        "practice_key": practice_key,
        "title": title,
        "started_at": started_at,
        "planned_seconds": planned_seconds,
        "planned_end_at": started_at + timedelta(seconds=planned_seconds) if planned_seconds is not None else None,
        "actual_seconds": actual_seconds if ended else None,
        "ended": ended,
        "completed": completed and ended,
    }
    with transaction.atomic():
        session = person.practice_sessions.select_for_update().filter(client_id=client_id).first()
        if session is None:
            try:
                with transaction.atomic():
                    return person.practice_sessions.create(organisation=organisation, client_id=client_id, **values)
            except IntegrityError:
                # The same session arrived twice at once: the other request logged it.
                session = person.practice_sessions.select_for_update().get(client_id=client_id)
        if session.ended:
            return session
        for field, value in values.items():
            setattr(session, field, value)
        session.save()
    return session


def practice_session_check_in(*, session: PracticeSession, feeling: str, note: str) -> PracticeSession:
    session.check_in = {"feeling": feeling, "note": note} if feeling or note else {}
    session.save(update_fields=["check_in", "updated_at"])
    return session


def practice_session_delete(*, session: PracticeSession) -> None:
    session.delete()


def practice_log_exported(*, person, organisation, file_format: str) -> None:
    """A download of the log leaves Attend, so it is recorded (the fact, never the content)."""
    audit_event_record(
        actor=person,
        organisation=organisation,
        action=AuditEvent.Action.DATA_EXPORTED,
        target=f"Practice log ({file_format.upper()})",
    )


def practice_preference_set(*, person, show_streaks: bool, remind_on_working_days: bool) -> PracticePreference:
    preference, _ = PracticePreference.objects.update_or_create(
        person=person, defaults={"show_streaks": show_streaks, "remind_on_working_days": remind_on_working_days}
    )
    return preference


def _stages_data(settings: TimerSettings) -> list[dict]:
    return [
        {
            "name": stage.name,
            "seconds": stage.seconds,
            "interval_seconds": stage.interval_seconds,
            "points": list(stage.points),
        }
        for stage in settings.stages
    ]


def timer_preset_save(*, person, name: str, settings: TimerSettings, preset: TimerPreset | None = None) -> TimerPreset:
    preset = preset or TimerPreset(person=person)
    preset.name = name
    preset.preparation_seconds = settings.preparation_seconds
    preset.bell = settings.bell
    preset.vibrate = settings.vibrate
    preset.stages = _stages_data(settings)
    preset.save()
    return preset


def timer_preset_delete(*, preset: TimerPreset) -> None:
    preset.delete()


@transaction.atomic
def organisation_practice_save(
    *,
    organisation,
    by,
    title: str,
    purpose: str,
    when: str,
    length_seconds: int,
    script: str,
    practice: OrganisationPractice | None = None,
) -> OrganisationPractice:
    is_new = practice is None
    practice = practice or OrganisationPractice(organisation=organisation, created_by=by)
    practice.title = title
    practice.purpose = purpose
    practice.when = when
    practice.length_seconds = length_seconds
    practice.script = script
    practice.save()
    audit_event_record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.PRACTICE_ADDED if is_new else AuditEvent.Action.PRACTICE_CHANGED,
        target=title,
    )
    return practice


@transaction.atomic
def organisation_practice_archive(*, practice: OrganisationPractice, by, archived: bool = True) -> OrganisationPractice:
    practice.is_archived = archived
    practice.save(update_fields=["is_archived", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=practice.organisation,
        action=AuditEvent.Action.PRACTICE_ARCHIVED if archived else AuditEvent.Action.PRACTICE_RESTORED,
        target=practice.title,
    )
    return practice
