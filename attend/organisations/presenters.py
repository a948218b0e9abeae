"""Display values for people, teams and the audit log."""

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from attend.core.formatting import counted, short_date_time
from attend.organisations import invitations, offers
from attend.organisations.models import Invitation, Role
from attend.organisations.selectors import teams_as_tree


class PersonPresenter:
    def __init__(self, membership):
        self.membership = membership
        self.user = membership.user
        self.id = membership.pk
        self.name = self.user.name
        self.email = self.user.email
        self.href = reverse("organisations:person", args=[membership.pk])

    @property
    def is_invited(self) -> bool:
        return self.membership.is_active and not self.user.has_usable_password()

    @property
    def status(self) -> str:
        if not self.membership.is_active:
            return "Deactivated"
        return "Invited" if self.is_invited else "Active"

    @property
    def status_tag(self) -> dict:
        colour = {"Active": "green", "Invited": "blue", "Deactivated": "grey"}[self.status]
        return {"text": self.status, "classes": f"nhsuk-tag--{colour}"}

    @property
    def organisation_roles(self) -> list[str]:
        roles = []
        if self.membership.is_admin:
            roles.append(Role.ADMIN.label)
        if self.membership.is_facilitator:
            roles.append(Role.FACILITATOR.label)
        return roles

    @property
    def team_places(self) -> list[str]:
        return [
            f"{place.team.name} ({'leader' if place.role == Role.LEADER else 'team member'})"
            for place in self.membership.team_memberships.all()
        ]

    @property
    def roles_summary(self) -> str:
        return ", ".join(self.organisation_roles + self.team_places) or "No role yet"


def team_rows(organisation) -> list[dict]:
    return [
        {
            "name": team.name,
            "depth": min(depth, 3),
            "rename_href": reverse("organisations:team_rename", args=[team.pk]),
        }
        for depth, team in teams_as_tree(organisation)
    ]


def audit_action(event) -> str:
    """The action with the detail that matters: which role, or what a team was called before."""
    details = event.details or {}
    action = event.get_action_display()
    if "role" in details:
        return f"{action}: {details['role']}"
    if "from" in details:
        return f"{action} (was {details['from']})"
    if details.get("resent"):
        return f"{action} again"
    return action


def audit_rows(events) -> list[list[dict]]:
    return [
        [
            {"text": short_date_time(timezone.localtime(event.created_at))},
            {"text": event.actor.name if event.actor else "Attend"},
            {"text": audit_action(event)},
            {"text": event.target_description, "classes": "app-break-words"},
        ]
        for event in events
    ]


INVITATION_TAG_COLOURS = {"Invited": "blue", "Joined": "green", "Declined": "grey", "Expired": "orange"}
INVITATION_TAG_COLOURS["Waiting list"] = "yellow"


class InvitationPresenter:
    """An invitation as the inviter follows it (the address and name they gave, the answer so far) or as the
    invitee reads it (what is offered, by whom). Nothing here reads the invitee's account."""

    def __init__(self, invitation):
        self.invitation = invitation
        self.id = invitation.pk
        self.email = invitation.email
        self.name = invitation.name
        self.organisation = invitation.organisation.name
        self.inviter = invitation.invited_by.name if invitation.invited_by else invitation.organisation.name
        self.can_resend = invitation.status == invitation.Status.SENT

    @cached_property
    def what(self) -> str:
        return invitations.describe(self.invitation)

    @property
    def status(self) -> str:
        return "Expired" if self.invitation.is_expired else self.invitation.get_status_display()

    @property
    def status_tag(self) -> dict:
        return {"text": self.status, "classes": f"nhsuk-tag--{INVITATION_TAG_COLOURS[self.status]}"}

    @property
    def offered(self) -> list[str]:
        if self.invitation.kind != self.invitation.Kind.ORGANISATION:
            return []
        return offers.offered_roles(self.invitation)

    @property
    def expires(self) -> str:
        expires_at = self.invitation.expires_at
        return short_date_time(timezone.localtime(expires_at)) if expires_at else ""

    @property
    def accepted_message(self) -> str:
        return f"You have accepted {self.inviter}'s invitation to {self.what}. Welcome"


def import_summary(result) -> str:
    """What an import did, in the same words whoever the addresses belong to."""
    parts = [f"Read {counted(result.people, 'person', 'people')} and added {counted(result.teams_created, 'team')}."]
    if result.invited:
        verb = "is on its way" if result.invited == 1 else "are on their way"
        parts.append(f"{counted(result.invited, 'invitation')} {verb}.")
    if result.updated:
        verb = "has" if result.updated == 1 else "have"
        parts.append(f"{counted(result.updated, 'person', 'people')} already here now {verb} the roles in the file.")
    return " ".join(parts)


def today_panels(request) -> list:
    """A card on Today when someone has invitations to answer (attend.core.presenters.today_panels)."""
    from attend.core.presenters import TodayPanel

    if not request.user.is_authenticated:
        return []
    count = Invitation.objects.for_invitee(request.user).count()
    if not count:
        return []
    return [
        TodayPanel(
            heading="Invitations for you",
            description=f"{counted(count, 'invitation')} to accept or decline.",
            href=reverse("organisations:my_invitations"),
        )
    ]
