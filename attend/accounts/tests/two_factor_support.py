"""Shared helpers for tests that sign in with a second factor (HTTP clients and browser pages alike)."""

import base64
import re
import time
from binascii import unhexlify

from django_otp.oath import TOTP

from attend.accounts.models import AuthenticatorApp
from attend.accounts.two_factor import rule

# A fixed secret for tests (20 bytes, hex; stored encrypted).
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def totp_code(key_hex: str = TEST_TOTP_KEY, *, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now (time-machine moves "now"), from the shared secret."""
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6, drift=offset_steps)
    return f"{totp.token():06d}"


def totp_device_for(user, key_hex: str = TEST_TOTP_KEY) -> AuthenticatorApp:
    return AuthenticatorApp.objects.create(user=user, name="Authenticator app", key=key_hex, confirmed=True)


def mark_second_factor_given(client) -> None:
    """For a test client signed in with force_login: record that this session gave a second factor, as signing
    in through the second step does. Tests about something else use it to meet an organisation's rule."""
    session = client.session
    session[rule.VERIFIED_SESSION_KEY] = "totp"
    session.save()


def force_login_with_second_factor(client, user) -> None:
    """`client.force_login(user)`, as if the person had also given their second factor: for tests about
    something else, where the person's organisation requires one (the demo's Northfield does of its admin and
    facilitator)."""
    client.force_login(user)
    mark_second_factor_given(client)


def unused_totp_code_for(email: str) -> str:
    """The code the person's app shows now, or the next one if this one was already used (codes work once, and a
    test may sign the same person in twice within 30 seconds)."""
    device = AuthenticatorApp.objects.get(user__email__iexact=email, confirmed=True)
    now_step = int(time.time()) // 30
    ahead = 0 if device.last_t is None or device.last_t < now_step else device.last_t - now_step + 1
    if ahead > 1:  # beyond the one step of tolerance: wait for the clock
        time.sleep(30 * (ahead - 1))
        return unused_totp_code_for(email)
    return totp_code(device.key, offset_steps=ahead)


def setup_secret_hex(response) -> str:
    """The secret the set-up page shows, as the person types it into their app (base32 in groups of four)."""
    shown = re.search(r'class="attend-secret">([A-Z2-7 ]+)<', response.content.decode()).group(1).replace(" ", "")
    return base64.b32decode(shown + "=" * (-len(shown) % 8)).hex()
