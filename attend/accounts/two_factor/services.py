"""Two-factor writes: setting up and removing an authenticator app, recovery codes, checking the code at the
second step of sign-in, and someone else resetting a person's lost second factor (docs/adr/0028)."""

import hashlib
import hmac
import secrets
from binascii import unhexlify
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP

from attend.accounts.models import AttemptCount, AuthenticatorApp, RecoveryCode, User
from attend.accounts.services import _attempts_take, _keyed_hash, sign_in_succeeded
from attend.accounts.signed_in import sign_in_changed_by_another
from attend.accounts.tasks import security_email_send
from attend.accounts.two_factor import rule
from attend.accounts.two_factor.presenters import second_factors_removed
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a code copied from paper by hand should not be misread.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _totp(key_hex: str) -> TOTP:
    return TOTP(unhexlify(key_hex.encode()), step=30, t0=0, digits=6, drift=0)


def totp_secret_new() -> str:
    """A new 20-byte secret, hex, as django-otp stores it."""
    return secrets.token_hex(20)


def normalise_code(code: str) -> str:
    return "".join(character for character in code.lower() if character.isalnum())


def _recovery_hash(user: User, code: str) -> str:
    # Keyed and bound to the person: a copy of the table cannot be checked against guesses without the secret key.
    message = f"{user.pk}:{normalise_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _recovery_code() -> str:
    characters = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{characters[:5]}-{characters[5:]}"


def recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes for the person, replacing any they had. The codes are returned once, to show; only
    their hashes are kept."""
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        user.recovery_codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_recovery_hash(user, code)) for code in codes
        )
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """A new set of recovery codes the person asked for (their password checked by the caller): the old set
    stops working in this transaction. Audited, and the person is emailed that it happened (someone with their
    password and an open session could do this; the email tells the person)."""
    codes = recovery_codes_replace(user=user)
    audit_event_record(
        actor=user, organisation=None, action=AuditEvent.Action.RECOVERY_CODES_REPLACED, target=user.email
    )
    transaction.on_commit(partial(security_email_send.enqueue, str(user.pk), "recovery_codes_replaced"))
    return codes


@transaction.atomic
def totp_device_add(*, user: User, key_hex: str, code: str) -> list[str] | None:
    """Set up an authenticator app once the person has typed a code it made from `key_hex`.

    None if the code is wrong. Otherwise the app replaces any the person had, the code just used cannot be used
    again to sign in, and the new recovery codes are returned to show once.
    """
    totp = _totp(key_hex)
    if not (code.isdigit() and totp.verify(int(code), tolerance=settings.OTP_TOTP_TOLERANCE)):
        return None
    AuthenticatorApp.objects.filter(user=user).delete()
    AuthenticatorApp.objects.create(
        user=user, name="Authenticator app", key=key_hex, confirmed=True, last_t=totp.t() + settings.OTP_TOTP_TOLERANCE
    )
    codes = recovery_codes_replace(user=user)
    audit_event_record(
        actor=user,
        organisation=None,
        action=AuditEvent.Action.TWO_FACTOR_ADDED,
        target=user.email,
        details={"factor": "authenticator app"},
    )
    return codes


@transaction.atomic
def two_factor_remove(*, user: User) -> None:
    """Remove the person's authenticator app and recovery codes."""
    AuthenticatorApp.objects.filter(user=user).delete()
    user.recovery_codes.all().delete()
    audit_event_record(
        actor=user,
        organisation=None,
        action=AuditEvent.Action.TWO_FACTOR_REMOVED,
        target=user.email,
        details={"factor": "authenticator app"},
    )


@transaction.atomic
def second_factors_remove_all(*, user: User) -> rule.SecondFactors:
    """Remove every second factor of the person: their authenticator app, all their recovery codes (used ones
    too) and all their passkeys. Returns what they had. Not audited here: `second_factors_reset` records who did
    it, and where."""
    had = rule.second_factors_of(user)
    AuthenticatorApp.objects.filter(user=user).delete()
    user.recovery_codes.all().delete()
    user.passkeys.all().delete()
    return had


