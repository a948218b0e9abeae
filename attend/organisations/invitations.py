"""Consent: the one way anyone joins something another person offers (docs/adr/0020).

An organisation admin inviting one person or importing a CSV file, and a facilitator adding people to a cohort,
all make invitations here: an offer sent to an email address, which its owner accepts (signed in as themselves,
or creating their account from the link) or declines. Until they accept nothing is granted and nothing of theirs
is shown to the inviter; nothing here reads whether an address has an account, so every address gets the same
answer and the same email.

What accepting grants belongs to the app that offers it, named in KINDS by dotted path (organisations never
imports Programme). Each such module has:
- `describe(invitation) -> str`: what is on offer, completing "invited you to ..." ("join Riverside Care Homes");
- `accept(*, invitation, user) -> str`: grant it to `user`, inside the accepting transaction; returns where to go;
- `declined(*, invitation) -> None`: anything to do when someone says no (a cohort offers the place to the next);
- `inviter_link(invitation) -> str`: the page where the inviter follows their invitations.
"""

import datetime
from dataclasses import dataclass, field
from functools import partial
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from attend.accounts.models import User
from attend.core.mail import Email
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.organisations.models import Invitation, Organisation, hash_token
from attend.organisations.tasks import invitation_emails_send

BATCH = 500

KINDS = {
    Invitation.Kind.ORGANISATION: "attend.organisations.offers",
    Invitation.Kind.COHORT: "attend.programme.offers",
}


class InvitationUnusable(ValueError):
    """The invitation has been answered, has expired, or was not sent to this person."""


def offer_module(invitation: Invitation):
    return import_module(KINDS[invitation.kind])


def describe(invitation: Invitation) -> str:
    return offer_module(invitation).describe(invitation)


@dataclass(frozen=True)
class ToOffer:
    email: str
    name: str = ""
    offer: dict = field(default_factory=dict)
    waiting: bool = False  # hold it on a waiting list instead of sending it now


@dataclass(frozen=True)
class Offered:
    invitation: Invitation
    outcome: str  # "sent" (an email goes now), "waiting", or "unchanged" (already open, answered or waiting)


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)


def _placeholder_hash() -> str:
    # The email task mints the real token when it sends, so no usable token is ever stored (docs/adr/0005).
    return hash_token(Invitation.new_token())


# Invitation emails one task sends: a 20,000-person import is a hundred tasks, each well inside the worker's time limit.
EMAILS_PER_TASK = 200


def emails_queue(invitations, base_url: str) -> None:
    """Tasks, queued after this transaction commits, send every invitation's email: none from inside the request, and
    none sending more than `EMAILS_PER_TASK`, so one big import cannot outlast the worker's limit on a task."""
    ids = [str(invitation.pk) for invitation in invitations]
    for start in range(0, len(ids), EMAILS_PER_TASK):
        transaction.on_commit(partial(invitation_emails_send.enqueue, ids[start : start + EMAILS_PER_TASK], base_url))


def _reopen(invitation: Invitation, person: ToOffer, by) -> None:
    invitation.name = person.name or invitation.name
    invitation.offer = person.offer
    invitation.invited_by = by
    invitation.responded_at = None
    invitation.accepted_by = None
    invitation.token_hash = _placeholder_hash()
    if person.waiting:
        invitation.status, invitation.expires_at = Invitation.Status.WAITING, None
    else:
        invitation.status, invitation.expires_at = Invitation.Status.SENT, _expiry()


@transaction.atomic
def invitations_offer(
    *,
    organisation: Organisation,
    kind: str,
    target_id,
    people: list[ToOffer],
    by: User | None,
    base_url: str,
    audit_action: str = AuditEvent.Action.PERSON_INVITED,
    audit_where: str = "",
    ask_again: bool = False,
    queue_emails: bool = True,
) -> list[Offered]:
    """Offer `target` to each address, in a fixed number of queries however many there are.

    An address with a live invitation keeps it (its offer becomes the new one; no second email). One that was
    declined is left alone unless `ask_again` (a person's no is not met with the same question from an import).
    One that expired, or was accepted once and is offered again (someone who left), is sent a fresh invitation.
    """
    emails = [person.email.strip().lower() for person in people]
    existing = {
        invitation.email: invitation
        for invitation in Invitation.objects.of(kind, target_id).filter(email__in=emails).select_for_update()
    }
    new, changed, results, to_send, events = [], [], [], [], []
    for email, person in zip(emails, people, strict=True):
        person = ToOffer(email=email, name=person.name.strip(), offer=person.offer, waiting=person.waiting)
        invitation = existing.get(email)
        if invitation is None:
            invitation = Invitation(
                organisation=organisation, kind=kind, target_id=target_id, email=email, invited_by=by
            )
            _reopen(invitation, person, by)
            new.append(invitation)
        elif invitation.is_usable or invitation.status == Invitation.Status.WAITING:
            invitation.offer = person.offer
            changed.append(invitation)
            results.append(Offered(invitation, "unchanged"))
            continue
        elif invitation.status == Invitation.Status.DECLINED and not ask_again:
            results.append(Offered(invitation, "unchanged"))
            continue
        else:
            _reopen(invitation, person, by)
            changed.append(invitation)
        outcome = "waiting" if person.waiting else "sent"
        results.append(Offered(invitation, outcome))
        if outcome == "sent":
            to_send.append(invitation)
            events.append(
                AuditEvent(
                    actor=by,
                    organisation=organisation,
                    action=audit_action,
                    target_description=f"{email}{audit_where}"[:300],
                )
            )
    Invitation.objects.bulk_create(new, batch_size=BATCH)
    Invitation.objects.bulk_update(
        changed,
        ["name", "offer", "invited_by", "responded_at", "accepted_by", "token_hash", "status", "expires_at"],
        batch_size=BATCH,
    )
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    if queue_emails:
        emails_queue(to_send, base_url)
    return results


