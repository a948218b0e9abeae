from django.tasks import task

from attend.organisations.models import Invitation


@task
def invitation_email_send(invitation_id: str, base_url: str) -> None:
    """Mint the link's token here, at sending time, so the raw token is never stored anywhere."""
    from attend.organisations.services import invitation_email_deliver, invitation_link_mint

    invitation = Invitation.objects.select_related("membership__user", "membership__organisation", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_usable:
        return
    invitation_email_deliver(invitation=invitation, link=invitation_link_mint(invitation=invitation, base_url=base_url))
