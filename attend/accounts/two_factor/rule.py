"""Who must sign in with a second factor, and whether a session has given one (docs/adr/0028).

Reads only: the organisation's rule lives on `Organisation.two_factor_required_for`; the session says how it
was signed in.
"""

import dataclasses
import time

from django.contrib.auth import get_user_model
from django.db.models import Q

from attend.accounts.models import AuthenticatorApp

# A right password for someone with a second factor: they are not signed in, this marker waits for the code.
PENDING_SESSION_KEY = "two_factor_pending"
# This session gave a second factor (or set one up): "totp" or "recovery_code".
VERIFIED_SESSION_KEY = "two_factor_verified"
# Single sign-on sets this to "sso"; the identity provider enforces its own multi-factor sign-in.
AUTH_METHOD_SESSION_KEY = "auth_method"


def has_second_factor(user) -> bool:
    return AuthenticatorApp.objects.filter(user=user, confirmed=True).exists() or user.passkeys.exists()


def has_authenticator_app(user) -> bool:
    return AuthenticatorApp.objects.filter(user=user, confirmed=True).exists()


def two_factor_required(user) -> bool:
    """True when any organisation the person is active in requires a second factor of them."""
    from attend.organisations.models import TwoFactorRule  # organisations builds on accounts, not the reverse

    everyone = Q(organisation__two_factor_required_for=TwoFactorRule.EVERYONE)
    by_role = Q(organisation__two_factor_required_for=TwoFactorRule.ADMINS_AND_FACILITATORS) & (
        Q(is_admin=True) | Q(is_facilitator=True)
    )
    return user.memberships.filter(is_active=True).filter(everyone | by_role).exists()


def session_gave_second_factor(session) -> bool:
    return bool(session.get(VERIFIED_SESSION_KEY)) or session.get(AUTH_METHOD_SESSION_KEY) == "sso"


def recovery_codes_left(user) -> int:
    return user.recovery_codes.filter(used_at__isnull=True).count()


@dataclasses.dataclass(frozen=True)
class SecondFactors:
    """What a person has set up as a second factor, as counts: never a secret, a code or a credential id, so it
    can be shown to their organisation's admin and kept in the audit log."""

    authenticator_app: bool = False
    recovery_codes_left: int = 0
    passkeys: int = 0

    @property
    def any(self) -> bool:
        return self.authenticator_app or self.recovery_codes_left > 0 or self.passkeys > 0

    def as_details(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_details(cls, details: dict) -> "SecondFactors":
        return cls(**{field.name: details[field.name] for field in dataclasses.fields(cls) if field.name in details})


def second_factors_of(user) -> SecondFactors:
    return SecondFactors(
        authenticator_app=has_authenticator_app(user),
        recovery_codes_left=recovery_codes_left(user),
        passkeys=user.passkeys.count(),
    )


def pending_sign_in(session):
    """(person, next address) for a session part-way through signing in, or (None, None) if it is not, or its
    few minutes have passed."""
    pending = session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("until"), (int, float)):
        return None, None
    if pending["until"] < time.time():
        return None, None
    user = get_user_model()._default_manager.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending.get("next")
