"""About eight weeks of invented practice for the demo leader, two saved timers, and a little practice by
colleagues so the organisation's count (shown only over five people) has something to show."""

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from attend.accounts.models import User
from attend.practice import content, services
from attend.practice.timing import Stage, TimerSettings
from attend.reflect.content import feeling_families

DEMO_PERSON = "leader@northfield.example"
DAYS = 56
# (practice key, weight): mostly the short ones, as in a real busy week.
GUIDED_MIX = [
    ("breathing-space", 8),
    ("stop", 4),
    ("pause-before", 3),
    ("self-compassion-break", 2),
    ("loving-kindness", 1),
    ("body-scan-15", 1),
]
NOTES = [
    "Settled before the ward round.",
    "Hard to stay with it today, and that is fine.",
    "Noticed my shoulders were up by my ears.",
    "Felt kinder going into the meeting.",
]
PRESETS = [
    ("Sit, walk, sit", TimerSettings(stages=(Stage("Sit", 1200), Stage("Walk", 600), Stage("Sit", 1200)))),
    ("Morning sit", TimerSettings(stages=(Stage("Sit", 900, interval_seconds=300),), preparation_seconds=30)),
]


def _log(person, organisation, *, key, title, kind, started_at, planned, actual):
    return services.practice_session_record(
        person=person,
        organisation=organisation,
        client_id=uuid.uuid4(),
        kind=kind,
        practice_key=key,
        title=title,
        started_at=started_at,
        planned_seconds=planned,
        actual_seconds=actual,
        ended=True,
        completed=actual == planned,
    )


def _session_on(day, person, organisation, rng: random.Random, words: list[str]):
    hour = rng.choice([7, 8, 12, 13, 16, 17, 21])
    started_at = datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=timezone.get_current_timezone())
    if rng.random() < 0.15:
        key, title, kind, planned = "timer", "Timer", "timer", rng.choice([600, 1200])
    else:
        keys, weights = [key for key, _ in GUIDED_MIX], [weight for _, weight in GUIDED_MIX]
        practice = content.built_in_practice(rng.choices(keys, weights)[0])
        key, title, kind, planned = practice.key, practice.title, "guided", practice.length_seconds
    # Now and then a session ends early: the log keeps it, with what was practised.
    actual = planned if rng.random() > 0.12 else rng.randrange(30, planned)
    session = _log(
        person, organisation, key=key, title=title, kind=kind, started_at=started_at, planned=planned, actual=actual
    )
    if rng.random() < 0.4:
        note = rng.choice(NOTES) if rng.random() < 0.4 else ""
        services.practice_session_check_in(session=session, feeling=rng.choice(words), note=note)


def _leader_history(person, organisation, rng: random.Random):
    words = [word for family in feeling_families() for word in family.words]
    today = timezone.localdate()
    for days_ago in range(DAYS, 0, -1):
        day = today - timedelta(days=days_ago)
        # More practice on weekdays, less at weekends, and a quiet week in the middle: real life.
        chance = 0.35 if day.weekday() >= 5 else 0.7
        if 24 <= days_ago <= 30:
            chance = 0.15
        for _ in range(2 if rng.random() < 0.15 else 1):
            if rng.random() < chance:
                _session_on(day, person, organisation, rng, words)


def _colleagues_practice(organisation, rng: random.Random):
    colleagues = User.objects.filter(memberships__organisation=organisation).exclude(email=DEMO_PERSON)[:8]
    breathing = content.built_in_practice(content.BREATHING_SPACE)
    for colleague in colleagues:
        for _ in range(rng.randrange(1, 6)):
            started_at = timezone.now() - timedelta(days=rng.randrange(1, 28), hours=rng.randrange(24))
            _log(
                colleague,
                organisation,
                key=breathing.key,
                title=breathing.title,
                kind="guided",
                started_at=started_at,
                planned=breathing.length_seconds,
                actual=breathing.length_seconds,
            )


def load() -> str:
    person = User.objects.filter(email=DEMO_PERSON).first()
    if person is None or person.practice_sessions.exists():
        return "Demo practice is already loaded."
    organisation = person.memberships.first().organisation
    rng = random.Random(2026)
    _leader_history(person, organisation, rng)
    for name, settings in PRESETS:
        services.timer_preset_save(person=person, name=name, settings=settings)
    _colleagues_practice(organisation, rng)
    return f"Loaded {person.practice_sessions.count()} practice sessions for {person.name}."
