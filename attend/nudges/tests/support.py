"""Shared helpers for the Nudges tests: moments in a known week, and a quick way to tell someone something."""

import zoneinfo
from datetime import datetime

from attend.nudges import services
from attend.organisations.models import Invitation, hash_token

LONDON = zoneinfo.ZoneInfo("Europe/London")
# A summer week (London on BST): Monday 15 June 2026 to Sunday 21 June.
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(15, 22)


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment in June 2026, on the London clock."""
    return datetime(2026, 6, day, hour, minute, second, tzinfo=LONDON)


def tell(person, *, now, kind="pulse_invitation", title="Your team pulse is open", link="/", **fields):
    return services.notification_create(person=person, kind=kind, title=title, link=link, now=now, **fields)


def invitation_for(membership, *, by, expires_at, accepted_at=None) -> Invitation:
    """An invitation to join `membership`'s organisation, sent to that person's address (and accepted, if given)."""
    return Invitation.objects.create(
        organisation=membership.organisation,
        kind=Invitation.Kind.ORGANISATION,
        target_id=membership.organisation_id,
        email=membership.user.email,
        name=membership.user.name,
        token_hash=hash_token(Invitation.new_token()),
        expires_at=expires_at,
        invited_by=by,
        status=Invitation.Status.ACCEPTED if accepted_at else Invitation.Status.SENT,
        responded_at=accepted_at,
    )
