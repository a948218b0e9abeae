"""Practice's nudge producer, run at each dispatch because `attend.nudges.registry.NUDGE_PRODUCERS` names it.

Practice depends on Nudges here, never the other way: Nudges runs this by its dotted path.
"""

from datetime import datetime, time, timedelta

from django.urls import reverse

from attend.nudges import rules
from attend.nudges.models import Notification
from attend.nudges.services import notification_create, working_pattern
from attend.practice.models import PracticePreference


def practice_reminders(*, now: datetime, send=None) -> None:
    """A gentle reminder on each working day (a day with a shift, for a shift worker), for people who asked.
    It lasts the day and no longer: yesterday's invitation to practise is not worth an email."""
    due = {}
    asked = PracticePreference.objects.filter(remind_on_working_days=True, person__is_active=True)
    for preference in asked.select_related("person"):
        person = preference.person
        pattern = working_pattern(person, now)
        today = rules.local_day(now, pattern)
        if rules.is_working_day(today, pattern):
            due[(person.pk, f"practice-reminder:{today.isoformat()}")] = (person, today, pattern)
    # One query for who already has today's reminder: this runs every few minutes.
    told = set(
        Notification.objects.filter(
            person__in=[person for person, _, _ in due.values()], dedupe_key__in={key for _, key in due}
        ).values_list("person_id", "dedupe_key")
    )
    for (person_id, key), (person, today, pattern) in due.items():
        if (person_id, key) in told:
            continue
        notification_create(
            person=person,
            kind="practice_reminder",
            title="A few minutes of practice today, if you would like",
            link=reverse("practice:index"),
            expires_at=datetime.combine(today + timedelta(days=1), time(0), tzinfo=pattern.zone),
            dedupe_key=key,
            now=now,
        )
