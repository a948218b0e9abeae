"""The OpenID Connect client: Authlib does the protocol (PKCE, state, nonce, the ID token's signature against the
provider's published keys, issuer, audience, expiry and nonce); this module builds one client per organisation's
configuration and turns what can go wrong into a Refusal with a clear message (docs/adr/0027)."""

import hashlib
import logging

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.core.cache import cache
from joserfc.errors import BadSignatureError, JoseError

from attend.accounts.sso import keys
from attend.accounts.sso.models import SingleSignOn
from attend.accounts.sso.rules import Refusal

logger = logging.getLogger(__name__)

# The name under which Authlib keeps a sign-in's state in the session: `_state_sso_<state>`, used once.
APP_NAME = "sso"
TIMEOUT_SECONDS = 10
# Where this session's started sign-ins remember which configuration they went to, by state.
STARTED_KEY = "sso_started"
# How long the provider's discovery document and keys are kept (Django's cache), per discovery address.
PROVIDER_CACHE_SECONDS = 10 * 60


def _cache_key(kind: str, discovery_url: str) -> str:
    return f"sso:{kind}:{hashlib.sha256(discovery_url.encode()).hexdigest()}"


class CachingOAuth2App(DjangoOAuth2App):
    """Authlib's Django client, keeping the provider's discovery document and published keys (JWKS) in Django's
    cache for a few minutes, so a sign-in makes two fewer requests to the provider.

    A provider that changes its signing key is seen at once: a key id the cached keys lack makes Authlib fetch
    them again (its own rule), and an ID token whose signature fails against the cached keys is checked once more
    against freshly fetched keys (a new key under the old key id). A token that fails twice is refused."""

    def load_server_metadata(self):
        if self._server_metadata_url and "_loaded_at" not in self.server_metadata:
            key = _cache_key("discovery", self._server_metadata_url)
            cached = cache.get(key)
            if cached is not None:
                self.server_metadata.update(cached)
            else:
                metadata = super().load_server_metadata()
                cache.set(key, metadata, PROVIDER_CACHE_SECONDS)
        return self.server_metadata

    def fetch_jwk_set(self, force=False):
        key = _cache_key("jwks", self._server_metadata_url or "")
        if not force:
            if "jwks" in self.load_server_metadata():
                return self.server_metadata["jwks"]
            cached = cache.get(key)
            if cached is not None:
                self.server_metadata["jwks"] = cached
                return cached
        jwk_set = super().fetch_jwk_set(force=True)
        cache.set(key, jwk_set, PROVIDER_CACHE_SECONDS)
        self.keys_fetched_now = True
        return jwk_set

    def parse_id_token(self, token, nonce, claims_options=None, claims_cls=None, leeway=120):
        try:
            return super().parse_id_token(token, nonce, claims_options, claims_cls, leeway)
        except BadSignatureError:
            # Keys fetched in this sign-in already, or only inside the discovery document: nothing newer to fetch.
            if getattr(self, "keys_fetched_now", False) or not self.server_metadata.get("jwks_uri"):
                raise
            logger.info("Single sign-on ID token signature failed against cached keys: fetching them again")
            self.fetch_jwk_set(force=True)
            return super().parse_id_token(token, nonce, claims_options, claims_cls, leeway)


def oauth_app(configuration: SingleSignOn) -> DjangoOAuth2App:
    client_kwargs = {
        "scope": configuration.scopes,
        "code_challenge_method": "S256",
        "token_endpoint_auth_method": configuration.method,
        "default_timeout": TIMEOUT_SECONDS,  # every request: discovery, keys, token, userinfo
    }
    by_key = configuration.method == SingleSignOn.Method.PRIVATE_KEY_JWT
    app = CachingOAuth2App(
        DjangoIntegration(APP_NAME),
        name=APP_NAME,
        client_id=configuration.client_id,
        client_secret=keys.signing_key(configuration.credential) if by_key else configuration.credential,
        server_metadata_url=configuration.discovery_url,
        client_kwargs=client_kwargs,
    )
    if by_key:
        app.client_auth_methods = [ProviderPrivateKeyJWT(app)]
    return app


class ProviderPrivateKeyJWT(PrivateKeyJWT):
    """`private_key_jwt` with the key's thumbprint as `kid` (so a provider holding several keys finds it) and the
    strongest algorithm the provider says it accepts (NHS CIS2: RS512; Microsoft Entra ID lists none: RS256)."""

    def __init__(self, app: DjangoOAuth2App):
        super().__init__(headers={"kid": keys.key_id(app.client_secret)})
        self.app = app

    def sign(self, auth, token_endpoint):
        supported = self.app.load_server_metadata().get("token_endpoint_auth_signing_alg_values_supported")
        self.alg = keys.assertion_algorithm(auth.client_secret, supported)
        return super().sign(auth, token_endpoint)