@transaction.atomic
def second_factors_reset(*, user: User, by: User, by_role: str, organisations: list, tell: str) -> rule.SecondFactors:
    """Someone else resets the person's lost second factor (docs/adr/0028), as Microsoft Entra's "require
    re-register MFA" does: every factor removed, and the person signed out everywhere; at their next sign-in
    their organisations' two-factor rule has them set one up again. Returns what was removed.

    Audited in the log of each of `organisations` (those answering for the account; none: the installation's own
    log), with counts of what was removed and never a secret. The person is sent a security email at once
    saying who did it, as `by` and their `by_role` ("an admin at Northgate"), and whom to `tell` if they did not
    ask for it. Whether `by` may do this is the caller's to decide: `organisations.services.two_factor_reset_by_admin`
    for an organisation's admin, the Django admin's action for a superuser.
    """
    removed = second_factors_remove_all(user=user)
    sign_in_changed_by_another(
        user=user,
        by=by,
        action=AuditEvent.Action.TWO_FACTOR_RESET_BY_ADMIN,
        details={"removed": removed.as_details()},
        organisations=organisations,
        email="two_factor_reset_by_admin",
        about={
            "by_role": by_role,
            "tell": tell,
            "removed": second_factors_removed(removed),
            "set_up_again_at_sign_in": rule.two_factor_required(user),
        },
    )
    return removed


def _totp_verify(user: User, code: str) -> bool:
    # The device's row is locked, so two requests with one code cannot both pass before either records it used.
    device = AuthenticatorApp.objects.select_for_update().filter(user=user, confirmed=True).first()
    return device is not None and device.verify_token(code)


def _recovery_code_use(user: User, code: str) -> bool:
    used = RecoveryCode.objects.filter(user=user, code_hash=_recovery_hash(user, code), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if used:
        audit_event_record(
            actor=user, organisation=None, action=AuditEvent.Action.RECOVERY_CODE_USED, target=user.email
        )
    return bool(used)


@transaction.atomic
def second_factor_check(*, user: User, code: str) -> str | None:
    """Check a code from the person's authenticator app, or one of their recovery codes. Returns which it was
    ("totp" or "recovery_code"), or None. Each works once: a used TOTP step or recovery code is refused."""
    code = code.strip()
    if code.isdigit() and len(code) == 6:
        return "totp" if _totp_verify(user, code) else None
    return "recovery_code" if _recovery_code_use(user, code) else None


def second_step_attempt_count(*, user: User, address: str) -> bool:
    """Count an attempt at the second step before its code is checked. False: too many, so do not check it.

    Counted per account apart from passwords, so a right password (which clears the password count) does not
    buy more guesses at the code. The address shares the sign-in count.
    """
    return _attempts_take(
        (
            AttemptCount.Kind.SECOND_STEP_ACCOUNT,
            str(user.pk),
            settings.TWO_FACTOR_THROTTLE["per_account"],
            settings.TWO_FACTOR_THROTTLE["window_seconds"],
        ),
        (
            AttemptCount.Kind.SIGN_IN_ADDRESS,
            address,
            settings.SIGN_IN_THROTTLE["per_address"],
            settings.SIGN_IN_THROTTLE["window_seconds"],
        ),
    )


def second_step_succeeded(*, user: User, address: str) -> None:
    AttemptCount.objects.filter(kind=AttemptCount.Kind.SECOND_STEP_ACCOUNT, key_hash=_keyed_hash(str(user.pk))).delete()
    sign_in_succeeded(email=user.email, address=address)


def passwordless_attempt_count(*, address: str) -> bool:
    """Count a passkey-only sign-in attempt against the network address (no account is named before the check).
    False: too many from this address."""
    limits = settings.SIGN_IN_THROTTLE
    return _attempts_take(
        (AttemptCount.Kind.SIGN_IN_ADDRESS, address, limits["per_address"], limits["window_seconds"]),
    )