@transaction.atomic
def invitations_send_waiting(*, invitations: list[Invitation], base_url: str) -> None:
    """Send invitations held on a waiting list, now that there are places for them."""
    for invitation in invitations:
        invitation.status, invitation.expires_at = Invitation.Status.SENT, _expiry()
        invitation.token_hash = _placeholder_hash()
    Invitation.objects.bulk_update(invitations, ["status", "expires_at", "token_hash"], batch_size=BATCH)
    emails_queue(invitations, base_url)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User, base_url: str) -> Invitation:
    """A new link for an unanswered invitation, expired or not; the old link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.SENT:
        raise InvitationUnusable("Only an invitation that has not been answered can be sent again")
    invitation.expires_at, invitation.token_hash = _expiry(), _placeholder_hash()
    invitation.save(update_fields=["expires_at", "token_hash", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=invitation.organisation,
        action=AuditEvent.Action.PERSON_INVITED,
        target=invitation.email,
        details={"resent": True},
    )
    emails_queue([invitation], base_url)
    return invitation


def invitation_link_mint(*, invitation: Invitation, base_url: str) -> str:
    """A new token for an invitation, returned inside its link and stored only as a hash.

    Any link minted for this invitation before stops working, so mint once per invitation, where it is sent.
    """
    token = Invitation.new_token()
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash", "updated_at"])
    return base_url.rstrip("/") + reverse("organisations:invitation_accept", args=[token])


def invitation_email_deliver(*, invitation: Invitation, link: str) -> None:
    """Send the invitation email carrying this link, now, in this process. The same words for every address."""
    inviter = invitation.invited_by.name if invitation.invited_by else invitation.organisation.name
    what = describe(invitation)
    context = {
        "name": invitation.name,
        "inviter": inviter,
        "what": what,
        "link": link,
        "expires_at": invitation.expires_at,
    }
    Email(
        subject=f"{inviter} has invited you to {what}",
        body=render_to_string("organisations/email/invitation.txt", context),
        to=[invitation.email],
    ).send()


def _lock_usable(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvitationUnusable("This invitation has already been answered or has expired")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> str:
    """`user` says yes: they get what was offered. Only the person the invitation was sent to can accept it.

    Returns the page to go to next (the organisation's Today, or the cohort)."""
    invitation = _lock_usable(invitation)
    if user.email.lower() != invitation.email:
        raise InvitationUnusable("This invitation was sent to someone else")
    next_url = offer_module(invitation).accept(invitation=invitation, user=user)
    invitation.status, invitation.responded_at, invitation.accepted_by = (
        Invitation.Status.ACCEPTED,
        timezone.now(),
        user,
    )
    invitation.save(update_fields=["status", "responded_at", "accepted_by", "updated_at"])
    audit_event_record(
        actor=user,
        organisation=invitation.organisation,
        action=AuditEvent.Action.INVITATION_ACCEPTED,
        target=invitation.email,
        details={"to": describe(invitation)},
    )
    return next_url


@transaction.atomic
def invitation_accept_with_new_account(*, invitation: Invitation, name: str, password: str) -> tuple[User, str]:
    """Accept from the link, for an address with no account that can sign in: the account is made (or given its
    password: someone invited before invitations were consent, or deactivated everywhere since) and the invitation
    accepted, in one transaction."""
    invitation = _lock_usable(invitation)
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and user.has_usable_password() and user.is_active:
        raise InvitationUnusable("This address already has an account: sign in to accept")
    if user is None:
        user = User(email=invitation.email, name=name.strip())
    # An account that cannot sign in (no password yet, or deactivated everywhere) gets its password from the link,
    # as a password reset by email would give it: holding the link proves the address is theirs.
    user.set_password(password)
    user.is_active = True
    user.save()
    return user, invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def invitation_decline(*, invitation: Invitation) -> None:
    """The person says no. Nothing of theirs is shared; the inviter sees only "Declined"."""
    invitation = _lock_usable(invitation)
    invitation.status, invitation.responded_at = Invitation.Status.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    audit_event_record(
        actor=None,
        organisation=invitation.organisation,
        action=AuditEvent.Action.INVITATION_DECLINED,
        target=invitation.email,
        details={"to": describe(invitation)},
    )
    offer_module(invitation).declined(invitation=invitation)