UNREACHABLE = Refusal(
    "provider_unreachable",
    "We could not reach your organisation's sign-in service. Try again in a few minutes. "
    "If it keeps happening, tell your organisation admin.",
)


def authorisation_url(request, configuration: SingleSignOn, *, redirect_uri: str, login_hint: str = "") -> str:
    """Where to send the person to sign in. The state, nonce and PKCE verifier stay in their session, and the
    state is remembered with the configuration it belongs to."""
    app = oauth_app(configuration)
    extra = {"login_hint": login_hint} if login_hint else {}
    try:
        started = app.create_authorization_url(redirect_uri, **extra)
    except (requests.RequestException, ValueError, RuntimeError) as error:
        logger.warning("Single sign-on discovery failed for %s: %s", configuration.organisation_id, type(error))
        raise UNREACHABLE from None
    app.save_authorize_data(request, redirect_uri=redirect_uri, **started)
    request.session[STARTED_KEY] = {**request.session.get(STARTED_KEY, {}), started["state"]: str(configuration.pk)}
    return started["url"]


def started_configuration_id(request) -> str | None:
    """The configuration the sign-in coming back with this state was started for, forgotten as it is read."""
    state = request.GET.get("state") or ""
    started = request.session.get(STARTED_KEY, {})
    configuration_id = started.pop(state, None)
    request.session[STARTED_KEY] = started
    return configuration_id


def verified_userinfo(request, configuration: SingleSignOn) -> tuple[dict, str]:
    """Exchange the code and check the ID token; the token's claims and the raw ID token (kept for signing out).

    Each failure is a Refusal: a state not in this session (used already, or never started here), an error from
    the provider, a token for another client, an expired token, a bad signature or nonce.
    """
    app = oauth_app(configuration)
    try:
        token = app.authorize_access_token(request)
    except MismatchingStateError:
        raise STATE_REFUSAL from None
    except OAuthError as error:
        logger.info("Single sign-on refused by the provider: %s", error.error)
        raise Refusal(
            "provider_error",
            "Your organisation's sign-in did not finish, so you are not signed in. Start again.",
        ) from None
    except requests.RequestException:
        raise UNREACHABLE from None
    except (JoseError, ValueError) as error:
        raise token_refusal(error) from None
    userinfo = token.get("userinfo")
    if not userinfo:
        raise Refusal("no_id_token", "Your organisation's sign-in did not say who you are. Start again.")
    claims = dict(userinfo)
    if configuration.email_claim not in claims:
        claims = _with_userinfo(app, token, claims)
    return claims, token["id_token"]


def _with_userinfo(app: DjangoOAuth2App, token: dict, claims: dict) -> dict:
    """Some providers (NHS CIS2, and any that follow OpenID Connect strictly) put the email in the userinfo
    response, not the ID token. Userinfo is read with the access token just issued, and only if it is about the
    same person (`sub`), as OpenID Connect Core 5.3.2 requires; the ID token's own claims win."""
    try:
        extra = dict(app.userinfo(token=token))
    except (requests.RequestException, KeyError, ValueError):
        raise UNREACHABLE from None
    if extra.get("sub") != claims.get("sub"):
        raise Refusal("userinfo_sub", "Your organisation's sign-in gave two different people. Start again.")
    return {**extra, **claims}


STATE_REFUSAL = Refusal(
    "state",
    "This sign-in link has already been used or has timed out, so you are not signed in. "
    "Start again from the sign-in page.",
)


def token_refusal(error: Exception) -> Refusal:
    claim = getattr(error, "claim", None) or getattr(error, "claim_name", None) or ""
    name = type(error).__name__
    logger.info("Single sign-on ID token refused: %s %s", name, claim)
    if "Expired" in name or claim == "exp":
        return Refusal(
            "expired",
            "Your organisation's sign-in had expired when it reached us, so you are not signed in. Start again. "
            "If it keeps happening, the clock on this server or your organisation's may be wrong: "
            "tell your organisation admin.",
        )
    if claim in ("aud", "azp"):  # azp: whom a token with another audience was given to
        return Refusal(
            "audience",
            "Your organisation's sign-in was meant for another service, not Attend, so you are not signed in. "
            "Tell your organisation admin: Attend's client ID in the single sign-on settings may be wrong.",
        )
    return Refusal(
        "token",
        "We could not confirm your organisation's sign-in, so you are not signed in. Start again. "
        "If it keeps happening, tell your organisation admin.",
    )


def end_session_url(configuration: SingleSignOn, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's sign-out address for this person, or None when it publishes none (or cannot be reached)."""
    app = oauth_app(configuration)
    try:
        if not app.load_server_metadata().get("end_session_endpoint"):
            return None
        return app.create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token, client_id=app.client_id
        )["url"]
    except (requests.RequestException, ValueError, RuntimeError):
        return None
