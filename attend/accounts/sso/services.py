"""Writes for single sign-on: an organisation's settings, matching a signed-in person to their account, and
forgetting which person at the provider an account is bound to."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from attend.accounts.models import AttemptCount
from attend.accounts.services import _attempts_take, _keyed_hash
from attend.accounts.signed_in import sign_in_changed_by_another
from attend.accounts.sso.models import SingleSignOn, SingleSignOnIdentity
from attend.accounts.sso.rules import Refusal, checked_email, claims_from, provider_name
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record


@transaction.atomic
def single_sign_on_save(
    *,
    organisation,
    by,
    issuer: str,
    client_id: str,
    method: str,
    credential: str | None,
    scopes: str,
    email_claim: str,
    allowed_domains: list[str],
    policy: str,
    is_enabled: bool,
) -> SingleSignOn:
    """Create or change the organisation's settings. `credential` None keeps the saved one (the page never shows
    it back, so leaving the box empty means "no change"). The audit log says what changed, never the credential."""
    configuration = SingleSignOn.objects.select_for_update().filter(organisation=organisation).first()
    if configuration is None:
        if not credential:
            raise ValueError("A new single sign-on configuration needs a client secret or private key")
        configuration = SingleSignOn(organisation=organisation)
    values = {
        "issuer": issuer.strip(),
        "client_id": client_id.strip(),
        "method": method,
        "scopes": " ".join(scopes.split()),
        "email_claim": email_claim.strip(),
        "allowed_domains": allowed_domains,
        "policy": policy,
        "is_enabled": is_enabled,
    }
    changed = [name for name, value in values.items() if getattr(configuration, name, None) != value]
    for name, value in values.items():
        setattr(configuration, name, value)
    if credential:
        configuration.credential = credential.strip() + ("\n" if "PRIVATE KEY" in credential else "")
        changed.append("credential")
    configuration.updated_by = by
    configuration.save()
    audit_event_record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.SINGLE_SIGN_ON_CHANGED,
        target=organisation.name,
        details={"changed": sorted(changed), "policy": policy, "enabled": is_enabled},
    )
    return configuration


def sso_person_match(*, configuration: SingleSignOn, userinfo: dict):
    """The Attend account the provider vouched for, within this organisation only, or a Refusal.

    The address must be verified (where the provider says), in one of the organisation's domains, and belong to
    an active account with an active membership of this organisation. Someone whose account is in another
    organisation gets the same answer as someone with no account, so the message tells them nothing about
    other organisations.
    """
    email = checked_email(
        claims_from(userinfo, email_claim=configuration.email_claim),
        allowed_domains=configuration.allowed_domains,
    )
    user = (
        get_user_model()
        .objects.filter(
            email__iexact=email,
            is_active=True,
            memberships__organisation=configuration.organisation,
            memberships__is_active=True,
        )
        .first()
    )
    if user is None:
        raise Refusal(
            "no_account",
            f"There is no Attend account for {email} in {configuration.organisation.name}. "
            "Your organisation admin can invite you.",
        )
    if not _identity_bound(configuration=configuration, user=user, userinfo=userinfo):
        audit_event_record(
            actor=None,
            organisation=configuration.organisation,
            action=AuditEvent.Action.SINGLE_SIGN_ON_REFUSED,
            target=email,
            details={"reason": "a different person at the provider (sub) from the one bound to this account"},
        )
        raise Refusal(
            "subject_changed",
            f"Your organisation's sign-in says you are {email}, but your account there is not the account that "
            f"signed in to Attend as {email} before, so you are not signed in. If your work account has changed, "
            "ask your organisation admin for help.",
        )
    return user


def _identity_bound(*, configuration: SingleSignOn, user, userinfo: dict) -> bool:
    """Whether the provider's person (`sub`) is the one bound to this account, binding them at the account's
    first sign-in through this provider and client. False when the account is bound to another `sub`, or this
    `sub` to another account (the unique constraints settle two first sign-ins at once: the second is refused)."""
    provider = {"issuer": str(userinfo.get("iss") or configuration.issuer), "client_id": configuration.client_id}
    subject = str(userinfo.get("sub") or "")
    if not subject:
        return False
    bound = list(
        SingleSignOnIdentity.objects.filter(**provider)
        .filter(Q(user=user) | Q(subject=subject))
        .values_list("user_id", "subject")
    )
    if bound:
        return bound == [(user.pk, subject)]
    try:
        with transaction.atomic():
            SingleSignOnIdentity.objects.create(user=user, subject=subject, **provider)
    except IntegrityError:
        return SingleSignOnIdentity.objects.filter(user=user, subject=subject, **provider).exists()
    return True


@transaction.atomic
def sso_identities_forget(
    *, user, identities: list[SingleSignOnIdentity], by, by_role: str, organisations: list, tell: str
) -> None:
    """Someone else makes Attend forget which person at a provider the account is (docs/adr/0027): the person's
    account there has really changed (a new account after a change of name, on rejoining), so their next single
    sign-on through that provider and client binds whichever person there signs in with their email. The person
    is signed out everywhere, as their sessions were opened by the old account.

    `identities` are the person's bindings to one provider, all removed. Audited in the log of each of
    `organisations` (those whose provider it is; none: the installation's own log), naming the provider, never
    the `sub`. The person is sent a security email at once saying who did it, as `by` and their `by_role` ("an
    admin at Northgate"), and whom to `tell` if they did not ask for it. Whether `by` may do this is the caller's
    to decide: `organisations.services.single_sign_on_forget_by_admin` for an organisation's admin, the Django
    admin for a superuser.
    """
    if not identities:
        return  # nothing to forget: nobody is signed out, and nothing is recorded or sent
    provider = provider_name(identities[0].issuer)
    SingleSignOnIdentity.objects.filter(pk__in=[identity.pk for identity in identities]).delete()
    sign_in_changed_by_another(
        user=user,
        by=by,
        action=AuditEvent.Action.SINGLE_SIGN_ON_FORGOTTEN,
        details={"provider": provider},
        organisations=organisations,
        email="single_sign_on_forgotten",
        about={"by_role": by_role, "tell": tell, "provider": provider},
    )


def sso_attempt_count(*, address: str) -> bool:
    """Count a single sign-on start against the network address, in the same budget as password attempts
    (ADR 0004). False: too many from here, so do not start. There is no account to count against yet: the
    provider, not Attend, checks the person's password."""
    limits = settings.SIGN_IN_THROTTLE
    return _attempts_take(
        (AttemptCount.Kind.SIGN_IN_ADDRESS, address, limits["per_address"], limits["window_seconds"]),
    )


def sso_attempt_succeeded(*, address: str) -> None:
    """The person came back signed in: their start no longer counts against the address."""
    AttemptCount.objects.filter(
        kind=AttemptCount.Kind.SIGN_IN_ADDRESS, key_hash=_keyed_hash(address), attempts__gt=0
    ).update(attempts=F("attempts") - 1)
