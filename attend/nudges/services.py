"""The one way Attend tells people things. Modules call `notification_create`; this module decides when,
and whether, each notification is emailed: in the person's digest, or alone when it is time-critical, never
in their quiet hours and never over the email budget. The budget is enforced here, not by callers.
"""

import logging
from datetime import UTC, datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from attend.accounts import working_pattern as wp
from attend.accounts.working_time import pattern_of, schedule_around
from attend.core.formatting import long_date
from attend.core.validators import scrub_text
from attend.nudges import registry, rules
from attend.nudges.emails import email_for
from attend.nudges.kinds import FORGET_ONCE_EMAILED, KIND_KEYS
from attend.nudges.models import EmailBudget, EmailDelivery, Notification, NudgePreference
from attend.nudges.selectors import current_for, preference_of
from attend.nudges.tasks import email_delivery_send

logger = logging.getLogger(__name__)
MOST_ATTEMPTS = 5
CLAIMABLE = (EmailDelivery.Status.PENDING, EmailDelivery.Status.FAILED)
# A planned email the worker has not sent after this long is handed to it again (it may have been
# deferred for quiet hours, or the worker was down).
STALE_AFTER = timedelta(minutes=10)


def working_pattern(person, now: datetime | None = None) -> rules.WorkingPattern:
    """The person's working time for quiet hours and the digest: fixed hours as they are, or the shifts of
    the days around `now` from their rota, calendar or one-off changes (accounts/working_pattern.py)."""
    pattern = pattern_of(person)
    shifts = None
    if pattern.kind != wp.FIXED or pattern.changes:
        schedule = schedule_around(person, now or timezone.now())
        shifts = tuple((shift.day, shift.start, shift.end) for shift in schedule.shifts)
    return rules.WorkingPattern(
        time_zone=person.time_zone,
        days=frozenset(person.working_days),
        start=person.working_day_start,
        end=person.working_day_end,
        shifts=shifts,
    )


def organisation_budget_of(organisation) -> rules.Budget:
    saved = EmailBudget.objects.filter(organisation=organisation).first()
    return saved.budget() if saved else rules.Budget()


def budget_of(person) -> rules.Budget:
    """The strictest budget of the organisations the person is active in (the default for any that set none)."""
    organisations = {membership.organisation for membership in person.memberships.filter(is_active=True)}
    budgets = [organisation_budget_of(organisation) for organisation in organisations] or [rules.Budget()]
    return rules.Budget(
        per_day=min(budget.per_day for budget in budgets), per_week=min(budget.per_week for budget in budgets)
    )


def counted_emails(person, *, since: datetime, now: datetime) -> list[datetime]:
    """Every email that counts against the budget, at the moment it goes: sent ones when they were sent;
    those still planned, being sent or due a retry as going now (one held overnight for quiet hours goes
    the next morning, and counts there), so planning can never outrun the budget."""
    live = person.email_deliveries.filter(
        Q(status__in=[EmailDelivery.Status.PENDING, EmailDelivery.Status.SENDING, EmailDelivery.Status.SENT])
        | Q(status=EmailDelivery.Status.FAILED, attempts__lt=MOST_ATTEMPTS)
    )
    moments = [
        _counted_at(status, sent_at, claimed_at, planned_for, now)
        for status, sent_at, claimed_at, planned_for in live.values_list(
            "status", "sent_at", "updated_at", "planned_for"
        )
    ]
    return [moment for moment in moments if moment >= since]


def _counted_at(status, sent_at, claimed_at, planned_for, now) -> datetime:
    if status == EmailDelivery.Status.SENT:
        return sent_at
    if status == EmailDelivery.Status.SENDING:
        return claimed_at  # handed to the mail server then, whether or not it was marked sent
    return max(planned_for, now)


def _lock(person) -> None:
    """Hold the person's row while deciding on an email, so two deciders cannot both spend the last one."""
    type(person).objects.select_for_update().filter(pk=person.pk).first()


def _budget_allows(person, *, now: datetime) -> bool:
    emails = counted_emails(person, since=now - timedelta(days=8), now=now)
    return rules.budget_allows(emails, now, working_pattern(person, now), budget_of(person))


