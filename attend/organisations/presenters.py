"""Display values for people, teams and the audit log."""

from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import short_date_time
from attend.organisations.models import Role
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
