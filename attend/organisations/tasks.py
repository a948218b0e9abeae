from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from attend.organisations.models import Invitation, hash_token


@task
def invitation_email_send(invitation_id: str, base_url: str) -> None:
    """Mint the link's token here, at sending time, so the raw token is never stored anywhere."""
    invitation = Invitation.objects.select_related("membership__user", "membership__organisation", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_usable:
        return
    token = Invitation.new_token()
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash", "updated_at"])
    membership = invitation.membership
    inviter = invitation.invited_by.name if invitation.invited_by else membership.organisation.name
    context = {
        "name": membership.user.name,
        "organisation": membership.organisation.name,
        "inviter": inviter,
        "link": base_url.rstrip("/") + reverse("organisations:invitation_accept", args=[token]),
        "expires_at": invitation.expires_at,
    }
    send_mail(
        subject=f"{inviter} has invited you to Attend",
        message=render_to_string("organisations/email/invitation.txt", context),
        from_email=None,
        recipient_list=[membership.user.email],
    )
