"""Reads for single sign-on: which configuration a sign-in goes to, and whether passwords are still allowed."""

from attend.accounts.sso.models import SingleSignOn
from attend.accounts.sso.rules import domain_of


def configurations_for_email(email: str) -> list[SingleSignOn]:
    """The enabled configurations whose allowed domains include this address's domain, by organisation name.

    Several organisations may list one domain (every NHSmail address ends nhs.net), so this can be more than
    one. It never reads the User table: the answer is the same whether or not the address has an account.
    A few hundred organisations at most, so the domains are matched here rather than in a JSON query that
    would differ between SQLite and PostgreSQL.
    """
    domain = domain_of(email)
    # The credential is left in the database: decrypting every organisation's secret to read domains is waste.
    candidates = SingleSignOn.objects.filter(is_enabled=True).select_related("organisation").defer("credential")
    found = [configuration for configuration in candidates if domain in configuration.allowed_domains]
    return sorted(found, key=lambda configuration: configuration.organisation.name)


def configuration_for_slug(slug: str) -> SingleSignOn:
    """Raises SingleSignOn.DoesNotExist when the organisation has none, or has switched it off."""
    return SingleSignOn.objects.select_related("organisation").get(organisation__slug=slug, is_enabled=True)


def configuration_by_id(configuration_id) -> SingleSignOn:
    return SingleSignOn.objects.select_related("organisation").get(pk=configuration_id, is_enabled=True)


def configuration_of(organisation) -> SingleSignOn | None:
    return SingleSignOn.objects.filter(organisation=organisation).first()


SSO_REQUIRED_MESSAGE = (
    "Your organisation asks everyone to sign in with its own account. "
    "Choose 'Sign in with your organisation's account' below."
)


def password_refused_for(user) -> bool:
    """True when one of the person's organisations requires single sign-on, so neither a password nor a passkey
    alone lets them in (a leader the organisation switched off must not walk back in). Superusers keep their
    password: it is the way back in when a provider is down or misconfigured (break glass, docs/adr/0027)."""
    if user.is_superuser:
        return False
    return SingleSignOn.objects.filter(
        organisation__memberships__user=user,
        organisation__memberships__is_active=True,
        is_enabled=True,
        policy=SingleSignOn.Policy.SSO_REQUIRED,
    ).exists()
