"""Display values for people, teams and the audit log."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from attend.accounts.two_factor.presenters import second_factors_removed
from attend.accounts.two_factor.rule import SecondFactors
from attend.core.formatting import counted, short_date_time
from attend.organisations import invitations, offers
from attend.organisations.checklist import DONE, STARTED
from attend.organisations.models import Invitation, Role

_STAND_IN = "00000000-0000-0000-0000-000000000000"


def person_href_maker():
    """A function from a membership's pk to its person page's address: one `reverse` for a whole list (reversing
    costs about 60 µs, a list of people has fifty)."""
    pattern = reverse("organisations:person", args=[_STAND_IN])
    return lambda pk: pattern.replace(_STAND_IN, str(pk))


class PersonPresenter:
    def __init__(self, membership, *, places: list[tuple[str, str]] | None = None, href: str | None = None):
        """`places`, the person's team places as (team name, role) when read apart (`selectors.team_places_of`),
        else their prefetched team memberships; `href`, their page's address when already known (a list reverses
        one address and fills in each person, not fifty)."""
        self.membership = membership
        self.user = membership.user
        self.id = membership.pk
        self.name = self.user.name
        self.email = self.user.email
        self.href = href or reverse("organisations:person", args=[membership.pk])
        self._places = places

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
        if self._places is None:
            places = [(place.team.name, place.role) for place in self.membership.team_memberships.all()]
        else:
            places = self._places
        return [f"{name} ({'leader' if role == Role.LEADER else 'team member'})" for name, role in places]

    @property
    def roles_summary(self) -> str:
        return ", ".join(self.organisation_roles + self.team_places) or "No role yet"


@dataclass(frozen=True)
class TeamView:
    """A team for its admin page: who leads it, how many people, and what it still needs (next steps)."""

    id: object
    name: str
    part_of: str
    leaders: list[str]
    member_count: int

    @property
    def needs_leader(self) -> bool:
        return not self.leaders

    @property
    def needs_people(self) -> bool:
        return self.member_count == 0

    @property
    def invite_href(self) -> str:
        return f"{reverse('organisations:person_invite')}?{urlencode({'team': self.id})}"

    @property
    def invite_leader_href(self) -> str:
        return f"{reverse('organisations:person_invite')}?{urlencode({'team': self.id, 'team_role': Role.LEADER})}"


def team_view(team) -> TeamView:
    places = team.team_memberships.filter(membership__is_active=True)
    leaders = list(places.filter(role=Role.LEADER).values_list("membership__user__name", flat=True)[:20])
    return TeamView(
        id=team.pk,
        name=team.name,
        part_of=" › ".join(t.name for t in team.ancestors()),
        leaders=leaders,
        member_count=places.filter(role=Role.MEMBER).count(),
    )


def team_rows(tree) -> list[dict]:
    """The rows of the Teams list for `tree` (a page of `teams_as_tree`)."""
    return [
        {
            "name": team.name,
            "href": reverse("organisations:team", args=[team.pk]),
            "depth": min(depth, 3),
            "rename_href": reverse("organisations:team_rename", args=[team.pk]),
        }
        for depth, team in tree
    ]


def audit_action(event) -> str:
    """The action with the detail that matters: which role, what a team was called before, which second factors
    an admin's reset removed, whose single sign-on account was forgotten."""
    details = event.details or {}
    action = event.get_action_display()
    if "role" in details:
        return f"{action}: {details['role']}"
    if "from" in details:
        return f"{action} (was {details['from']})"
    if "is_nhs" in details:
        return f"{action}: {'an NHS organisation' if details['is_nhs'] else 'not part of the NHS'}"
    if details.get("resent"):
        return f"{action} again"
    if "removed" in details:
        return f"{action}: removed {second_factors_removed(SecondFactors.from_details(details['removed']))}"
    if "provider" in details:
        return f"{action}: {details['provider']}"
    return action


# The audit log is a four-column table: every cell goes through the NHS.UK table macro, so a page costs by its
# rows (issue 21: 50 rows cost about 38 ms to render at a large trust's scale, 25 about half that).
AUDIT_PAGE_SIZE = 25


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


def checklist_task_items(checklist) -> list[dict]:
    """The first-day checklist as items for the NHS.UK task list: "Completed" as text, the rest as tags."""
    statuses = {
        DONE: {"text": "Completed"},
        STARTED: {"tag": {"text": "In progress", "classes": "nhsuk-tag--light-blue"}},
    }
    return [
        {
            "heading": item.title,
            "hint": item.hint,
            "href": item.href,
            "status": statuses.get(item.state, {"tag": {"text": "Not started", "classes": "nhsuk-tag--blue"}}),
        }
        for item in checklist.items
    ]


def roles_saved_message(membership, *, by) -> str:
    """What a role change lets the person do now, said plainly, so the admin knows what they have set going."""
    yourself = membership.user_id == by.pk
    name = "You" if yourself else membership.user.first_name
    saved = "Your roles have been saved." if yourself else f"{membership.user.name}'s roles have been saved."
    places = list(membership.team_memberships.select_related("team"))
    led = [place.team.name for place in places if place.role == Role.LEADER]
    news = []
    if led:
        news.append(f"{name} can now ask {' and '.join(led)} for feedback in Listen and see the team in Connect.")
    if membership.is_facilitator:
        news.append(f"{name} can now set up programmes and cohorts under Programme.")
    return " ".join([saved, *news])


INVITATION_TAG_COLOURS = {"Invited": "blue", "Joined": "green", "Declined": "grey", "Expired": "orange"}
INVITATION_TAG_COLOURS["Waiting list"] = "yellow"


class InvitationPresenter:
    """An invitation as the inviter follows it (the address and name they gave, the answer so far) or as the
    invitee reads it (what is offered, by whom). Nothing here reads the invitee's account."""

    def __init__(self, invitation, *, team_names: dict[str, str] | None = None):
        self.invitation = invitation
        self._team_names = team_names  # for a page of invitations: one query for all their teams
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
        return offers.offered_roles(self.invitation, self._team_names)

    @property
    def expires(self) -> str:
        expires_at = self.invitation.expires_at
        return short_date_time(timezone.localtime(expires_at)) if expires_at else ""

    @property
    def accepted_message(self) -> str:
        return f"You have accepted {self.inviter}'s invitation to {self.what}. Welcome"


def import_progress(people_import) -> str:
    """The live line of the import's page: 'Importing 10,000 people…', then what it did."""
    if people_import.state == people_import.State.DONE:
        return import_summary(people_import)
    if people_import.state == people_import.State.FAILED:
        return "Nothing was imported."
    return f"Importing {counted(people_import.people_total, 'person', 'people')}\N{HORIZONTAL ELLIPSIS}"


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
