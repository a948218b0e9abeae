"""Who single sign-on lets in: pure rules on plain data, no database (docs/adr/0027)."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class Refusal(Exception):  # noqa: N818 (a refusal is an answer, not a fault)
    """A sign-in Attend refuses, with the message the person sees. `code` names the rule, for tests and logs."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


DISCOVERY_PATH = "/.well-known/openid-configuration"
# Providers people know by name; any other is named by its host. Matched on the issuer's host name.
PROVIDER_NAMES = {
    "login.microsoftonline.com": "Microsoft Entra ID",
    "sts.windows.net": "Microsoft Entra ID",  # the v1.0 endpoints' issuer
    ".spineservices.nhs.uk": "NHS CIS2",  # every CIS2 environment, live and integration
}


def issuer_key(issuer: str) -> str:
    """An issuer as bindings are compared: the settings may name the discovery document or end in a slash, where
    the provider's ID tokens (whose `iss` a binding keeps) do not."""
    issuer = issuer.strip()
    if issuer.endswith(DISCOVERY_PATH):
        issuer = issuer[: -len(DISCOVERY_PATH)]
    return issuer.rstrip("/")


def provider_name(issuer: str) -> str:
    """How a provider is named to an admin and in an email: "Microsoft Entra ID", "NHS CIS2", or its host name.
    Never the person's identifier there (`sub`): nobody at Attend needs it."""
    host = urlsplit(issuer.strip()).hostname or ""
    for known, name in PROVIDER_NAMES.items():
        if host == known or (known.startswith(".") and host.endswith(known)):
            return name
    return host or issuer


def parse_domains(text: str) -> tuple[list[str], list[str]]:
    """The domains typed one a line (or separated by commas or spaces), lower-cased, each once; and the entries
    that are not domains (a leading "@" is forgiven)."""
    domains, bad = [], []
    for entry in re.split(r"[\s,;]+", text.strip()):
        if not entry:
            continue
        domain = entry.lower().lstrip("@").rstrip(".")
        if DOMAIN.match(domain):
            if domain not in domains:
                domains.append(domain)
        else:
            bad.append(entry)
    return domains, bad


@dataclass(frozen=True)
class Claims:
    email: str | None
    email_verified: bool | None  # None: the provider does not say


def claims_from(userinfo: dict, *, email_claim: str) -> Claims:
    email = userinfo.get(email_claim)
    if not isinstance(email, str) or "@" not in email:
        email = None
    verified = userinfo.get("email_verified")
    if isinstance(verified, str):  # some providers send "true"
        verified = verified.lower() == "true"
    return Claims(email=email.strip().lower() if email else None, email_verified=verified)


def checked_email(claims: Claims, *, allowed_domains: list[str]) -> str:
    """The email address the provider vouches for, or a Refusal saying why not.

    Where the provider says whether it verified the address, it must have. The domain must be one the
    organisation listed, so a provider that signs in guests or several tenants cannot bring in outsiders.
    """
    if claims.email is None:
        raise Refusal(
            "no_email",
            "Your organisation's sign-in did not tell us your email address. "
            "Ask your organisation admin to check Attend's single sign-on settings.",
        )
    if claims.email_verified is False:
        raise Refusal(
            "email_not_verified",
            "Your organisation has not confirmed your email address, so we cannot sign you in with it. "
            "Ask your organisation admin for help.",
        )
    if domain_of(claims.email) not in allowed_domains:
        raise Refusal(
            "domain_not_allowed",
            f"You signed in as {claims.email}. Your organisation only lets people sign in to Attend with "
            "an email address it has approved. Sign out of your organisation's account and try again with your "
            "work account.",
        )
    return claims.email
