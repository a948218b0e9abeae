"""Enrolment: invitations to a cohort, its places and waiting list, joining and leaving (docs/adr/0020)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from attend.core.formatting import counted
from attend.core.models import AuditEvent
from attend.organisations import services as organisations_services
from attend.organisations.invitations import ToOffer, invitations_offer, invitations_send_waiting
from attend.organisations.models import Invitation
from attend.programme import selectors
from attend.programme.models import (
    Cohort,
    Participant,
)
from attend.programme.services.common import (
    ProgrammeError,
    _audit,
)
from attend.programme.services.meetings import session_leaving_cancel, session_requests_queue
from attend.programme.services.sessions import _tell_about_session


def _refuse_once_people_are_final(cohort: Cohort, today: datetime.date | None) -> None:
    """Once the cohort's change is final, no one joins or leaves: removing someone who answered would change the
    report, and the difference would give away their answers. Refusing only them would tell the facilitator who
    answered, so the rule is the same for everyone."""
    if selectors.change_is_final(cohort, today=today):
        raise ProgrammeError(
            f"The evaluation of {cohort.name} has closed and its results are final, so no one can join or leave it now."
        )


@dataclass(frozen=True)
class Invited:
    """What adding a list of addresses did: the same counts whoever the addresses belong to."""

    invited: int = 0  # an invitation goes out now
    waiting: int = 0  # on the waiting list: the cohort is full
    already: int = 0  # already on this cohort's list (invited, waiting, joined or declined)


def _places_taken(cohort: Cohort) -> int:
    """People in the cohort, and invitations out that may still be accepted: each holds a place."""
    outstanding = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).usable().count()
    return cohort.participants.count() + outstanding


@transaction.atomic
def cohort_people_invite(
    *, cohort: Cohort, by, emails: list[str], base_url: str, today: datetime.date | None = None
) -> Invited:
    """Invite each address to the cohort (docs/adr/0020). No one joins until they accept; nothing here reads
    whether an address has an account, so the answer is the same for every address. Invitations beyond the
    cohort's places go on its waiting list, in the order given, behind anyone already waiting."""
    _refuse_once_people_are_final(cohort, today)
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()  # one list changes at a time
    emails = list(dict.fromkeys(email.strip().lower() for email in emails if email.strip()))
    joined = set(cohort.participants.filter(user__email__in=emails).values_list("user__email", flat=True))
    listed = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).filter(email__in=emails)
    open_now = {i.email for i in listed if i.is_usable or i.status in (Invitation.Status.WAITING, "declined")}
    new = [email for email in emails if email not in joined and email not in open_now]
    someone_waiting = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).filter(status="waiting").exists()
    free = None if cohort.capacity is None else max(cohort.capacity - _places_taken(cohort), 0)
    people = []
    for email in new:
        waiting = free is not None and (free <= 0 or someone_waiting)
        if free is not None and not waiting:
            free -= 1
        people.append(ToOffer(email=email, waiting=waiting))
    offered = invitations_offer(
        organisation=cohort.programme.organisation,
        kind=Invitation.Kind.COHORT,
        target_id=cohort.pk,
        people=people,
        by=by,
        base_url=base_url,
        audit_action=AuditEvent.Action.PARTICIPANT_INVITED,
        audit_where=f", {cohort.name}",
    )
    outcomes = [result.outcome for result in offered]
    return Invited(
        invited=outcomes.count("sent"),
        waiting=outcomes.count("waiting"),
        already=len(emails) - outcomes.count("sent") - outcomes.count("waiting"),
    )


@transaction.atomic
def cohort_places_fill(*, cohort: Cohort, base_url: str) -> int:
    """Invite the next people on the waiting list into any free places (the oldest first). Returns how many.

    Called when a place frees (someone declines or is taken off, the cohort gets more places) and by the clock,
    for invitations that ran out unanswered. The next person is invited, not moved in: they have not said yes."""
    # The cohort's row is the lock every change of its places takes, so two places freed at once fill one each.
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    waiting = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).filter(status=Invitation.Status.WAITING)
    if cohort.capacity is not None:
        free = max(cohort.capacity - _places_taken(cohort), 0)
        waiting = waiting.order_by("created_at")[:free]
    chosen = list(waiting.select_related("organisation"))
    if chosen and not selectors.change_is_final(cohort):
        invitations_send_waiting(invitations=chosen, base_url=base_url)
        return len(chosen)
    return 0


@transaction.atomic
def cohort_capacity_set(*, cohort: Cohort, by, capacity: int | None, base_url: str) -> Cohort:
    cohort.capacity = capacity
    cohort.save(update_fields=["capacity", "updated_at"])
    places = "no limit" if capacity is None else counted(capacity, "place")
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.COHORT_CHANGED, target=f"{cohort.name}: {places}")
    cohort_places_fill(cohort=cohort, base_url=base_url)
    return cohort


def cohort_places_job(*, now: datetime.datetime) -> str:
    """The clock's part: invitations that ran out unanswered free their places for the waiting list."""
    ids = set(
        Invitation.objects.filter(kind=Invitation.Kind.COHORT, status=Invitation.Status.WAITING).values_list(
            "target_id", flat=True
        )
    )
    sent = sum(
        cohort_places_fill(cohort=cohort, base_url=settings.SITE_URL)
        for cohort in Cohort.objects.filter(pk__in=ids).select_related("programme")
    )
    return f"Programme: {counted(sent, 'invitation')} sent from waiting lists."


def _taking_part_from(cohort: Cohort, user):
    """The organisation someone takes part from: the cohort's own when they are in it, else the first they are
    active in. Someone in no organisation (a new account made to accept) joins the cohort's organisation with
    no role: they said yes to a cohort it runs."""
    memberships = user.memberships.active().select_related("organisation")
    organisation = cohort.programme.organisation
    chosen = memberships.filter(organisation=organisation).first() or memberships.order_by("created_at").first()
    if chosen is not None:
        return chosen.organisation
    organisations_services.membership_return_by_accepting(organisation=organisation, user=user)
    return organisation


@transaction.atomic
def participant_place(*, cohort: Cohort, user, today: datetime.date | None = None) -> Participant:
    """Give `user` a place in the cohort: only ever because they accepted an invitation (programme/offers.py)."""
    _refuse_once_people_are_final(cohort, today)
    existing = cohort.participants.filter(user=user).first()
    if existing is not None:
        return existing
    place = cohort.participants.create(user=user, organisation=_taking_part_from(cohort, user))
    _audit(by=user, cohort=cohort, action=AuditEvent.Action.PARTICIPANT_ADDED, target=f"{user.name}, {cohort.name}")
    coming = list(cohort.sessions.filter(starts_at__gt=timezone.now(), cancelled_at__isnull=True))
    for session in coming:
        _tell_about_session(session, place)
        session_requests_queue(session=session, method="REQUEST", user_ids=[user.pk])
    return place


@transaction.atomic
def participant_remove(*, place: Participant, by, today: datetime.date | None = None) -> None:
    """Take someone off a cohort, while its evaluation is still open."""
    cohort = place.cohort
    _refuse_once_people_are_final(cohort, today)
    _audit(
        by=by, cohort=cohort, action=AuditEvent.Action.PARTICIPANT_REMOVED, target=f"{place.user.name}, {cohort.name}"
    )
    session_leaving_cancel(place=place)
    place.delete()
    cohort_places_fill(cohort=cohort, base_url=settings.SITE_URL)