def notification_create(
    *,
    person,
    kind: str,
    title: str,
    link: str,
    organisation=None,
    time_critical: bool = False,
    expires_at: datetime | None = None,
    dedupe_key: str = "",
    now: datetime | None = None,
    send=None,
) -> Notification | None:
    """Tell `person` something. Returns the notification, or None when it was already told (same dedupe key).

    Time-critical notifications are emailed at once when the person is not in quiet hours and the budget
    allows; otherwise, like everything else, they wait for the digest.
    """
    if kind not in KIND_KEYS:
        raise ValueError(f"Unknown notification kind: {kind}")
    at_given_time = now is not None
    now = now or timezone.now()
    if dedupe_key and person.notifications.filter(dedupe_key=dedupe_key).exists():
        return None
    preference = preference_of(person)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                person=person,
                organisation=organisation,
                kind=kind,
                title=scrub_text(title)[:150],  # built from names and titles people wrote
                link=link,
                time_critical=time_critical,
                emailed=preference.emails_about(kind),
                expires_at=expires_at,
                dedupe_key=dedupe_key,
            )
            if at_given_time:  # the simulation's clock, not the wall clock
                Notification.objects.filter(pk=notification.pk).update(created_at=now)
                notification.created_at = now
    except IntegrityError:
        return None
    if notification.emailed and time_critical:
        _email_now_if_allowed(notification, now=now, send=send)
    return notification


def _email_now_if_allowed(notification: Notification, *, now: datetime, send=None) -> None:
    person = notification.person
    if rules.is_quiet(now, working_pattern(person, now)):
        return
    with transaction.atomic():
        _lock(person)
        # Several urgent things at one moment share one email, and spend the budget once.
        delivery = person.email_deliveries.filter(
            kind=EmailDelivery.Kind.TIME_CRITICAL, planned_for=now, status=EmailDelivery.Status.PENDING
        ).first()
        is_new = delivery is None
        if is_new:
            if not _budget_allows(person, now=now):
                return
            delivery = EmailDelivery.objects.create(
                person=person, kind=EmailDelivery.Kind.TIME_CRITICAL, planned_for=now
            )
        notification.delivery = delivery
        notification.save(update_fields=["delivery", "updated_at"])
    if is_new:
        _hand_over(delivery, now=now, send=send)


def _hand_over(delivery: EmailDelivery, *, now: datetime, send) -> None:
    """To the background worker once the transaction commits; or straight to `send` (the simulation)."""
    if send:
        send(delivery, now=now)
    else:
        transaction.on_commit(partial(email_delivery_send.enqueue, str(delivery.pk)))


def read_day(now: datetime | None = None) -> datetime:
    """When something was read, kept to the day (midnight UTC): the moment a person opened a pulse link could
    otherwise be set beside the moment an answer arrived (ADR 0018). Nothing needs it finer."""
    return (now or timezone.now()).astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def notification_read(*, notification: Notification, now: datetime | None = None) -> None:
    # An update, not a save: `updated_at` would keep the exact moment.
    if notification.read_at is None:
        notification.read_at = read_day(now)
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


def notifications_read_all(*, person, kind: str | None = None, now: datetime | None = None) -> int:
    unread = person.notifications.unread()
    return (unread.filter(kind=kind) if kind else unread).update(read_at=read_day(now))


def notifications_withdraw(*, dedupe_key: str, now: datetime | None = None) -> int:
    """What a notification announced is gone (a share withdrawn): it leaves Today and every digest."""
    return Notification.objects.filter(dedupe_key=dedupe_key).update(expires_at=now or timezone.now())


def _waiting_for_digest(person, *, slot: datetime, now: datetime):
    return current_for(person, now=now).filter(delivery__isnull=True, emailed=True, created_at__lte=slot)


def _open_slot(person, preference: NudgePreference, *, now: datetime, planned: set) -> datetime | None:
    """The digest slot that may be sent now, judged without the database: email on, not quiet hours, a slot
    has come, and no digest yet planned for it."""
    if not preference.email_enabled:
        return None
    pattern = working_pattern(person, now)
    if rules.is_quiet(now, pattern):
        return None
    slot = rules.digest_slot(now, preference.digest_choice(), pattern)
    if slot is None or (person.pk, slot) in planned:
        return None
    return slot


