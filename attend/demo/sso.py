"""Single sign-on for the demo: Northfield signs in through the local OpenID Connect provider `make run` starts
(scripts/oidc_provider.mjs with scripts/oidc_demo.json, on http://127.0.0.1:9400). Passwords still work, so the
demo runs without the provider too. The client secret is the demo's own, public, and used nowhere else."""

from attend.accounts.sso import services
from attend.accounts.sso.models import SingleSignOn
from attend.organisations.models import Organisation

ISSUER = "http://127.0.0.1:9400"
CLIENT_ID = "attend-demo"
CLIENT_SECRET = "attend-demo-client-secret-not-for-real-use"


def load() -> str:
    organisation = Organisation.objects.filter(slug="northfield").first()
    if organisation is None:
        return "Single sign-on needs the demo organisations first."
    if SingleSignOn.objects.filter(organisation=organisation).exists():
        return "Demo single sign-on is already loaded."
    services.single_sign_on_save(
        organisation=organisation,
        by=None,
        issuer=ISSUER,
        client_id=CLIENT_ID,
        method=SingleSignOn.Method.CLIENT_SECRET,
        credential=CLIENT_SECRET,
        scopes="openid email profile",
        email_claim="email",
        allowed_domains=["northfield.example"],
        policy=SingleSignOn.Policy.PASSWORDS_ALLOWED,
        is_enabled=True,
    )
    return f"Northfield signs in through the local provider at {ISSUER} (make run starts it)."
