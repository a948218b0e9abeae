"""Sending, in the background worker. Thin: the task finds the planned email and hands it to
`services.email_delivery_deliver`, which sends each email at most once, never in quiet hours, and retries when
the mail server fails. `services` queues this task on commit and imports this module; the task imports
`services` inside itself, so the import runs one way only."""

from django.tasks import task

from attend.nudges.models import EmailDelivery


@task
def email_delivery_send(delivery_id: str) -> None:
    from attend.nudges import services

    delivery = EmailDelivery.objects.select_related("person").filter(pk=delivery_id).first()
    if delivery:
        services.email_delivery_deliver(delivery)
