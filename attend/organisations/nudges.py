"""Organisations' nudge producer, run at each dispatch because `attend.nudges.registry.NUDGE_PRODUCERS` names it.

Organisations depends on Nudges here, never the other way: Nudges runs this by its dotted path.
"""

from datetime import datetime, timedelta

from django.urls import reverse

from attend.nudges.services import notification_create
from attend.organisations.models import Invitation


def expiring_invitations(*, now: datetime, send=None) -> None:
    """Tell whoever sent an invitation, a day before it runs out, while there is still time to resend it."""
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
