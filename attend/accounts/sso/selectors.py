"""Reads for single sign-on: which configuration a sign-in goes to, whether passwords are still allowed, and a
person's bindings to an organisation's provider."""

from attend.accounts.sso.models import SingleSignOn, SingleSignOnIdentity
from attend.accounts.sso.rules import domain_of, issuer_key


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


def provider_of(organisation) -> SingleSignOn | None:
    """The organisation's single sign-on configuration, switched on or off, its credential left undecrypted: for
    naming its provider and finding its people's bindings, on pages that never need the secret."""
    return SingleSignOn.objects.filter(organisation=organisation).defer("credential").first()


def identities_at(configuration: SingleSignOn | None, user) -> list[SingleSignOnIdentity]:
    """The person's bindings to this configuration's provider (its issuer) and client: what an admin of its
    organisation may forget. Usually one (unique per issuer, client and account); two only where one was kept
    under the issuer with a trailing slash and one without. Bindings to other providers or clients are not its."""
    if configuration is None:
        return []
    kept = SingleSignOnIdentity.objects.filter(user=user, client_id=configuration.client_id).order_by("created_at")
    return [identity for identity in kept if issuer_key(identity.issuer) == issuer_key(configuration.issuer)]


def organisations_bound_through(identity: SingleSignOnIdentity) -> list:
    """The organisations whose provider and client a binding is to and where its person is active: those whose
    admins answer for it, and whose audit logs record its removal."""
    candidates = (
        SingleSignOn.objects.filter(
            client_id=identity.client_id,
            organisation__memberships__user_id=identity.user_id,
            organisation__memberships__is_active=True,
        )
        .select_related("organisation")
        .defer("credential")
    )
    key = issuer_key(identity.issuer)
    return [candidate.organisation for candidate in candidates if issuer_key(candidate.issuer) == key]


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
