"""Plain helpers shared by the organisation tests."""

import re

from django.core import mail

from attend.accounts.models import User
from attend.core.models import AuditEvent
from attend.organisations.models import Invitation, Membership, Team, TeamMembership

BASE_URL = "https://attend.example/"
INVITATION_LINK = re.compile(r"https?://[^/\s]+/organisation/invitation/([A-Za-z0-9_-]+)/")
HEADER = "name,email,team,role,parent team"


def people_csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def invitation_tokens() -> list[str]:
    """The token in each invitation email sent so far, in the order they were sent."""
    return [token for message in mail.outbox for token in INVITATION_LINK.findall(message.body)]


def counts() -> dict[str, int]:
    """How many rows each table the organisation services write holds, to show that nothing was written."""
    return {
        "users": User.objects.count(),
        "teams": Team.objects.count(),
        "memberships": Membership.objects.count(),
        "team places": TeamMembership.objects.count(),
        "invitations": Invitation.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }
