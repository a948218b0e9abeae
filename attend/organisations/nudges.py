"""Organisations' nudge producer, run at each dispatch because `attend.nudges.registry.NUDGE_PRODUCERS` names it.

Organisations depends on Nudges here, never the other way: Nudges runs this by its dotted path.
"""

from datetime import datetime, timedelta

from attend.nudges.services import notification_create
from attend.organisations.invitations import offer_module
from attend.organisations.models import Invitation


def expiring_invitations(*, now: datetime, send=None) -> None:
    """Tell whoever sent an invitation, a day before it runs out, while there is still time to resend it."""
    soon = Invitation.objects.filter(
        status=Invitation.Status.SENT,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=1),
        invited_by__isnull=False,
    ).select_related("organisation", "invited_by")
    for invitation in soon:
        organisation = invitation.organisation
        # Only someone still active in that organisation may hear who has not answered.
        if not organisation.memberships.filter(user=invitation.invited_by, is_active=True).exists():
            continue
        notification_create(
            person=invitation.invited_by,
            organisation=organisation,
            kind="invitation_expiring",
            title=f"{invitation.name or invitation.email} has not answered your invitation yet: it ends tomorrow",
            link=offer_module(invitation).inviter_link(invitation),
            time_critical=True,
            expires_at=invitation.expires_at,
            dedupe_key=f"invitation-expiring:{invitation.pk}:{invitation.expires_at.isoformat()}",
            now=now,
            send=send,
        )
