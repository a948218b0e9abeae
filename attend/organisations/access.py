"""The one way in to an organisation's people and teams (ADR 0003); who holds which role is `permissions`.

Each function returns one object or raises the model's DoesNotExist, for something in another organisation
exactly as for something that is not there. Views turn that into a 404 with `attend.core.access.or_404`.
"""

from attend.organisations.models import Invitation, Membership, PeopleImport, Team


def membership_in_organisation(organisation, membership_id) -> Membership:
    """Raises Membership.DoesNotExist when the id belongs to another organisation."""
    return organisation.memberships.with_people().get(pk=membership_id)


def team_in_organisation(organisation, team_id) -> Team:
    """Raises Team.DoesNotExist when the id belongs to another organisation."""
    return organisation.teams.select_related("parent").get(pk=team_id)


def team_led_by(membership: Membership, team_id) -> Team:
    """Raises Team.DoesNotExist unless `membership` leads the team."""
    return membership.teams_led().get(pk=team_id)


def invitation_from_organisation(organisation, invitation_id) -> Invitation:
    """One of this organisation's invitations to join it, for its admins. Raises Invitation.DoesNotExist for any
    other (another organisation's, or a cohort's)."""
    return organisation.invitations.of(Invitation.Kind.ORGANISATION, organisation.pk).get(pk=invitation_id)


def invitation_for_invitee(user, invitation_id) -> Invitation:
    """An unanswered invitation sent to `user`'s own address. Raises Invitation.DoesNotExist for anyone else's,
    so no one can accept or decline for another person."""
    return Invitation.objects.for_invitee(user).select_related("organisation", "invited_by").get(pk=invitation_id)


def people_import_for_admin(user, import_id) -> PeopleImport:
    """A people import, for the active admins of its organisation alone. Raises PeopleImport.DoesNotExist for
    everyone else: its members and leaders, and another organisation's admins (the file names its people)."""
    admin_of = Membership.objects.active().filter(user=user, is_admin=True).values("organisation_id")
    return (
        PeopleImport.objects.defer("payload")
        .select_related("organisation")
        .filter(organisation_id__in=admin_of)
        .get(pk=import_id)
    )
