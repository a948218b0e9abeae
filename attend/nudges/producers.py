"""Things Attend notices on its own schedule, run at each dispatch: each module's producer looks at the
clock and creates notifications through `notification_create`. Dedupe keys make running one twice harmless.
"""

from datetime import datetime, time, timedelta

from django.urls import reverse

from attend.nudges import rules
from attend.nudges.services import notification_create, working_pattern


def practice_reminders(*, now: datetime, send=None) -> None:
    """A gentle reminder on each working day, for people who asked for one. It lasts the day and no longer:
    yesterday's invitation to practise is not worth an email."""
    from attend.nudges.models import Notification
    from attend.practice.models import PracticePreference

    due = {}
    asked = PracticePreference.objects.filter(remind_on_working_days=True, person__is_active=True)
    for preference in asked.select_related("person"):
        person = preference.person
        pattern = working_pattern(person)
        today = rules.local_day(now, pattern)
        if today.weekday() in pattern.days:
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


def expiring_invitations(*, now: datetime, send=None) -> None:
    """Tell whoever sent an invitation, a day before it runs out, while there is still time to resend it."""
    from attend.organisations.models import Invitation

    soon = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__gt=now, expires_at__lte=now + timedelta(days=1), invited_by__isnull=False
    ).select_related("membership__user", "membership__organisation", "invited_by")
    for invitation in soon:
        membership = invitation.membership
        # Only someone still active in that organisation may hear who has not joined it.
        if not membership.organisation.memberships.filter(user=invitation.invited_by, is_active=True).exists():
            continue
        notification_create(
            person=invitation.invited_by,
            organisation=membership.organisation,
            kind="invitation_expiring",
            title=f"{membership.user.name} has not joined Attend yet: their invitation ends tomorrow",
            link=reverse("organisations:person", args=[membership.pk]),
            time_critical=True,
            expires_at=invitation.expires_at,
            dedupe_key=f"invitation-expiring:{invitation.pk}",
            now=now,
            send=send,
        )


PRODUCERS = [practice_reminders, expiring_invitations]


def run_producers(*, now: datetime, send=None) -> None:
    for producer in PRODUCERS:
        producer(now=now, send=send)
