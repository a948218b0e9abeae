"""Sending, in the background worker: each email at most once, never in quiet hours, retried when the mail
server fails."""

import logging
from datetime import timedelta

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from attend.nudges import rules
from attend.nudges.emails import email_for
from attend.nudges.models import EmailDelivery
from attend.nudges.services import MOST_ATTEMPTS, working_pattern

logger = logging.getLogger(__name__)
CLAIMABLE = (EmailDelivery.Status.PENDING, EmailDelivery.Status.FAILED)


def retry_after(delivery: EmailDelivery):
    """When a failed email may be tried again: 2, 4, 8, 16 minutes after each failure."""
    return delivery.updated_at + timedelta(minutes=2**delivery.attempts)


def _claim(delivery: EmailDelivery, *, now) -> EmailDelivery | None:
    """Mark the email as being sent, unless it is already sent or being sent, or the person is now in their
    quiet hours (a backlog or a late retry): then it stays planned and the dispatcher hands it over later.
    A conditional update claims it the same way on SQLite and PostgreSQL."""
    if rules.is_quiet(now, working_pattern(delivery.person)):
        return None
    claimed = EmailDelivery.objects.filter(pk=delivery.pk, status__in=CLAIMABLE, attempts__lt=MOST_ATTEMPTS).update(
        status=EmailDelivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return EmailDelivery.objects.select_related("person").get(pk=delivery.pk) if claimed else None


def _failed(delivery: EmailDelivery, error: Exception) -> None:
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
    """Send one planned email. True when sent; False when it was not ours to send now, or the server failed."""
    claimed = _claim(delivery, now=now or timezone.now())
    if claimed is None:
        return False
    try:
        email_for(claimed).send()
    except Exception as error:  # the mail server's failures are many; each one means "try again later"
        _failed(claimed, error)
        return False
    claimed.status = EmailDelivery.Status.SENT
    claimed.sent_at = now or timezone.now()
    claimed.save(update_fields=["status", "sent_at", "updated_at"])
    return True


@task
def email_delivery_send(delivery_id: str) -> None:
    delivery = EmailDelivery.objects.select_related("person").filter(pk=delivery_id).first()
    if delivery:
        email_delivery_deliver(delivery)
