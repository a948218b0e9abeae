"""Who may see what in Programme: the one place these rules live.

- A programme, and running its cohorts, belongs to the facilitators of the organisation that owns it, while they
  are working in that organisation.
- A cohort (its sessions, materials and discussion) is open to its participants, from whichever organisation
  they take part, and to those facilitators. No one else: not organisation admins, not other facilitators.
- A cohort's report (aggregates only) is open to those facilitators and the owning organisation's admins.
- A questionnaire response and its scores are open to the participant who gave it, and to no one else.
  There is deliberately no function here that hands one person's answers to anyone else.
- A held post is seen by its author and the cohort's facilitators; a hidden post only by the facilitators.
Anything else raises the model's DoesNotExist (and so a 404), whoever asks.
"""

from dataclasses import dataclass

from django.db.models import Q

from attend.organisations.models import Role
from attend.programme.models import (
    Cohort,
    Participant,
    Post,
    Programme,
    QuestionnaireAssignment,
    QuestionnaireResponse,
    Session,
    Thread,
)


def is_facilitator(membership) -> bool:
    return bool(membership) and membership.has_role(Role.FACILITATOR)


def may_read_reports(membership) -> bool:
    return bool(membership) and membership.has_role(Role.FACILITATOR, Role.ADMIN)


def facilitated_programmes(membership):
    """The programmes `membership` runs: every programme of their organisation, when they are a facilitator."""
    if not is_facilitator(membership):
        return Programme.objects.none()
    return membership.organisation.programmes.all()


def programme_for_facilitator(membership, programme_id) -> Programme:
    return facilitated_programmes(membership).get(pk=programme_id)


def facilitated_cohorts(membership):
    if not is_facilitator(membership):
        return Cohort.objects.none()
    return Cohort.objects.filter(programme__organisation=membership.organisation).select_related("programme")


def cohort_for_facilitator(membership, cohort_id) -> Cohort:
    return facilitated_cohorts(membership).get(pk=cohort_id)


def cohort_for_report(membership, cohort_id) -> Cohort:
    """Facilitators and admins of the owning organisation: they see aggregates, never a person's answers."""
    return reportable_cohorts(membership).get(pk=cohort_id)


def reportable_cohorts(membership):
    """The cohorts whose aggregate reports `membership` may read."""
    if not may_read_reports(membership):
        return Cohort.objects.none()
    return Cohort.objects.filter(programme__organisation=membership.organisation).select_related("programme")


def places_of(user):
    """The cohorts `user` (a user or their id) takes part in, as Participant rows."""
    return Participant.objects.filter(user=user).select_related("cohort__programme__organisation", "organisation")


@dataclass(frozen=True)
class CohortView:
    """A cohort as one person may open it: as its facilitator, or as a participant (`place`)."""

    cohort: Cohort
    facilitating: bool
    place: Participant | None


def cohort_for(user, membership, cohort_id) -> CohortView:
    try:
        return CohortView(cohort=cohort_for_facilitator(membership, cohort_id), facilitating=True, place=None)
    except Cohort.DoesNotExist:
        pass
    try:
        place = places_of(user).get(cohort_id=cohort_id)
    except Participant.DoesNotExist:
        raise Cohort.DoesNotExist
    return CohortView(cohort=place.cohort, facilitating=False, place=place)


def participant_in_cohort(cohort: Cohort, participant_id) -> Participant:
    """Someone's place in a cohort the asker facilitates (reach the cohort with `cohort_for_facilitator`)."""
    try:
        return cohort.participants.select_related("user", "organisation").get(pk=participant_id)
    except Participant.DoesNotExist:
        raise Cohort.DoesNotExist


def session_for(user, membership, session_id) -> tuple[Session, CohortView]:
    try:
        session = Session.objects.get(pk=session_id)
    except Session.DoesNotExist:
        raise Cohort.DoesNotExist
    return session, cohort_for(user, membership, session.cohort_id)


