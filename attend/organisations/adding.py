"""Add many people to an organisation in a fixed number of queries: the write behind inviting one person,
importing a CSV of ten thousand, and creating an organisation with its first admin.

For each person: an account (new ones have no password yet), a membership (reactivated if it had ended), the
organisation roles and team places asked for, and one invitation for anyone who has not set a password and
holds no live link. Every change is written to the audit log. Invitation emails go out after commit.
"""

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from attend.accounts.models import User
from attend.core.models import AuditEvent
from attend.core.validators import clean_model_text
from attend.organisations.hooks import team_places_changed
from attend.organisations.models import (
    ORGANISATION_ROLES,
    Invitation,
    Membership,
    Organisation,
    Role,
    Team,
    TeamMembership,
    hash_token,
)
from attend.organisations.tasks import invitation_email_send

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
    membership: Membership
    invited: bool


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


def _accounts(people: list[PersonToAdd]) -> dict[str, User]:
    users = {user.email: user for user in User.objects.filter(email__in=[person.email for person in people])}
    new_users = [User(email=person.email, name=person.name) for person in people if person.email not in users]
    for user in new_users:
        user.set_unusable_password()
    User.objects.bulk_create(new_users, batch_size=BATCH)
    users.update({user.email: user for user in new_users})
    # Someone deactivated everywhere earlier must be able to sign in again from their new place here.
    returning = [user for user in users.values() if not user.is_active]
    for user in returning:
        user.is_active = True
    User.objects.bulk_update(returning, ["is_active"], batch_size=BATCH)
    return users


def _memberships(organisation: Organisation, users: dict[str, User], audit: _Audit) -> dict[str, Membership]:
    by_user = {m.user_id: m for m in organisation.memberships.filter(user__in=list(users.values()))}
    new = [Membership(organisation=organisation, user=user) for user in users.values() if user.pk not in by_user]
    Membership.objects.bulk_create(new, batch_size=BATCH)
    by_user.update({membership.user_id: membership for membership in new})
    emails = {user.pk: email for email, user in users.items()}
    ended = [membership for membership in by_user.values() if not membership.is_active]
    for membership in ended:
        membership.is_active, membership.deactivated_at = True, None
        audit.add(AuditEvent.Action.PERSON_REACTIVATED, emails[membership.user_id])
    Membership.objects.bulk_update(ended, ["is_active", "deactivated_at", "updated_at"], batch_size=BATCH)
    memberships = {}
    for email, user in users.items():
        memberships[email] = by_user[user.pk]
        memberships[email].user = user  # already loaded: saves a query a person later
    return memberships


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


def _invitations(memberships, by: User | None, base_url: str, audit: _Audit, *, queue_emails: bool) -> set:
    """One live link per person who has no password yet; returns the memberships invited now."""
    holding_links = set(
        Invitation.objects.usable()
        .filter(membership__in=list(memberships.values()))
        .values_list("membership_id", flat=True)
    )
    expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
    invitations = []
    for email, membership in memberships.items():
        if membership.user.has_usable_password() or membership.pk in holding_links:
            continue
        # A placeholder hash: the email task mints the real token when it sends, so none is ever stored.
        invitations.append(
            Invitation(
                membership=membership,
                token_hash=hash_token(Invitation.new_token()),
                expires_at=expires_at,
                invited_by=by,
            )
        )
        audit.add(AuditEvent.Action.PERSON_INVITED, email)
    Invitation.objects.bulk_create(invitations, batch_size=BATCH)
    for invitation in invitations if queue_emails else []:
        transaction.on_commit(partial(invitation_email_send.enqueue, str(invitation.pk), base_url))
    return {invitation.membership_id for invitation in invitations}


@transaction.atomic
def people_add(
    *, organisation: Organisation, people: list[PersonToAdd], by: User | None, base_url: str, queue_emails: bool = True
) -> list[Added]:
    """queue_emails=False leaves each new invitation without an email (and without a working link) for the caller
    to mint one with services.invitation_link_mint."""
    audit = _Audit(organisation, by)
    users = _accounts(people)
    memberships = _memberships(organisation, users, audit)
    _organisation_roles(people, memberships, audit)
    _team_places(people, memberships, audit)
    invited = _invitations(memberships, by, base_url, audit, queue_emails=queue_emails)
    audit.save()
    return [Added(memberships[p.email], memberships[p.email].pk in invited) for p in people]
