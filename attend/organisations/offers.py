"""What an invitation to join an organisation grants when it is accepted (see `attend.organisations.invitations`).

The offer holds the roles and team places the admin chose: {"roles": [...], "places": {team id: role}}. They are
given only now, by the person's own yes, so a CSV import or an admin's invitation never makes anyone a member,
or an admin, of an organisation they did not choose to join.
"""

from django.urls import reverse

from attend.organisations.models import ORGANISATION_ROLES, TEAM_ROLES, Invitation, Role


def offer_for(roles, places: dict) -> dict:
    """The offer to store: organisation roles, and team id to team role."""
    return {
        "roles": sorted(str(role) for role in roles if role in ORGANISATION_ROLES),
        "places": {str(team.pk): str(role) for team, role in places.items()},
    }


def describe(invitation: Invitation) -> str:
    return f"join {invitation.organisation.name} on Attend"


def offered_team_names(invitations) -> dict[str, str]:
    """team id → name for every team any of these invitations offers a place in: one query for a page of them."""
    wanted = {team_id for invitation in invitations for team_id in (invitation.offer or {}).get("places", {})}
    if not wanted:
        return {}
    organisation = invitations[0].organisation
    return {str(pk): name for pk, name in organisation.teams.filter(pk__in=wanted).values_list("pk", "name")}


def offered_roles(invitation: Invitation, team_names: dict[str, str] | None = None) -> list[str]:
    """The roles on offer, in words, for the admin's list and the invitee's page. `team_names` (from
    `offered_team_names`, for a list of invitations) saves a query per invitation."""
    offer = invitation.offer or {}
    words = [str(Role(role).label) for role in offer.get("roles", [])]
    if team_names is None:
        team_names = offered_team_names([invitation])
    teams = {team_id: team_names[team_id] for team_id in offer.get("places", {}) if team_id in team_names}
    for team_id, role in offer.get("places", {}).items():
        if team_id in teams:
            words.append(f"{teams[team_id]} ({'leader' if role == Role.LEADER else 'team member'})")
    return words


def accept(*, invitation: Invitation, user) -> str:
    # Organisation writes (roles with their audit events, team places and their hooks) live in services.
    from attend.organisations import services
    from attend.organisations.hooks import team_places_changed

    organisation = invitation.organisation
    membership = services.membership_return_by_accepting(organisation=organisation, user=user)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    offer = invitation.offer or {}
    for role in offer.get("roles", []):
        if role in ORGANISATION_ROLES:
            services.role_grant(membership=membership, role=role, team=None, by=invitation.invited_by)
    # Only this organisation's teams, and only those still there: a team named in an old offer may have gone.
    places = offer.get("places", {})
    teams = {str(team.pk): team for team in organisation.teams.filter(pk__in=list(places))}
    granted = []
    for team_id, role in places.items():
        team = teams.get(team_id)
        granted_now = team is not None and role in TEAM_ROLES
        if granted_now and services.role_grant(membership=membership, role=role, team=team, by=invitation.invited_by):
            granted.append(team)
    team_places_changed(teams=granted)
    return reverse("core:today")


def declined(*, invitation: Invitation) -> None:
    """Nothing to undo: nothing was granted."""


def inviter_link(invitation: Invitation) -> str:
    return reverse("organisations:invited")
