"""Programme's private things, as URL arguments for the role-by-URL matrix and the axe page sweep.

The facilitator runs a programme in the first organisation; the leader takes part in its cohort (the member
does not); the facilitator has posted in the cohort's discussion; a start questionnaire is open.
"""

import datetime

from django.utils import timezone

from attend.accounts.models import User
from attend.organisations import invitations
from attend.organisations.models import Invitation
from attend.programme import services

BASE_URL = "https://attend.example/"


def participant_add(*, cohort, by, email: str, today: datetime.date | None = None):
    """Someone joins a cohort the one way there is: the facilitator invites their address, and they accept,
    signed in as themselves. Returns their place."""
    services.cohort_people_invite(cohort=cohort, by=by, emails=[email], base_url=BASE_URL, today=today)
    invitation = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).get(email=email.strip().lower())
    user = User.objects.get(email__iexact=email.strip())
    invitations.invitation_accept(invitation=invitation, user=user)
    return cohort.participants.get(user=user)


def private_things(*, leader, member, facilitator, org_admin) -> dict:
    organisation = facilitator.organisation
    programme = services.programme_create(
        organisation=organisation, by=facilitator.user, title="Compassionate leadership, six sessions"
    )
    today = timezone.localdate()
    cohort = services.cohort_create(
        programme=programme,
        by=facilitator.user,
        name="Spring cohort",
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=60),
        status="running",
    )
    place = participant_add(cohort=cohort, by=facilitator.user, email=leader.user.email)
    session = services.session_schedule(
        cohort=cohort,
        by=facilitator.user,
        title="Session 2: attending",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        minutes=120,
        place="Room 2, Northgate Hub",
    )
    thread = services.cohort_thread(cohort)
    post = services.post_create(thread=thread, author=facilitator.user, text="Welcome, everyone. How are you arriving?")
    assignment = services.questionnaire_assign(
        cohort=cohort,
        by=facilitator.user,
        point="start",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=14),
    )
    return {
        "programme_id": programme.pk,
        "cohort_id": cohort.pk,
        "participant_id": place.pk,
        "session_id": session.pk,
        "thread_id": thread.pk,
        "post_id": post.pk,
        "assignment_id": assignment.pk,
    }
