"""Display values for single sign-on: the public key to register, and a person's binding as their admin sees it."""

import json

from django.utils import timezone

from attend.accounts.sso import keys
from attend.accounts.sso.models import SingleSignOn, SingleSignOnIdentity
from attend.accounts.sso.rules import provider_name
from attend.core.formatting import long_date


def public_jwks_text(configuration: SingleSignOn | None) -> str | None:
    """The public half of a saved private key, as the JWKS a provider such as NHS CIS2 asks for. Never the key."""
    if configuration is None or configuration.method != SingleSignOn.Method.PRIVATE_KEY_JWT:
        return None
    try:
        return json.dumps(keys.public_jwks(configuration.credential), separators=(", ", ": "))
    except ValueError:
        return None


def binding_line(configuration: SingleSignOn | None, identities: list[SingleSignOnIdentity]) -> str | None:
    """The person page's single sign-on row: which provider their account is linked at and since when, never the
    person's identifier there (`sub`). None where the organisation has no single sign-on."""
    if configuration is None:
        return None
    if not identities:
        return "Not linked yet: their next single sign-on links it"
    since = timezone.localtime(identities[0].created_at)
    return f"Linked to their account at {provider_name(configuration.issuer)} since {long_date(since)}"