def session_for_participant(user, session_id) -> tuple[Session, CohortView]:
    """A session of a cohort `user` has a place in, and that place: the only way to answer it. A facilitator
    who is not in the cohort, and anyone in another cohort, get DoesNotExist."""
    try:
        session = Session.objects.select_related("cohort__programme").get(pk=session_id)
        place = places_of(user).get(cohort_id=session.cohort_id)
    except (Session.DoesNotExist, Participant.DoesNotExist):
        raise Cohort.DoesNotExist
    return session, CohortView(cohort=place.cohort, facilitating=False, place=place)


def session_for_facilitator(membership, session_id) -> Session:
    try:
        return Session.objects.select_related("cohort__programme").get(
            pk=session_id, cohort__in=facilitated_cohorts(membership)
        )
    except Session.DoesNotExist:
        raise Cohort.DoesNotExist


def thread_for(user, membership, thread_id) -> tuple[Thread, CohortView]:
    try:
        thread = Thread.objects.select_related("session").get(pk=thread_id)
    except Thread.DoesNotExist:
        raise Cohort.DoesNotExist
    return thread, cohort_for(user, membership, thread.cohort_id)


def visible_posts(thread: Thread, user, view: CohortView):
    """Shown posts for everyone in the cohort; held ones also for their author and the facilitators;
    hidden ones only for the facilitators (so they can restore them)."""
    posts = thread.posts.select_related("author")
    if view.facilitating:
        return posts
    return posts.filter(Q(status=Post.Status.SHOWN) | Q(status=Post.Status.HELD, author=user))


def post_for(user, membership, post_id) -> tuple[Post, CohortView]:
    """A post the asker may see."""
    try:
        post = Post.objects.select_related("thread", "author").get(pk=post_id)
    except Post.DoesNotExist:
        raise Cohort.DoesNotExist
    view = cohort_for(user, membership, post.thread.cohort_id)
    if not visible_posts(post.thread, user, view).filter(pk=post.pk).exists():
        raise Cohort.DoesNotExist
    return post, view


def post_to_reply_to(user, membership, post_id) -> Post:
    """A post the asker may reply to: one shown to everyone. A held or hidden post is not there for everyone to
    reply to (its page offers no Reply link)."""
    post, _ = post_for(user, membership, post_id)
    if post.status != Post.Status.SHOWN:
        raise Cohort.DoesNotExist
    return post


def post_to_report(user, membership, post_id) -> Post:
    """A post the asker may report: one they may see, written by someone else."""
    post, _ = post_for(user, membership, post_id)
    if post.author_id == user.pk:
        raise Cohort.DoesNotExist
    return post


def own_post(user, membership, post_id) -> Post:
    post, _ = post_for(user, membership, post_id)
    if post.author_id != user.pk:
        raise Cohort.DoesNotExist
    return post


def post_for_moderation(membership, post_id) -> Post:
    try:
        return Post.objects.select_related("thread__cohort").get(
            pk=post_id, thread__cohort__in=facilitated_cohorts(membership)
        )
    except Post.DoesNotExist:
        raise Cohort.DoesNotExist


def assignment_for_participant(user, assignment_id) -> tuple[QuestionnaireAssignment, Participant]:
    """An assignment of a cohort `user` takes part in, with their place in it."""
    try:
        assignment = QuestionnaireAssignment.objects.select_related("cohort__programme").get(pk=assignment_id)
        place = places_of(user).get(cohort_id=assignment.cohort_id)
    except (QuestionnaireAssignment.DoesNotExist, Participant.DoesNotExist):
        raise Cohort.DoesNotExist
    return assignment, place


def place_in(user, cohort_id) -> Participant:
    try:
        return places_of(user).get(cohort_id=cohort_id)
    except Participant.DoesNotExist:
        raise Cohort.DoesNotExist


def own_responses(user, place: Participant):
    """The asker's own answers and scores, only when `place` is theirs."""
    if place.user_id != user.pk:
        raise QuestionnaireResponse.DoesNotExist
    return place.responses.select_related("assignment")
