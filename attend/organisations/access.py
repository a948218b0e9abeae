"""The one way in to an organisation's people and teams (ADR 0003); who holds which role is `permissions`.

Each function returns one object or raises the model's DoesNotExist, for something in another organisation
exactly as for something that is not there. Views turn that into a 404 with `attend.core.access.or_404`.
"""

from attend.organisations.models import Membership, Team


def membership_in_organisation(organisation, membership_id) -> Membership:
    """Raises Membership.DoesNotExist when the id belongs to another organisation."""
    return organisation.memberships.with_people().get(pk=membership_id)


def team_in_organisation(organisation, team_id) -> Team:
    """Raises Team.DoesNotExist when the id belongs to another organisation."""
    return organisation.teams.select_related("parent").get(pk=team_id)


def team_led_by(membership: Membership, team_id) -> Team:
    """Raises Team.DoesNotExist unless `membership` leads the team."""
    return membership.teams_led().get(pk=team_id)