def _planned_digests(people, *, now: datetime) -> set:
    return set(
        EmailDelivery.objects.filter(
            person__in=people, kind=EmailDelivery.Kind.DIGEST, planned_for__gte=now - timedelta(days=15)
        ).values_list("person_id", "planned_for")
    )


def digest_due(person, *, now: datetime, preference: NudgePreference | None = None, planned=None):
    """Plan this person's digest if one is due now: its slot has come, it is not quiet hours, the budget
    allows, and something created before the slot is waiting. One digest per slot, whatever happens."""
    preference = preference or preference_of(person)
    planned = _planned_digests([person], now=now) if planned is None else planned
    slot = _open_slot(person, preference, now=now, planned=planned)
    if slot is None:
        return None
    try:
        with transaction.atomic():
            _lock(person)
            waiting = _waiting_for_digest(person, slot=slot, now=now)
            if not waiting.exists() or not _budget_allows(person, now=now):
                return None
            delivery = EmailDelivery.objects.create(person=person, kind=EmailDelivery.Kind.DIGEST, planned_for=slot)
            waiting.update(delivery=delivery)
    except IntegrityError:
        return None  # another dispatcher planned this slot first
    return delivery


def _people_waiting(now: datetime):
    from attend.accounts.models import User

    waiting = Notification.objects.filter(delivery__isnull=True, emailed=True, read_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    return list(User.objects.filter(is_active=True, pk__in=waiting.values("person_id")))


def nudges_dispatch(*, now: datetime | None = None, send=None) -> list[EmailDelivery]:
    """Run the producers, retry what failed, and plan every digest that is due, handing each to the worker
    (or to `send`, for the simulation). One person's trouble never stops anyone else's email."""
    now = now or timezone.now()
    registry.run_producers(now=now, send=send)
    _hand_over_again(now=now, send=send)
    people = _people_waiting(now)
    preferences = {preference.person_id: preference for preference in NudgePreference.objects.filter(person__in=people)}
    planned_slots = _planned_digests(people, now=now)
    planned = []
    for person in people:
        preference = preferences.get(person.pk) or NudgePreference(person=person)
        try:
            with transaction.atomic():  # one person at a time: a short transaction each (attend/core/periodic.py)
                delivery = digest_due(person, now=now, preference=preference, planned=planned_slots)
                if delivery:
                    _hand_over(delivery, now=now, send=send)
        except Exception:
            logger.exception("Could not plan the digest for person %s", person.pk)
            continue
        if delivery:
            planned.append(delivery)
    return planned


def nudges_dispatch_job(*, now: datetime) -> str:
    """The periodic job (attend.core.periodic): hand every digest that is due to the worker."""
    return f"Nudges: {len(nudges_dispatch(now=now))} digest(s) handed to the worker."


def _hand_over_again(*, now: datetime, send) -> None:
    """Failed emails whose wait is over, and planned ones the worker has not taken (deferred for quiet hours,
    or a worker that was down), go back to the worker."""
    failed = EmailDelivery.objects.filter(status=EmailDelivery.Status.FAILED, attempts__lt=MOST_ATTEMPTS)
    stale = EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING, updated_at__lte=now - STALE_AFTER)
    for delivery in [*failed.select_related("person"), *stale.select_related("person")]:
        if rules.is_quiet(now, working_pattern(delivery.person, now)):
            continue  # it would only be held back again
        if delivery.status == EmailDelivery.Status.PENDING or retry_after(delivery) <= now:
            _hand_over(delivery, now=now, send=send)


# Sending (in the background worker) ----------------------------------------------------------------------------


def retry_after(delivery: EmailDelivery):
    """When a failed email may be tried again: 2, 4, 8, 16 minutes after each failure."""
    return delivery.updated_at + timedelta(minutes=2**delivery.attempts)


