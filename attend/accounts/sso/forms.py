from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django import forms

from attend.accounts.sso.models import SingleSignOn
from attend.accounts.sso.rules import parse_domains
from attend.nhsuk_forms import fields as nf

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def issuer_problem(url: str) -> str | None:
    """Providers are reached over HTTPS; plain HTTP only on this machine (the local test and demo provider)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return None
    return "Enter the issuer as an address starting https://, like https://login.microsoftonline.com/…/v2.0"


def private_key_problem(text: str) -> str | None:
    try:
        key = load_pem_private_key(text.strip().encode(), password=None)
    except (ValueError, TypeError):
        return "Enter the private key in PEM format, starting -----BEGIN PRIVATE KEY-----, with no password on it"
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        return "Enter an RSA or elliptic-curve private key"
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size < 2048:
        return "Enter an RSA private key of at least 2048 bits"
    return None


class SingleSignOnForm(forms.Form):
    is_enabled = nf.ChoiceField(
        fixed_choices=True,
        label="Single sign-on",
        choices=[("on", "On"), ("off", "Off")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether single sign-on is on"},
    )
    issuer = nf.CharField(
        label="Issuer",
        max_length=500,
        hint="Your provider's issuer address. Attend reads its settings from the issuer's "
        "/.well-known/openid-configuration.",
        error_messages={"required": "Enter the issuer address"},
    )
    client_id = nf.CharField(
        label="Client ID", max_length=300, error_messages={"required": "Enter the client ID your provider gave Attend"}
    )
    method = nf.ChoiceField(
        fixed_choices=True,
        label="How Attend proves who it is to your provider",
        choices=SingleSignOn.Method.choices,
        widget=forms.RadioSelect,
        hint="NHS CIS2 needs a private key. Microsoft Entra ID accepts either.",
        error_messages={"required": "Choose how Attend proves who it is"},
    )
    credential = nf.CharField(
        label="Client secret or private key",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        hint="For a private key, paste the whole PEM block. It is stored encrypted and never shown again.",
    )
    scopes = nf.CharField(
        label="Scopes",
        max_length=300,
        hint="Separated by spaces. Must include openid.",
        error_messages={"required": "Enter the scopes, for example: openid email profile"},
    )
    email_claim = nf.CharField(
        label="Claim that holds the person's email address",
        max_length=100,
        hint="Usually email. Microsoft Entra ID can use preferred_username; NHS CIS2 uses email.",
        error_messages={"required": "Enter the name of the claim that holds the email address"},
    )
    allowed_domains = nf.CharField(
        label="Email domains that may sign in",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        hint="One a line, for example northfield.nhs.uk. People whose address ends in another domain are refused.",
        error_messages={"required": "Enter at least one email domain"},
    )
    policy = nf.ChoiceField(
        fixed_choices=True,
        label="Passwords",
        choices=SingleSignOn.Policy.choices,
        widget=forms.RadioSelect,
        hint="If everyone must use single sign-on, your people cannot sign in with a password. "
        "Installation superusers keep theirs, so someone can always get in if your provider is down.",
        error_messages={"required": "Choose whether people can still sign in with a password"},
    )

    def __init__(self, *args, configuration: SingleSignOn | None = None, **kwargs):
        self.configuration = configuration
        if configuration is not None:
            kwargs.setdefault(
                "initial",
                {
                    "is_enabled": "on" if configuration.is_enabled else "off",
                    "issuer": configuration.issuer,
                    "client_id": configuration.client_id,
                    "method": configuration.method,
                    "scopes": configuration.scopes,
                    "email_claim": configuration.email_claim,
                    "allowed_domains": "\n".join(configuration.allowed_domains),
                    "policy": configuration.policy,
                },
            )
        else:
            kwargs.setdefault(
                "initial",
                {
                    "is_enabled": "on",
                    "method": SingleSignOn.Method.CLIENT_SECRET,
                    "scopes": "openid email profile",
                    "email_claim": "email",
                    "policy": SingleSignOn.Policy.PASSWORDS_ALLOWED,
                },
            )
        super().__init__(*args, **kwargs)
        if configuration is not None:
            self.fields["credential"].hint = (
                "A secret or key is saved. Leave this empty to keep it, or paste a new one to replace it. "
                "It is stored encrypted and never shown again."
            )

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"].strip()
        problem = issuer_problem(issuer)
        if problem:
            raise forms.ValidationError(problem)
        return issuer

    def clean_scopes(self) -> str:
        scopes = " ".join(self.cleaned_data["scopes"].split())
        if "openid" not in scopes.split():
            raise forms.ValidationError("Include openid in the scopes")
        return scopes

    def clean_allowed_domains(self) -> list[str]:
        domains, bad = parse_domains(self.cleaned_data["allowed_domains"])
        if bad:
            raise forms.ValidationError(f"These are not email domains: {', '.join(bad[:5])}. Enter one a line")
        if not domains:
            raise forms.ValidationError("Enter at least one email domain")
        return domains

    def clean_is_enabled(self) -> bool:
        return self.cleaned_data["is_enabled"] == "on"

    def clean(self):
        cleaned = super().clean()
        credential = (cleaned.get("credential") or "").strip()
        method = cleaned.get("method")
        if not credential:
            changed_method = self.configuration is not None and method and method != self.configuration.method
            if self.configuration is None or changed_method:
                self.add_error(
                    "credential",
                    "Enter the private key"
                    if method == SingleSignOn.Method.PRIVATE_KEY_JWT
                    else "Enter the client secret",
                )
        elif method == SingleSignOn.Method.PRIVATE_KEY_JWT:
            problem = private_key_problem(credential)
            if problem:
                self.add_error("credential", problem)
        cleaned["credential"] = credential or None
        return cleaned


class StartForm(forms.Form):
    email = nf.EmailField(
        label="Your work email address",
        hint="We use it to find your organisation's sign-in.",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address like name@example.nhs.uk",
        },
    )


class ChooseOrganisationForm(forms.Form):
    organisation = nf.ChoiceField(
        label="Which organisation are you signing in to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your organisation"},
    )

    def __init__(self, *args, configurations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (configuration.organisation.slug, configuration.organisation.name) for configuration in configurations
        ]
