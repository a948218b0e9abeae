from django.conf import settings
from django.db import models

from attend.core.crypto import EncryptedJSONField
from attend.core.models import BaseModel


class SingleSignOn(BaseModel):
    """One organisation's OpenID Connect provider: where it is, who Attend is to it, and who may use it.

    The credential (a client secret or a PEM private key for `private_key_jwt`) is stored only encrypted with the
    installation's keys (ADR 0006) and never shown again: the settings page says one is saved, nothing more.
    """

    class Method(models.TextChoices):
        CLIENT_SECRET = "client_secret_basic", "Client secret"
        PRIVATE_KEY_JWT = "private_key_jwt", "Private key (private_key_jwt)"

    class Policy(models.TextChoices):
        PASSWORDS_ALLOWED = "passwords_allowed", "People can sign in with single sign-on or a password"
        SSO_REQUIRED = "sso_required", "Everyone must sign in with single sign-on"

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="single_sign_on"
    )
    is_enabled = models.BooleanField(default=True)
    issuer = models.URLField("issuer", max_length=500)
    client_id = models.CharField(max_length=300)
    method = models.CharField(max_length=30, choices=Method.choices, default=Method.CLIENT_SECRET)
    credential = EncryptedJSONField()
    scopes = models.CharField(max_length=300, default="openid email profile")
    email_claim = models.CharField(max_length=100, default="email")
    allowed_domains = models.JSONField(default=list)
    policy = models.CharField(max_length=30, choices=Policy.choices, default=Policy.PASSWORDS_ALLOWED)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "single sign-on configuration"

    def __str__(self):
        return f"Single sign-on for {self.organisation_id}"

    @property
    def discovery_url(self) -> str:
        issuer = self.issuer.rstrip("/")
        if issuer.endswith("/.well-known/openid-configuration"):
            return issuer
        return issuer + "/.well-known/openid-configuration"

    @property
    def requires_sso(self) -> bool:
        return self.is_enabled and self.policy == self.Policy.SSO_REQUIRED


class SingleSignOnIdentity(BaseModel):
    """Which person at a provider an Attend account is: the provider's issuer, Attend's client ID there, and the
    provider's `sub` for the person, kept at the account's first single sign-on (docs/adr/0027).

    Matching is by email, but an email address can pass to someone else at the provider (a re-used mailbox, a
    recycled NHSmail address); `sub` never does. After the first sign-in, a sign-in whose email matches but whose
    `sub` differs is refused, as is a `sub` already bound to another account. Keyed by issuer and client because
    a provider may give one person a different `sub` for each application (Microsoft Entra ID does)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=500)
    client_id = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)

    class Meta:
        verbose_name = "single sign-on identity"
        verbose_name_plural = "single sign-on identities"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id", "user"], name="one_sso_identity_per_provider_user"),
            models.UniqueConstraint(
                fields=["issuer", "client_id", "subject"], name="one_account_per_sso_provider_subject"
            ),
        ]

    def __str__(self):
        return f"Single sign-on identity of {self.user_id} at {self.issuer}"
