"""Northfield requires security codes of its admins and facilitators; the demo admin and facilitator have an
authenticator app set up with one fixed, published demo secret (README, Two-factor). Never use it for real."""

import base64

from attend.accounts.models import AuthenticatorApp, User
from attend.organisations.models import Organisation, TwoFactorRule

# Base32, as an authenticator app's "enter a setup key" asks for it (20 bytes).
DEMO_TOTP_SECRET = "ATTENDDEMOKEYFORNORTHFIELDADMIN2"
DEMO_TWO_FACTOR_PEOPLE = ["admin@northfield.example", "facilitator@northfield.example"]


def demo_totp_key_hex() -> str:
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def load() -> str:
    northfield = Organisation.objects.get(slug="northfield")
    if northfield.two_factor_required_for == TwoFactorRule.ADMINS_AND_FACILITATORS:
        return "Two-factor sign-in for Northfield is already set up."
    northfield.two_factor_required_for = TwoFactorRule.ADMINS_AND_FACILITATORS
    northfield.save(update_fields=["two_factor_required_for"])
    for user in User.objects.filter(email__in=DEMO_TWO_FACTOR_PEOPLE):
        AuthenticatorApp.objects.create(user=user, name="Authenticator app", key=demo_totp_key_hex(), confirmed=True)
    return (
        "Northfield asks its admins and facilitators for a security code: the demo secret is "
        f"{DEMO_TOTP_SECRET} (README, Two-factor)."
    )
