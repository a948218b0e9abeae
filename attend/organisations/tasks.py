import logging
import smtplib

from django.tasks import task

from attend.organisations.models import Invitation

logger = logging.getLogger(__name__)


@task
def invitation_emails_send(invitation_ids: list[str], base_url: str) -> None:
    """Send each invitation's email, minting its link's token here, at sending time, so no raw token is ever
    stored anywhere. One task for a whole import or a cohort's list, queued once the transaction commits."""
    from attend.organisations.invitations import invitation_email_deliver, invitation_link_mint

    invitations = Invitation.objects.select_related("organisation", "invited_by").filter(pk__in=invitation_ids)
    for invitation in invitations.order_by("created_at"):
        if not invitation.is_usable:  # answered, or sent again with a newer link, since it was queued
            continue
        try:
            invitation_email_deliver(
                invitation=invitation, link=invitation_link_mint(invitation=invitation, base_url=base_url)
            )
        except (smtplib.SMTPException, OSError):  # one address the mail server refuses must not stop the rest
            logger.exception("Invitation %s: its email could not be sent; Send again sends a new link", invitation.pk)


@task
def people_import_process(import_id: str) -> None:
    """Write a checked people import (organisations.services.people_import_start queues it on commit)."""
    from attend.organisations import services
    from attend.organisations.models import PeopleImport

    people_import = PeopleImport.objects.select_related("organisation", "started_by").filter(pk=import_id).first()
    if people_import is not None:  # the organisation may have gone while the import waited
        services.people_import_run(people_import=people_import)
