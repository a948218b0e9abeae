"""Organisation writes. Each takes the acting person and writes the audit log."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from attend.accounts.models import User
from attend.core.formatting import counted
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.validators import clean_model_text
from attend.organisations.adding import people_add, people_to_add
from attend.organisations.hooks import team_places_changed
from attend.organisations.importing import ImportPlan, Problem, people_csv_read
from attend.organisations.invitations import invitation_link_mint
from attend.organisations.models import Invitation, Membership, Organisation, Role, Team, TeamMembership


class TeamNameTaken(ValueError):
    pass


def _name_taken(organisation: Organisation, name: str, *, excluding: Team | None = None) -> bool:
    teams = organisation.teams.filter(name__iexact=name.strip())
    if excluding is not None:
        teams = teams.exclude(pk=excluding.pk)
    return teams.exists()


@dataclass(frozen=True)
class OrganisationCreated:
    organisation: Organisation
    invitation: Invitation
    link: str  # the admin's invitation link: its token is in this value and, hashed, in the database, nowhere else


@transaction.atomic
def organisation_create(
    *, name: str, is_nhs: bool, admin_name: str, admin_email: str, base_url: str
) -> OrganisationCreated:
    """A new organisation and the invitation for its first organisation admin, who becomes the admin by accepting
    it (an address with an account elsewhere accepts signed in as themselves, like anyone invited).

    `is_nhs` has no default: whether the header may carry the NHS logo is asked of every new organisation.

    Nothing is queued: the caller (manage.py organisation_create) prints the link and may email that same link
    with invitations.invitation_email_deliver, so a self-hoster without a mail server can still start.
    """
    name = clean_model_text(Organisation, "name", name.strip())
    slug = slugify(name)[:70] or "organisation"
    if Organisation.objects.filter(slug=slug).exists():
        slug = f"{slug}-{Organisation.objects.filter(slug__startswith=slug).count() + 1}"
    organisation = Organisation.objects.create(name=name, slug=slug, is_nhs=is_nhs)
    [admin] = people_to_add([(admin_email, admin_name, {Role.ADMIN}, None)])
    [added] = people_add(organisation=organisation, people=[admin], by=None, base_url=base_url, queue_emails=False)
    link = invitation_link_mint(invitation=added.invitation, base_url=base_url)
    return OrganisationCreated(organisation=organisation, invitation=added.invitation, link=link)


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, parent: Team | None, by: User | None) -> Team:
    name = clean_model_text(Team, "name", name.strip(), label="The team name")
    if _name_taken(organisation, name):
        raise TeamNameTaken(name)
    if parent is not None and parent.organisation_id != organisation.id:
        raise ValueError("A team's parent must belong to the same organisation")
    team = organisation.teams.create(name=name.strip(), parent=parent)
    audit_event_record(actor=by, organisation=organisation, action=AuditEvent.Action.TEAM_CREATED, target=team.path)
    return team


@transaction.atomic
def team_rename(*, team: Team, name: str, by: User) -> Team:
    name = clean_model_text(Team, "name", name.strip(), label="The team name")
    if _name_taken(team.organisation, name, excluding=team):
        raise TeamNameTaken(name)
    old_name, team.name = team.name, name.strip()
    team.save(update_fields=["name", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=team.organisation,
        action=AuditEvent.Action.TEAM_RENAMED,
        target=team.name,
        details={"from": old_name, "to": team.name},
    )
    return team


@transaction.atomic
def organisation_identity_set(*, organisation: Organisation, is_nhs: bool, by: User) -> Organisation:
    """Whether the organisation is part of the NHS, and so whether its pages carry the NHS logo."""
    if organisation.is_nhs == is_nhs:
        return organisation
    organisation.is_nhs = is_nhs
    organisation.save(update_fields=["is_nhs", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.NHS_IDENTITY_CHANGED,
        target=organisation.name,
        details={"is_nhs": is_nhs},
    )
    return organisation


def organisation_two_factor_rule_set(*, organisation: Organisation, rule: str, by: User) -> Organisation:
    """Who in the organisation must sign in with a second factor (docs/adr/0028). Enforced on every page by
    `accounts.two_factor.middleware`."""
    if organisation.two_factor_required_for == rule:
        return organisation
    organisation.two_factor_required_for = rule
    organisation.save(update_fields=["two_factor_required_for", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.TWO_FACTOR_POLICY_CHANGED,
        target=organisation.name,
        details={"required_for": rule},
    )
    return organisation


@transaction.atomic
def first_day_checklist_dismiss(*, organisation: Organisation, by: User) -> Organisation:
    """Hide the first-day checklist for every admin of the organisation. Twice is once."""
    updated = Organisation.objects.filter(pk=organisation.pk, first_day_dismissed_at__isnull=True).update(
        first_day_dismissed_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        audit_event_record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.FIRST_DAY_CHECKLIST_DISMISSED,
            target=organisation.name,
        )
    organisation.refresh_from_db(fields=["first_day_dismissed_at"])
    return organisation


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


@dataclass(frozen=True)
class ImportResult:
    problems: list[Problem]
    people: int = 0
    invited: int = 0  # invitations sent now
    updated: int = 0  # people already active here, given the roles and places in the file
    teams_created: int = 0

    @property
    def succeeded(self) -> bool:
        return not self.problems


def _team_problems(organisation: Organisation, plan: ImportPlan) -> list[Problem]:
    """Parents the file gives must agree with the organisation's existing teams, and form no loop."""
    existing = {team.name.lower(): team for team in organisation.teams.select_related("parent")}
    wanted_parent = {key: parent.lower() for key, (_, parent) in plan.teams.items() if parent}
    first_line = {}
    for row in plan.rows:
        first_line.setdefault(row.team.lower(), row.line)
    problems = []
    for key, parent in wanted_parent.items():
        team = existing.get(key)
        if team and (team.parent.name.lower() if team.parent else "") != parent:
            where = f'sits under "{team.parent.name}"' if team.parent else "is a top-level team"
            problems.append(Problem(first_line[key], f'The team "{team.name}" already exists and {where}'))
        seen, step = {key}, parent
        while step:
            if step in seen:
                problems.append(
                    Problem(first_line[key], f'The parent teams for "{plan.teams[key][0]}" go round in a loop')
                )
                break
            seen.add(step)
            step = wanted_parent.get(step) or (
                existing[step].parent.name.lower() if step in existing and existing[step].parent else ""
            )
    return problems


