"""People in an organisation: their roles, inviting one person, deactivating, reactivating and returning."""

from django.db import transaction
from django.utils import timezone

from attend.accounts.models import User
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.organisations.adding import people_add, people_to_add
from attend.organisations.hooks import team_places_changed
from attend.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    Team,
    TeamMembership,
)


def role_grant(*, membership: Membership, role: str, team: Team | None, by: User | None) -> bool:
    """Give one role. Returns False when the person already held it."""
    if role == Role.ADMIN or role == Role.FACILITATOR:
        flag = "is_admin" if role == Role.ADMIN else "is_facilitator"
        if getattr(membership, flag):
            return False
        setattr(membership, flag, True)
        membership.save(update_fields=[flag, "updated_at"])
        target = membership.user.email
    else:
        place, created = TeamMembership.objects.get_or_create(team=team, membership=membership, defaults={"role": role})
        if not created and place.role == role:
            return False
        if not created:
            place.role = role
            place.save(update_fields=["role", "updated_at"])
        target = f"{membership.user.email} in {team.name}"
    audit_event_record(
        actor=by,
        organisation=membership.organisation,
        action=AuditEvent.Action.ROLE_GRANTED,
        target=target,
        details={"role": str(Role(role).label)},
    )
    return True


def _revoke_organisation_role(membership: Membership, role: str, by: User) -> None:
    flag = "is_admin" if role == Role.ADMIN else "is_facilitator"
    if not getattr(membership, flag):
        return
    setattr(membership, flag, False)
    membership.save(update_fields=[flag, "updated_at"])
    audit_event_record(
        actor=by,
        organisation=membership.organisation,
        action=AuditEvent.Action.ROLE_REMOVED,
        target=membership.user.email,
        details={"role": str(Role(role).label)},
    )


class LastAdminError(ValueError):
    pass


def _ensure_another_admin(membership: Membership) -> None:
    """An organisation must always keep one active admin, so nobody can lock it out of itself."""
    # Lock every admin row, so two admins removing each other at once cannot both succeed.
    admins = list(membership.organisation.memberships.active().filter(is_admin=True).select_for_update())
    if not any(admin.pk != membership.pk for admin in admins):
        raise LastAdminError("An organisation needs at least one active organisation admin")


@transaction.atomic
def membership_roles_set(
    *, membership: Membership, is_admin: bool, is_facilitator: bool, team_roles: dict[Team, str | None], by: User
) -> Membership:
    """Set a person's roles. team_roles maps each team to "member", "leader" or None (not in the team)."""
    organisation = membership.organisation
    if membership.is_admin and not is_admin:
        _ensure_another_admin(membership)
    for role, wanted in ((Role.ADMIN, is_admin), (Role.FACILITATOR, is_facilitator)):
        if wanted:
            role_grant(membership=membership, role=role, team=None, by=by)
        else:
            _revoke_organisation_role(membership, role, by)
    granted = []
    for team, role in team_roles.items():
        if team.organisation_id != organisation.id:
            raise ValueError("A team from another organisation")
        if role:
            if role_grant(membership=membership, role=role, team=team, by=by):
                granted.append(team)
            continue
        removed, _ = membership.team_memberships.filter(team=team).delete()
        if removed:
            audit_event_record(
                actor=by,
                organisation=organisation,
                action=AuditEvent.Action.ROLE_REMOVED,
                target=f"{membership.user.email} in {team.name}",
                details={"role": "Team place"},
            )
    team_places_changed(teams=granted)
    return membership


class AlreadyHere(ValueError):
    """The address is an active member of this organisation already: change their roles on their page."""


@transaction.atomic
def person_invite(
    *, organisation: Organisation, name: str, email: str, roles: set[str], team: Team | None, by: User, base_url: str
) -> Invitation:
    """Invite one person to join, with the roles and team place on offer. The answer is the same for every address
    outside this organisation, whether or not it has an account anywhere (docs/adr/0020)."""
    [person] = people_to_add([(email, name, roles, team)])
    if organisation.memberships.active().filter(user__email__iexact=person.email).exists():
        raise AlreadyHere(person.email)
    [added] = people_add(organisation=organisation, people=[person], by=by, base_url=base_url, ask_again=True)
    return added.invitation


@transaction.atomic
def membership_deactivate(*, membership: Membership, by: User) -> Membership:
    if membership.user_id == by.id:
        raise ValueError("You cannot deactivate yourself")
    if membership.is_admin:
        _ensure_another_admin(membership)
    _places_lock(membership.user_id)
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    user = membership.user
    # A live invitation back in (someone who left and was asked again) stops working too.
    membership.organisation.invitations.of(Invitation.Kind.ORGANISATION, membership.organisation_id).filter(
        email=user.email.lower()
    ).usable().update(expires_at=membership.deactivated_at)
    # Someone with no active place anywhere can no longer sign in.
    if not user.memberships.active().exists() and not user.is_superuser:
        user.is_active = False
        user.save(update_fields=["is_active"])
    audit_event_record(
        actor=by, organisation=membership.organisation, action=AuditEvent.Action.PERSON_DEACTIVATED, target=user.email
    )
    return membership


@transaction.atomic
def membership_reactivate(*, membership: Membership, by: User | None) -> Membership:
    _places_lock(membership.user_id)
    membership.is_active, membership.deactivated_at = True, None
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    user = membership.user
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit_event_record(
        actor=by, organisation=membership.organisation, action=AuditEvent.Action.PERSON_REACTIVATED, target=user.email
    )
    team_places_changed(teams=[place.team for place in membership.team_memberships.select_related("team")])
    return membership


@transaction.atomic
def membership_return_by_accepting(*, organisation: Organisation, user: User) -> Membership:
    """The person's place in the organisation when they accept an invitation to it or to one of its cohorts.

    Someone an admin deactivated comes back with no role and no team place: accepting an offer grants only what
    the offer holds, and a cohort's facilitator must not be able to undo an admin's decision (a removed admin or
    leader would read results again). Their old place is kept as history, switched back on without its roles."""
    _places_lock(user.pk)
    membership, created = Membership.objects.get_or_create(organisation=organisation, user=user)
    if created or membership.is_active:
        return membership
    membership.is_active, membership.deactivated_at = True, None
    membership.is_admin = membership.is_facilitator = False
    membership.save(update_fields=["is_active", "deactivated_at", "is_admin", "is_facilitator", "updated_at"])
    membership.team_memberships.all().delete()
    audit_event_record(
        actor=user, organisation=organisation, action=AuditEvent.Action.PERSON_REACTIVATED, target=user.email
    )
    return membership


def _places_lock(user_id) -> None:
    """Lock the person's account row while a place of theirs switches on or off: an admin resetting how they sign
    in holds the same lock while checking their places (in no other organisation, active here: sign_in_resets.py),
    so on PostgreSQL a place that changes at that moment waits for the reset, or the reset sees it."""
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True))
