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


def same_for_every_address(text: str, email: str) -> str:
    """A page or email with what legitimately differs between two invited addresses taken out: the address typed,
    link tokens, ids, and the per-request CSRF value and script nonce. What is left must be identical whether or
    not the address has an account anywhere (docs/adr/0020)."""
    text = text.replace(email, "ADDRESS")
    text = INVITATION_LINK.sub("LINK", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    text = re.sub(r'nonce="[^"]+"', "NONCE", text)
    text = re.sub(r'csrfToken: "[^"]+"', "CSRF", text)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", text)