def _teams_ensure(organisation: Organisation, plan: ImportPlan, by: User) -> tuple[dict[str, Team], int]:
    teams = {team.name.lower(): team for team in organisation.teams.all()}
    names = {key: name for key, (name, _) in plan.teams.items()}
    parents = {key: parent for key, (_, parent) in plan.teams.items() if parent}
    for parent in parents.values():
        names.setdefault(parent.lower(), parent)
    created = 0

    def ensure(key: str) -> Team:
        nonlocal created
        if key not in teams:
            parent_name = parents.get(key)
            parent = ensure(parent_name.lower()) if parent_name else None
            teams[key] = team_create(organisation=organisation, name=names[key], parent=parent, by=by)
            created += 1
        return teams[key]

    for key in names:
        ensure(key)
    return teams, created


def people_import(*, organisation: Organisation, data: bytes, by: User, base_url: str) -> ImportResult:
    """Import every row of a people CSV, or none: any problem is reported by line and nothing is written."""
    plan = people_csv_read(data)
    problems = plan.problems or _team_problems(organisation, plan)
    if problems:
        return ImportResult(problems=problems)
    with transaction.atomic():
        teams, teams_created = _teams_ensure(organisation, plan, by)
        rows = [(row.email, row.name, row.roles, teams[row.team.lower()] if row.team else None) for row in plan.rows]
        added = people_add(organisation=organisation, people=people_to_add(rows), by=by, base_url=base_url)
        invited = sum(person.invited for person in added)
        updated = sum(person.invitation is None for person in added)
        people = len(added)
        audit_event_record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.PEOPLE_IMPORTED,
            target=f"{counted(people, 'person', 'people')} from a CSV file",
            details={"rows": len(plan.rows), "teams_created": teams_created, "invited": invited},
        )
    return ImportResult(problems=[], people=people, invited=invited, updated=updated, teams_created=teams_created)
