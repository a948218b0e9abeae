"""Single sign-on hardening after the trust's security review (docs/adr/0027): the provider's discovery document
and keys are cached for a short time (and the keys fetched again once when a signature fails, so a provider that
changes its key keeps working), and an account is bound to the provider's `sub` at its first sign-in, so a
mailbox given to someone else cannot sign in to the first person's account.

The attacks were written before the defences and seen failing."""

import datetime
import json
import socket
from urllib.parse import urlsplit

import pytest
import requests
import time_machine
from authlib.integrations.django_client import DjangoIntegration
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet, RSAKey

from attend.accounts.sso import client, services
from attend.accounts.sso.models import SingleSignOnIdentity
from attend.accounts.tests.factories import UserFactory
from attend.accounts.tests.sso_support import configure, provider_sign_in
from attend.accounts.tests.two_factor_support import mark_second_factor_given
from attend.core.models import AuditEvent
from attend.organisations.models import Role
from attend.organisations.tests.factories import MembershipFactory, OrganisationFactory, person_in
from attend.tests.oidc import provider as oidc

CALLBACK = "http://testserver/account/sso/callback/"
DISCOVERY = "/.well-known/openid-configuration"
TAKEN_OVER = "not the account that signed in to Attend"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def oidc_provider():
    with oidc.running_provider(redirect_uris=[CALLBACK]) as provider:
        yield provider


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fetches(monkeypatch):
    """The path of every request made with `requests` (Authlib's, and the test's own provider sign-in pages)."""
    paths = []
    original = requests.Session.request

    def counted(self, method, url, *args, **kwargs):
        paths.append(urlsplit(url).path)
        return original(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", counted)
    return paths


@pytest.fixture
def northfield(db):
    return OrganisationFactory(name="Northfield Community Trust", slug="northfield")


@pytest.fixture
def nurse(northfield):
    return person_in(northfield, role=Role.MEMBER, email="nurse@northfield.example", name="Nia Nurse").user


def sign_in_as(login: str) -> tuple[Client, object]:
    """A new browser signs in through the provider as `login`; the browser and Attend's answer."""
    browser = Client()
    started = browser.post(reverse("sso:start"), {"email": "nurse@northfield.example"})
    assert started.status_code == 302, started.content[:300]
    back = urlsplit(provider_sign_in(started["Location"], login=login))
    return browser, browser.get(f"{back.path}?{back.query}")


def signed_in(browser) -> str | None:
    return browser.session.get("_auth_user_id")


def refused_with(response, words: str) -> None:
    assert response.status_code == 403
    text = response.content.decode()
    assert "You are not signed in" in text and words in text, text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TestProviderDocumentsAreCached:
    def test_discovery_and_keys_are_fetched_once_for_several_sign_ins(self, oidc_provider, northfield, nurse, fetches):
        configure(northfield, oidc_provider)
        for _ in range(3):
            browser, _ = sign_in_as("nurse")
            assert signed_in(browser) == str(nurse.pk)
        assert fetches.count(DISCOVERY) == 1 and fetches.count("/jwks") == 1

    def test_after_ten_minutes_they_are_fetched_again(self, oidc_provider, northfield, nurse, fetches):
        configure(northfield, oidc_provider)
        sign_in_as("nurse")
        with time_machine.travel(datetime.timedelta(minutes=11)):
            browser, _ = sign_in_as("nurse")
        assert signed_in(browser) == str(nurse.pk)
        assert fetches.count(DISCOVERY) == 2 and fetches.count("/jwks") == 2

    def test_a_provider_that_changes_its_signing_key_still_signs_people_in(self, northfield, nurse, fetches):
        # Given a provider whose keys Attend has cached
        port = free_port()
        with oidc.running_provider(redirect_uris=[CALLBACK], port=port) as before:
            configure(northfield, before)
            assert signed_in(sign_in_as("nurse")[0]) == str(nurse.pk)
        # When the provider starts signing with a new key (the same issuer, the same key id, another key)
        with oidc.running_provider(redirect_uris=[CALLBACK], port=port) as after:
            assert after.issuer == before.issuer
            browser, _ = sign_in_as("nurse")
        # Then the signature fails against the cached keys, the keys are fetched once more, and the person is in
        assert signed_in(browser) == str(nurse.pk)
        assert fetches.count("/jwks") == 2


class TestAccountsAreBoundToTheProvidersSubject:
    def test_the_first_sign_in_keeps_the_providers_subject(self, oidc_provider, northfield, nurse):
        configure(northfield, oidc_provider)
        sign_in_as("nurse")
        identity = SingleSignOnIdentity.objects.get(user=nurse)
        assert (identity.issuer, identity.client_id, identity.subject) == (
            oidc_provider.issuer,
            oidc.SECRET_CLIENT,
            "nurse",
        )

    def test_a_mailbox_given_to_someone_else_cannot_open_the_first_persons_account(
        self, oidc_provider, northfield, nurse
    ):
        # Given the nurse has signed in through the provider
        configure(northfield, oidc_provider)
        sign_in_as("nurse")
        # When another person at the provider, now holding the same email address, signs in
        browser, response = sign_in_as("mailbox-reused")
        # Then they are refused, with a page saying why, and the refusal is in the organisation's audit log
        refused_with(response, TAKEN_OVER)
        assert signed_in(browser) is None
        event = AuditEvent.objects.get(action=AuditEvent.Action.SINGLE_SIGN_ON_REFUSED)
        assert (event.organisation, event.target_description) == (northfield, "nurse@northfield.example")
        # And the nurse still signs in
        assert signed_in(sign_in_as("nurse")[0]) == str(nurse.pk)


def test_a_subject_already_bound_to_one_account_cannot_open_another(northfield, nurse):
    # The provider's person "nurse" is bound to the nurse's account; the provider now says their address is a
    # colleague's (an address moved between people at the provider).
    configuration = configure(northfield, oidc.Provider(issuer="https://login.example", private_key="", process=None))
    colleague = person_in(northfield, role=Role.ADMIN, email="admin@northfield.example").user
    claims = {"iss": "https://login.example", "sub": "person-1", "email_verified": True}
    assert services.sso_person_match(configuration=configuration, userinfo={**claims, "email": nurse.email}) == nurse
    with pytest.raises(services.Refusal) as refusal:
        services.sso_person_match(configuration=configuration, userinfo={**claims, "email": colleague.email})
    assert refusal.value.code == "subject_changed"
    assert SingleSignOnIdentity.objects.filter(user=colleague).count() == 0


def test_a_person_in_two_organisations_with_their_own_registrations_signs_in_to_both(northfield, nurse):
    # Entra ID gives each application its own `sub` for one person: bindings are per issuer and client.
    riverside = OrganisationFactory(name="Riverside Care", slug="riverside")
    MembershipFactory(organisation=riverside, user=nurse)
    provider = oidc.Provider(issuer="https://login.example", private_key="", process=None)
    ours = configure(northfield, provider, client_id="northfield-app")
    theirs = configure(riverside, provider, client_id="riverside-app")
    claims = {"iss": "https://login.example", "email": nurse.email, "email_verified": True}
    assert services.sso_person_match(configuration=ours, userinfo={**claims, "sub": "a"}) == nurse
    assert services.sso_person_match(configuration=theirs, userinfo={**claims, "sub": "b"}) == nurse


def test_a_superuser_can_remove_a_binding_so_the_next_sign_in_binds_again(client, northfield, nurse):
    configuration = configure(northfield, oidc.Provider(issuer="https://login.example", private_key="", process=None))
    claims = {"iss": "https://login.example", "email": nurse.email, "email_verified": True}
    services.sso_person_match(configuration=configuration, userinfo={**claims, "sub": "old-account"})
    identity = SingleSignOnIdentity.objects.get(user=nurse)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    mark_second_factor_given(client)

    client.post(reverse("admin:accounts_singlesignonidentity_delete", args=[identity.pk]), {"post": "yes"})

    assert services.sso_person_match(configuration=configuration, userinfo={**claims, "sub": "new-account"}) == nurse


class TestAForgedTokenFetchesTheKeysAtMostOnceMore:
    """An ID token signed with a key the provider never published (under the provider's key id) is refused after
    at most one more fetch of the keys, so forged tokens cannot make Attend hammer the provider."""

    ISSUER = "https://login.example"

    @pytest.fixture
    def provider_documents(self, monkeypatch):
        published = KeySet.generate_key_set("RSA", 2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        documents = {
            "/.well-known/openid-configuration": {"issuer": self.ISSUER, "jwks_uri": f"{self.ISSUER}/jwks"},
            "/jwks": published.as_dict(private=False),
        }
        paths = []

        def answer(session, method, url, *args, **kwargs):
            path = urlsplit(url).path
            paths.append(path)
            response = requests.Response()
            response.status_code, response._content = 200, json.dumps(documents[path]).encode()
            return response

        monkeypatch.setattr(requests.Session, "request", answer)
        return paths

    def forged_token(self) -> dict:
        forger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        now = int(datetime.datetime.now(datetime.UTC).timestamp())
        claims = {"iss": self.ISSUER, "sub": "x", "aud": "attend", "iat": now, "exp": now + 300, "nonce": "n"}
        return {"id_token": jwt.encode({"alg": "RS256", "kid": "k1"}, claims, forger)}

    def app(self):
        return client.CachingOAuth2App(
            DjangoIntegration("sso"),
            name="sso",
            client_id="attend",
            client_secret="s",
            server_metadata_url=f"{self.ISSUER}/.well-known/openid-configuration",
        )

    def test_with_keys_from_the_cache_they_are_fetched_once_more(self, provider_documents):
        self.app().fetch_jwk_set()  # an earlier sign-in cached them
        with pytest.raises(BadSignatureError):
            self.app().parse_id_token(self.forged_token(), nonce="n")
        assert provider_documents.count("/jwks") == 2

    def test_with_keys_just_fetched_they_are_not_fetched_again(self, provider_documents):
        with pytest.raises(BadSignatureError):
            self.app().parse_id_token(self.forged_token(), nonce="n")
        assert provider_documents.count("/jwks") == 1
