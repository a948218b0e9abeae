"""Add many people to an organisation in a fixed number of queries: the write behind inviting one person,
importing a CSV of ten thousand, and creating an organisation with its first admin.

Nobody joins an organisation without saying yes (docs/adr/0020). Someone already active here gets the roles and
team places asked for at once (they are this organisation's people already). Everyone else, whether or not their
address has an account anywhere, gets an invitation holding those roles and places, granted only when they
accept. Every change is written to the audit log; the invitation emails go out in one task after commit.
"""

from dataclasses import dataclass, field

from django.db import transaction

from attend.accounts.models import User
from attend.core.models import AuditEvent
from attend.core.validators import clean_model_text
from attend.organisations.hooks import team_places_changed
from attend.organisations.invitations import ToOffer, invitations_offer
from attend.organisations.models import (
    ORGANISATION_ROLES,
    Invitation,
    Membership,
    Organisation,
    Role,
    Team,
    TeamMembership,
)
from attend.organisations.offers import offer_for

BATCH = 500
ROLE_FLAGS = {Role.ADMIN: "is_admin", Role.FACILITATOR: "is_facilitator"}


@dataclass
class PersonToAdd:
    email: str
    name: str
    organisation_roles: set[str] = field(default_factory=set)
    places: dict[Team, str] = field(default_factory=dict)  # team -> "member" or "leader"


@dataclass(frozen=True)
class Added:
    email: str
    invitation: Invitation | None  # None for someone already active here
    invited: bool  # an email goes out now


def people_to_add(rows) -> list[PersonToAdd]:
    """Merge rows (email, name, roles, team) into one entry a person; the first name given wins."""
    people: dict[str, PersonToAdd] = {}
    for email, name, roles, team in rows:
        name = clean_model_text(User, "name", name.strip())
        person = people.setdefault(email.strip().lower(), PersonToAdd(email=email.strip().lower(), name=name))
        person.organisation_roles |= {role for role in roles if role in ORGANISATION_ROLES}
        if team is not None:
            person.places[team] = Role.LEADER if Role.LEADER in roles else Role.MEMBER
    return list(people.values())


class _Audit:
    def __init__(self, organisation: Organisation, by: User | None):
        self.organisation, self.by, self.events = organisation, by, []

    def add(self, action: str, target: str, **details) -> None:
        self.events.append(
            AuditEvent(
                actor=self.by,
                organisation=self.organisation,
                action=action,
                target_description=target[:300],
                details=details,
            )
        )

    def save(self) -> None:
        AuditEvent.objects.bulk_create(self.events, batch_size=BATCH)


def _members(organisation: Organisation, people: list[PersonToAdd]) -> dict[str, Membership]:
    """The people already active in this organisation, by email address."""
    emails = [person.email for person in people]
    return {
        membership.user.email: membership
        for membership in organisation.memberships.active().filter(user__email__in=emails).select_related("user")
    }


def _organisation_roles(people, memberships, audit: _Audit) -> None:
    changed = []
    for person in people:
        membership = memberships[person.email]
        for role in sorted(person.organisation_roles):
            flag = ROLE_FLAGS[role]
            if not getattr(membership, flag):
                setattr(membership, flag, True)
                changed.append(membership)
                audit.add(AuditEvent.Action.ROLE_GRANTED, person.email, role=str(Role(role).label))
    Membership.objects.bulk_update(set(changed), ["is_admin", "is_facilitator", "updated_at"], batch_size=BATCH)


def _team_places(people, memberships, audit: _Audit) -> None:
    existing = {
        (place.membership_id, place.team_id): place
        for place in TeamMembership.objects.filter(membership__in=list(memberships.values()))
    }
    new, changed = [], []
    for person in people:
        membership = memberships[person.email]
        for team, role in person.places.items():
            place = existing.get((membership.pk, team.pk))
            if place is None:
                new.append(TeamMembership(team=team, membership=membership, role=role))
            elif place.role != role:
                place.role = role
                changed.append(place)
            else:
                continue
            audit.add(AuditEvent.Action.ROLE_GRANTED, f"{person.email} in {team.name}", role=str(Role(role).label))
    TeamMembership.objects.bulk_create(new, batch_size=BATCH)
    TeamMembership.objects.bulk_update(changed, ["role", "updated_at"], batch_size=BATCH)
    team_places_changed(teams=[place.team for place in [*new, *changed]])


@transaction.atomic
def people_add(
    *,
    organisation: Organisation,
    people: list[PersonToAdd],
    by: User | None,
    base_url: str,
    ask_again: bool = False,
    queue_emails: bool = True,
) -> list[Added]:
    """queue_emails=False leaves each new invitation without an email (and without a working link) for the caller
    to mint one with invitations.invitation_link_mint."""
    audit = _Audit(organisation, by)
    members = _members(organisation, people)
    here = [person for person in people if person.email in members]
    _organisation_roles(here, members, audit)
    _team_places(here, members, audit)
    audit.save()
    others = [person for person in people if person.email not in members]
    offered = invitations_offer(
        organisation=organisation,
        kind=Invitation.Kind.ORGANISATION,
        target_id=organisation.pk,
        people=[ToOffer(email=p.email, name=p.name, offer=offer_for(p.organisation_roles, p.places)) for p in others],
        by=by,
        base_url=base_url,
        ask_again=ask_again,
        queue_emails=queue_emails,
    )
    by_email = {result.invitation.email: result for result in offered}
    return [
        Added(person.email, None, False)
        if person.email in members
        else Added(person.email, by_email[person.email].invitation, by_email[person.email].outcome == "sent")
        for person in people
    ]
