"""An organisation admin resets how one of its people signs in: their lost second factor (docs/adr/0028), or the
person at the organisation's single sign-on provider their account is bound to (docs/adr/0027). Who may do
either is decided in one place, `person_account_reset_refusal`, in the words of what is being reset."""

from dataclasses import dataclass

from django.db import transaction

from attend.accounts.models import User
from attend.accounts.sso import selectors as sso_selectors
from attend.accounts.sso.services import sso_identities_forget
from attend.accounts.two_factor import rule as two_factor_rule
from attend.accounts.two_factor.services import second_factors_reset
from attend.organisations.models import Membership


@dataclass(frozen=True)
class AccountReset:
    """One thing an admin can reset about how a person signs in, in the words its refusals use. `{name}` is the
    person's name and `{organisation}` the organisation's, where a message has them."""

    for_its_people: str  # "Only an admin of Northgate can ..."
    own: str  # the whole message for an admin resetting themself
    theirs: str  # "... only another person who does can ..."
    nothing: str  # the whole message when there is nothing to reset


TWO_FACTOR_RESET = AccountReset(
    for_its_people="reset two-factor authentication for its people",
    own="You cannot reset your own two-factor authentication here. Change it from Your account",
    theirs="reset their two-factor authentication",
    nothing="{name} has no two-factor authentication to reset",
)

# An admin's own binding is forgotten by another admin: nobody forgets the account they are signed in with.
SINGLE_SIGN_ON_FORGET = AccountReset(
    for_its_people="forget the single sign-on accounts of its people",
    own="You cannot forget your own single sign-on account. Ask another admin of {organisation} to do it",
    theirs="forget their single sign-on account",
    nothing=("{name} has not signed in to Attend with {organisation}'s single sign-on, so there is nothing to forget"),
)


def person_account_reset_refusal(
    *, membership: Membership, by: User, reset: AccountReset, anything: bool
) -> str | None:
    """Why `by` may not reset `reset` for `membership`'s person (`anything`: whether they have something to
    reset), or None if they may. The one place these rules live: each reset asks, and its page asks first to
    explain before anyone presses the button."""
    user, organisation = membership.user, membership.organisation
    words = {"name": user.name, "organisation": organisation.name}
    if not organisation.memberships.active().filter(user=by, is_admin=True).exists():
        return f"Only an admin of {organisation.name} can {reset.for_its_people}"
    if user.pk == by.pk:
        return reset.own.format(**words)
    # A superuser's account is for another superuser to look after; a person in another organisation too has its
    # admins answering for the account as much as this one's: neither may change how it signs in alone. One message
    # for both, so an admin learns neither that someone runs the installation nor that they work elsewhere.
    in_another = user.memberships.active().exclude(organisation=organisation).exists()
    if membership.is_active and (user.is_superuser or user.is_staff or in_another):
        return (
            f"Only a person who looks after this Attend installation (a superuser) can {reset.theirs}. "
            "Ask them to do it"
        )
    if not membership.is_active:
        return f"{user.name} has been deactivated. Reactivate them first if they need to sign in again"
    if not anything:
        return reset.nothing.format(**words)
    return None


class TwoFactorResetRefused(ValueError):
    """Why this admin may not reset this person's two-factor authentication. Nothing was changed."""


def two_factor_reset_refusal(*, membership: Membership, by: User, factors: two_factor_rule.SecondFactors) -> str | None:
    """Why `by` may not reset the second factors of `membership`'s person, or None if they may."""
    return person_account_reset_refusal(membership=membership, by=by, reset=TWO_FACTOR_RESET, anything=factors.any)


@transaction.atomic
def two_factor_reset_by_admin(*, membership: Membership, by: User) -> two_factor_rule.SecondFactors:
    """An organisation admin resets a person's lost second factor: their authenticator app, every recovery code
    and every passkey are removed, and they are signed out everywhere (`second_factors_reset`). Audited in this
    organisation's log; the person is emailed. Returns what was removed.

    Raises `TwoFactorResetRefused`, changing nothing, for the cases `two_factor_reset_refusal` names.
    """
    # Locked, so two admins resetting at once take turns: the second finds nothing left and is told so.
    user = User.objects.select_for_update().get(pk=membership.user_id)
    membership = _membership_now(membership, user)
    refusal = two_factor_reset_refusal(membership=membership, by=by, factors=two_factor_rule.second_factors_of(user))
    if refusal:
        raise TwoFactorResetRefused(refusal)
    organisation = membership.organisation
    return second_factors_reset(
        user=user,
        by=by,
        by_role=f"an admin at {organisation.name}",
        organisations=[organisation],
        tell=f"{by.name} or another admin at {organisation.name}",
    )


class SingleSignOnForgetRefused(ValueError):
    """Why this admin may not forget this person's single sign-on account. Nothing was changed."""


def single_sign_on_forget_refusal(*, membership: Membership, by: User, identities: list) -> str | None:
    """Why `by` may not forget `membership`'s person's bindings to the organisation's provider (`identities`, from
    `sso_selectors.identities_at`), or None if they may."""
    return person_account_reset_refusal(
        membership=membership, by=by, reset=SINGLE_SIGN_ON_FORGET, anything=bool(identities)
    )


@transaction.atomic
def single_sign_on_forget_by_admin(*, membership: Membership, by: User) -> int:
    """An organisation admin makes Attend forget which person at the organisation's single sign-on provider the
    person's account is bound to, because their account there has really changed: their next single sign-on
    binds again (`sso_identities_forget`). Only the bindings to this organisation's provider and client go; the
    person is signed out everywhere, it is audited in this organisation's log, and the person is emailed.
    Returns how many bindings were removed (one, nearly always).

    Raises `SingleSignOnForgetRefused`, changing nothing, for the cases `single_sign_on_forget_refusal` names.
    """
    # Locked, so two admins forgetting at once take turns: the second finds nothing left and is told so.
    user = User.objects.select_for_update().get(pk=membership.user_id)
    membership = _membership_now(membership, user)
    organisation = membership.organisation
    identities = sso_selectors.identities_at(sso_selectors.provider_of(organisation), user)
    refusal = single_sign_on_forget_refusal(membership=membership, by=by, identities=identities)
    if refusal:
        raise SingleSignOnForgetRefused(refusal)
    sso_identities_forget(
        user=user,
        identities=identities,
        by=by,
        by_role=f"an admin at {organisation.name}",
        organisations=[organisation],
        tell=f"{by.name} or another admin at {organisation.name}",
    )
    return len(identities)


def _membership_now(membership: Membership, user: User) -> Membership:
    """The membership as it is now, read under the person's lock: an admin may have deactivated them since the
    page was opened."""
    membership = Membership.objects.select_related("organisation").get(pk=membership.pk)
    membership.user = user
    return membership
