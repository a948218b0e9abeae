import json

from attend.accounts.sso import keys
from attend.accounts.sso.models import SingleSignOn


def public_jwks_text(configuration: SingleSignOn | None) -> str | None:
    """The public half of a saved private key, as the JWKS a provider such as NHS CIS2 asks for. Never the key."""
    if configuration is None or configuration.method != SingleSignOn.Method.PRIVATE_KEY_JWT:
        return None
    try:
        return json.dumps(keys.public_jwks(configuration.credential), separators=(", ", ": "))
    except ValueError:
        return None
