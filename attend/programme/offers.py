"""What an invitation to join a cohort grants when it is accepted (see `attend.organisations.invitations`).

A facilitator invites addresses; a person takes a place only by accepting, signed in as themselves. Their name and
organisation reach the facilitator only then. Declining frees the place for the next on the waiting list.
"""

from django.conf import settings
from django.urls import reverse

from attend.organisations.invitations import InvitationUnusable
from attend.organisations.models import Invitation
from attend.programme.models import Cohort


def _cohort(invitation: Invitation) -> Cohort:
    # The cohort must belong to the organisation that sent the invitation: a target id alone proves nothing.
    return Cohort.objects.select_related("programme__organisation").get(
        pk=invitation.target_id, programme__organisation=invitation.organisation_id
    )


def describe(invitation: Invitation) -> str:
    cohort = _cohort(invitation)
    return f"join {cohort.name} of {cohort.programme.title}, run by {cohort.programme.organisation.name}"


def accept(*, invitation: Invitation, user) -> str:
    from attend.programme import services

    cohort = _cohort(invitation)
    try:
        services.participant_place(cohort=cohort, user=user)
    except services.ProgrammeError as error:
        raise InvitationUnusable(str(error))
    return reverse("programme:cohort", args=[cohort.pk])


def declined(*, invitation: Invitation) -> None:
    from attend.programme import services

    services.cohort_places_fill(cohort=_cohort(invitation), base_url=settings.SITE_URL)


def inviter_link(invitation: Invitation) -> str:
    return reverse("programme:participants", args=[invitation.target_id])