def _claim(delivery: EmailDelivery, *, now) -> EmailDelivery | None:
    """Mark the email as being sent, unless it is already sent or being sent, or the person is now in their
    quiet hours (a backlog or a late retry): then it stays planned and the dispatcher hands it over later.
    A conditional update claims it the same way on SQLite and PostgreSQL."""
    if rules.is_quiet(now, working_pattern(delivery.person, now)):
        return None
    claimed = EmailDelivery.objects.filter(pk=delivery.pk, status__in=CLAIMABLE, attempts__lt=MOST_ATTEMPTS).update(
        status=EmailDelivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return EmailDelivery.objects.select_related("person").get(pk=delivery.pk) if claimed else None


def _sending_failed(delivery: EmailDelivery, error: Exception) -> None:
    delivery.status = EmailDelivery.Status.FAILED
    delivery.last_error = f"{type(error).__name__}: {error}"[:300]
    delivery.save(update_fields=["status", "last_error", "updated_at"])
    if delivery.attempts < MOST_ATTEMPTS:
        # `nudges_dispatch` tries again once `retry_after` has passed.
        logger.warning("Email %s not sent (attempt %s): %s", delivery.pk, delivery.attempts, delivery.last_error)
        return
    # Given up: what it held goes back to waiting, so the next digest can carry it.
    delivery.notifications.update(delivery=None)
    logger.error("Email %s not sent after %s attempts: %s", delivery.pk, delivery.attempts, delivery.last_error)


def email_delivery_deliver(delivery: EmailDelivery, *, now=None) -> bool:
    """Send one planned email, each at most once and never in quiet hours. True when sent; False when it was not
    ours to send now, or the server failed (it is retried later)."""
    claimed = _claim(delivery, now=now or timezone.now())
    if claimed is None:
        return False
    try:
        email_for(claimed).send()
    except Exception as error:  # the mail server's failures are many; each one means "try again later"
        _sending_failed(claimed, error)
        return False
    claimed.status = EmailDelivery.Status.SENT
    claimed.sent_at = now or timezone.now()
    claimed.save(update_fields=["status", "sent_at", "updated_at"])
    _forget_single_use_links(claimed)
    return True


def _forget_single_use_links(delivery: EmailDelivery) -> None:
    """A single-use link that has reached its person's inbox leaves the database: the notification points to
    the kind's own page instead, saying on which day it was emailed (ADR 0018)."""
    day = long_date(rules.local_day(delivery.sent_at, working_pattern(delivery.person, delivery.sent_at)))
    for key, kind in FORGET_ONCE_EMAILED.items():
        delivery.notifications.filter(kind=key).update(link=kind.emailed_link, title=kind.emailed_title.format(day=day))


# Choices -----------------------------------------------------------------------------------------------------


def _email_off_now(person, preference: NudgePreference) -> None:
    """Notifications still waiting follow the person's current choices."""
    for notification in person.notifications.filter(delivery__isnull=True):
        emailed = preference.emails_about(notification.kind)
        if notification.emailed != emailed:
            notification.emailed = emailed
            notification.save(update_fields=["emailed", "updated_at"])


@transaction.atomic
def preference_save(*, person, email_enabled: bool, digest: str, digest_at, digest_weekday: int, email_off) -> None:
    preference, _ = NudgePreference.objects.update_or_create(
        person=person,
        defaults={
            "email_enabled": email_enabled,
            "digest": digest,
            "digest_at": digest_at,
            "digest_weekday": digest_weekday,
            "email_off": sorted(set(email_off)),
        },
    )
    _email_off_now(person, preference)


@transaction.atomic
def email_switch_off(*, person, kind: str | None) -> None:
    """Stop emails of one kind, or all of them (kind None), as asked from an email's unsubscribe link."""
    preference, _ = NudgePreference.objects.select_for_update().get_or_create(person=person)
    if kind is None:
        preference.email_enabled = False
    elif kind not in preference.email_off:
        preference.email_off = sorted({*preference.email_off, kind})
    preference.save()
    _email_off_now(person, preference)


def email_budget_set(*, organisation, per_day: int, per_week: int, by) -> EmailBudget:
    from attend.core.models import AuditEvent
    from attend.core.services import audit_event_record

    budget = rules.organisation_budget(per_day, per_week)
    saved, _ = EmailBudget.objects.update_or_create(
        organisation=organisation, defaults={"per_day": budget.per_day, "per_week": budget.per_week}
    )
    audit_event_record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.EMAIL_BUDGET_CHANGED,
        target=f"{budget.per_day} a day, {budget.per_week} a week",
    )
    return saved
