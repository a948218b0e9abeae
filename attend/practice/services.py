"""Writes for Practice: the session log, check-ins, presets, preferences and an organisation's own practices."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.validators import TextChecks, clean_text
from attend.practice import content
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
    checks = TextChecks()
    practice_key = checks.model_text(PracticeSession, "practice_key", practice_key)
    title = checks.model_text(PracticeSession, "title", title)
    checks.raise_any()
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


# The check-in note's longest, as its form says (it is kept encrypted, so no column says it).
CHECK_IN_NOTE_LENGTH = 1000


def practice_session_check_in(*, session: PracticeSession, feeling: str, note: str) -> PracticeSession:
    note = clean_text(note, field="note", max_length=CHECK_IN_NOTE_LENGTH, multiline=True)
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
    checks = TextChecks()
    name = checks.model_text(TimerPreset, "name", name)
    for number, stage in enumerate(settings.stages, start=1):
        checks.text(stage.name, field=f"stage{number}_name", label=f"Stage {number}'s name", max_length=40)
    checks.raise_any()
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
    values = _checked_practice(title=title, purpose=purpose, when=when, length_seconds=length_seconds, script=script)
    is_new = practice is None
    practice = practice or OrganisationPractice(organisation=organisation, created_by=by)
    for field, value in values.items():
        setattr(practice, field, value)
    practice.save()
    audit_event_record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.PRACTICE_ADDED if is_new else AuditEvent.Action.PRACTICE_CHANGED,
        target=practice.title,
    )
    return practice


def _checked_practice(*, title, purpose, when, length_seconds, script) -> dict:
    """The practice's fields as its pages will show them, or a ValidationError naming every bad field: a script
    that does not parse would break the library and the service worker for the whole organisation."""
    checks = TextChecks()
    values = {
        "title": checks.model_text(OrganisationPractice, "title", title),
        "purpose": checks.model_text(OrganisationPractice, "purpose", purpose),
        "when": checks.model_text(OrganisationPractice, "when", when),
        "length_seconds": length_seconds,
        "script": checks.text(script, field="script", multiline=True, max_length=content.MAX_SCRIPT_LENGTH),
    }
    shortest, longest = content.OWN_PRACTICE_SECONDS
    if not isinstance(length_seconds, int) or not shortest <= length_seconds <= longest:
        checks.add("length_seconds", "Enter a length between 0:11 and 60:00")
    elif "script" not in checks.errors:
        try:
            content.parse_cues(values["script"], length_seconds=length_seconds)
        except content.ScriptError as error:
            checks.add("script", *error.problems)
    checks.raise_any()
    return values


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
