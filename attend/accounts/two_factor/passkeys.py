"""Passkeys as a second factor, through py_webauthn (docs/adr/0028).

The browser gets its options from the page (a JSON script element), asks the authenticator, and posts the
answer back in an ordinary form. The challenge waits in the session and is used once; an answer is checked
against the relying party (this host), the page's origin and, at sign-in, only the credentials of the person
part-way through signing in.
"""

import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from attend.accounts.models import Passkey, User
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record

REGISTRATION_CHALLENGE_KEY = "passkey_registration_challenge"
AUTHENTICATION_CHALLENGE_KEY = "passkey_authentication_challenge"
PASSWORDLESS_CHALLENGE_KEY = "passkey_passwordless_challenge"


def credential_hash(credential_id: bytes) -> str:
    return hashlib.sha256(credential_id).hexdigest()


def relying_party(request) -> tuple[str, str]:
    """(RP id, origin): this site's host name and the address the page was opened at."""
    host = request.get_host()
    rp_id = settings.WEBAUTHN_RP_ID or urlsplit(f"//{host}").hostname
    return rp_id, f"{request.scheme}://{host}"


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in user.passkeys.all()]


def registration_options(request) -> dict:
    user = request.user
    rp_id, _ = relying_party(request)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name="Attend",
        user_name=user.email,
        user_id=user.pk.bytes,
        user_display_name=user.name or user.email,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.PREFERRED
        ),
    )
    request.session[REGISTRATION_CHALLENGE_KEY] = options.challenge.hex()
    return json.loads(options_to_json(options))


@transaction.atomic
def passkey_add(*, request, credential_json: str) -> Passkey | None:
    """Check the browser's answer to this session's registration challenge and keep the passkey; None if the
    answer does not check out. The challenge works once."""
    challenge = request.session.pop(REGISTRATION_CHALLENGE_KEY, None)
    if not challenge:
        return None
    rp_id, origin = relying_party(request)
    try:
        verified = verify_registration_response(
            credential=json.loads(credential_json),
            expected_challenge=bytes.fromhex(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError):  # whatever a client sent
        return None
    if Passkey.objects.filter(credential_id_hash=credential_hash(verified.credential_id)).exists():
        return None
    passkey = Passkey.objects.create(
        user=request.user,
        credential_id=verified.credential_id,
        credential_id_hash=credential_hash(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    audit_event_record(
        actor=request.user,
        organisation=None,
        action=AuditEvent.Action.TWO_FACTOR_ADDED,
        target=request.user.email,
        details={"factor": "passkey"},
    )
    return passkey


def authentication_options(request, user: User) -> dict | None:
    """Options for the person part-way through signing in: only their own passkeys. None if they have none."""
    allowed = _descriptors(user)
    if not allowed:
        return None
    rp_id, _ = relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id, allow_credentials=allowed, user_verification=UserVerificationRequirement.PREFERRED
    )
    request.session[AUTHENTICATION_CHALLENGE_KEY] = options.challenge.hex()
    return json.loads(options_to_json(options))


@transaction.atomic
def passkey_check(*, request, user: User, credential_json: str) -> bool:
    """True if the browser's answer is this person's passkey signing this session's challenge. Another person's
    passkey, a replayed answer or a stale challenge is refused."""
    challenge = request.session.pop(AUTHENTICATION_CHALLENGE_KEY, None)
    if not challenge:
        return False
    try:
        credential = json.loads(credential_json)
        credential_id = base64url_to_bytes(credential["rawId"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    # Looked up among this person's passkeys only: another person's credential is not found.
    passkey = user.passkeys.select_for_update().filter(credential_id_hash=credential_hash(credential_id)).first()
    return passkey is not None and _verify_with(request, passkey, credential, challenge, user_verification=False)


def _verify_with(request, passkey: Passkey, credential: dict, challenge: str, *, user_verification: bool) -> bool:
    rp_id, origin = relying_party(request)
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=bytes.fromhex(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=user_verification,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError):
        return False
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_on = timezone.localdate()
    passkey.save(update_fields=["sign_count", "last_used_on"])
    return True


def passwordless_options(request) -> dict:
    """Options for signing in with a passkey alone: any passkey of this site, and the device must verify the
    person (fingerprint, face or PIN), so the one step is two factors: the device and the person."""
    rp_id, _ = relying_party(request)
    options = generate_authentication_options(rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED)
    request.session[PASSWORDLESS_CHALLENGE_KEY] = options.challenge.hex()
    return json.loads(options_to_json(options))


@transaction.atomic
def passwordless_check(*, request, credential_json: str) -> User | None:
    """The person whose passkey signed this session's challenge with user verification, or None."""
    challenge = request.session.pop(PASSWORDLESS_CHALLENGE_KEY, None)
    if not challenge:
        return None
    try:
        credential = json.loads(credential_json)
        credential_id = base64url_to_bytes(credential["rawId"])
        user_handle = base64url_to_bytes(credential["response"]["userHandle"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    passkey = (
        Passkey.objects.select_for_update()
        .select_related("user")
        .filter(credential_id_hash=credential_hash(credential_id), user__is_active=True)
        .first()
    )
    # The authenticator names the account it holds the passkey for: it must be the passkey's owner.
    if passkey is None or passkey.user.pk.bytes != user_handle:
        return None
    if not _verify_with(request, passkey, credential, challenge, user_verification=True):
        return None
    return passkey.user


@transaction.atomic
def passkeys_remove(*, user: User) -> None:
    user.passkeys.all().delete()
    audit_event_record(
        actor=user,
        organisation=None,
        action=AuditEvent.Action.TWO_FACTOR_REMOVED,
        target=user.email,
        details={"factor": "passkeys"},
    )
