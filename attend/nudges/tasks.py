"""Sending, in the background worker: each email at most once, retried when the mail server fails."""

import logging
from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from attend.nudges.emails import email_for
from attend.nudges.models import EmailDelivery

logger = logging.getLogger(__name__)
MOST_ATTEMPTS = 5


def retry_after(delivery: EmailDelivery):
    """When a failed email may be tried again: 2, 4, 8, 16 minutes after each failure."""
    return delivery.updated_at + timedelta(minutes=2**delivery.attempts)


def _claim(delivery_id: str) -> EmailDelivery | None:
    """Mark the delivery as being sent, unless it is already sent or being sent by someone else."""
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status not in (EmailDelivery.Status.PENDING, EmailDelivery.Status.FAILED):
            return None
        delivery.status = EmailDelivery.Status.SENDING
        delivery.attempts += 1
        delivery.save(update_fields=["status", "attempts", "updated_at"])
        return delivery


def email_delivery_deliver(delivery: EmailDelivery, *, now=None) -> bool:
    """Send one planned email. True when sent; False when it was not ours to send or the server failed
    (then it is retried later, up to MOST_ATTEMPTS times)."""
    claimed = _claim(str(delivery.pk))
    if claimed is None:
        return False
    try:
        email_for(claimed).send()
    except Exception as error:  # the mail server's failures are many; each one means "try again later"
        claimed.status = EmailDelivery.Status.FAILED
        claimed.last_error = f"{type(error).__name__}: {error}"[:300]
        claimed.save(update_fields=["status", "last_error", "updated_at"])
        # `nudges_dispatch` tries again once `retry_after` has passed.
        logger.warning("Email %s not sent (attempt %s): %s", claimed.pk, claimed.attempts, claimed.last_error)
        return False
    claimed.status = EmailDelivery.Status.SENT
    claimed.sent_at = now or timezone.now()
    claimed.save(update_fields=["status", "sent_at", "updated_at"])
    return True


@task
def email_delivery_send(delivery_id: str) -> None:
    delivery = EmailDelivery.objects.filter(pk=delivery_id).first()
    if delivery:
        email_delivery_deliver(delivery)
