"""A busy month for the demo organisation, to show the rules hold: every module creates what it would,
the dispatcher runs every half hour, and every email is counted. Runs inside a transaction that is rolled
back, so nothing it creates is kept.
"""

import io
import os
import random
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core import mail
from django.db import connections, transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from attend.accounts.models import User
from attend.nudges import rules
from attend.nudges.models import EmailDelivery, Notification
from attend.nudges.services import email_delivery_deliver, notification_create, nudges_dispatch, working_pattern
from attend.organisations.models import Organisation
from attend.practice.models import PracticePreference

DEMO_ORGANISATION = "Northfield Community Health"
TICK = timedelta(minutes=30)
LOCAL_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class Rollback(Exception):
    pass


@dataclass(frozen=True)
class Event:
    at: datetime
    person: User
    kind: str
    title: str
    link: str
    time_critical: bool = False
    key: str = ""
    expires_at: datetime | None = None


def _events(people: list[User], start: datetime, days: int, rng: random.Random) -> list[Event]:
    """What the modules would create in a busy month: pulses, conversations, sessions, shares, a calendar."""
    events = []
    leaders = people[: max(1, len(people) // 5)]
    for day in range(days):
        morning = start + timedelta(days=day, hours=7)
        for person in people:
            if day % 14 == 0:
                events.append(
                    Event(morning, person, "pulse_invitation", "Your team pulse is open", "/", key=f"pulse:{day}")
                )
            if day % 14 == 7:
                events.append(Event(morning, person, "pulse_invitation", "The team pulse closes in a week", "/"))
            if rng.random() < 0.08:
                at = start + timedelta(days=day, hours=rng.randrange(24), minutes=rng.randrange(60))
                events.append(Event(at, person, "reflection_shared", "A colleague shared a reflection with you", "/"))
        for leader in leaders:
            if day % 7 == 0:
                events.append(
                    Event(morning, leader, "conversation_reminder", "Two wellbeing conversations this week", "/")
                )
            if day % 14 == 3:
                session = start + timedelta(days=day, hours=10)
                events.append(
                    Event(session - timedelta(days=1), leader, "session_reminder", "Programme session tomorrow", "/")
                )
                events.append(
                    Event(
                        session - timedelta(minutes=50),
                        leader,
                        "session_reminder",
                        "Programme session at 10:00",
                        "/",
                        time_critical=True,
                        expires_at=session,
                    )
                )
            if rng.random() < 0.02:
                at = start + timedelta(days=day, hours=rng.randrange(24))
                events.append(Event(at, leader, "calendar_link_broken", "Your calendar link stopped refreshing", "/"))
    return sorted(events, key=lambda event: event.at)


def _figures(people: list[User]) -> dict:
    sent = EmailDelivery.objects.filter(person__in=people, status=EmailDelivery.Status.SENT)
    by_person: dict = {}
    quiet = 0
    for delivery in sent.select_related("person"):
        pattern = working_pattern(delivery.person, delivery.sent_at)
        by_person.setdefault(delivery.person_id, []).append(rules.local_day(delivery.sent_at, pattern))
        quiet += rules.is_quiet(delivery.sent_at, pattern)
    most_a_day = most_a_week = 0
    for days in by_person.values():
        for day in set(days):
            most_a_day = max(most_a_day, days.count(day))
            most_a_week = max(most_a_week, sum(day - timedelta(days=6) <= other <= day for other in days))
    return {
        "notifications_created": Notification.objects.filter(person__in=people).count(),
        "emails_sent": sent.count(),
        "max_emails_per_day": most_a_day,
        "max_emails_per_week": most_a_week,
        "emails_in_quiet_hours": quiet,
    }


def _send(delivery: EmailDelivery, *, now: datetime) -> None:
    email_delivery_deliver(delivery, now=now)


@contextmanager
def _on_a_copy():
    """On SQLite, the block runs against a copy of the database file: a month played in one transaction would hold
    the live database's write lock for minutes, and every sign-in would fail with "database is locked" (issue 21).
    The copy is taken with SQLite's online backup, which never blocks writers. PostgreSQL needs no copy: the
    transaction (rolled back) blocks no one else's reads or writes."""
    connection = connections["default"]
    live = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" or connection.is_in_memory_db() or connection.in_atomic_block:
        yield
        return
    folder = tempfile.mkdtemp(prefix="attend-simulation-")
    copy = os.path.join(folder, "copy.sqlite3")
    source, target = sqlite3.connect(live), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    connection.close()
    connection.settings_dict["NAME"] = copy
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = live
        shutil.rmtree(folder, ignore_errors=True)


def simulate(*, days: int, seed: int = 2026) -> dict:
    """Run the month and return the figures; nothing is kept (on SQLite it runs on a copy of the database)."""
    figures = {}
    try:
        with _on_a_copy(), override_settings(MAILERS=LOCAL_MAIL), transaction.atomic():
            mail.outbox = []
            figures = _run(days=days, rng=random.Random(seed))
            raise Rollback
    except Rollback:
        pass
    return figures


def _run(*, days: int, rng: random.Random) -> dict:
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if organisation is None:
        from django.core.management import call_command

        call_command("demo_data", stdout=io.StringIO())
        organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
    people = list(User.objects.filter(memberships__organisation=organisation, memberships__is_active=True))
    for person in people[::3]:
        PracticePreference.objects.update_or_create(person=person, defaults={"remind_on_working_days": True})
    today = timezone.localdate()
    start = datetime.combine(today - timedelta(days=today.weekday()), time(0), tzinfo=timezone.get_current_timezone())
    pending = _events(people, start, days, rng)
    moment = start
    while moment < start + timedelta(days=days):
        while pending and pending[0].at <= moment:
            event = pending.pop(0)
            notification_create(
                person=event.person,
                organisation=organisation,
                kind=event.kind,
                title=event.title,
                link=event.link or reverse("core:today"),
                time_critical=event.time_critical,
                expires_at=event.expires_at,
                dedupe_key=event.key and f"{event.key}:{event.person.pk}",
                now=event.at,
                send=_send,
            )
        nudges_dispatch(now=moment, send=_send)
        moment += TICK
    return _figures(people)
