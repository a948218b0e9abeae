"""Single sign-on against a real OpenID Connect provider (npm oidc-provider on loopback), through Attend's views.

Every attack here was written before the defence it tests and seen to fail.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from attend.accounts.sso.models import SingleSignOn
from attend.accounts.tests.sso_support import configure, provider_sign_in
from attend.organisations.models import Role
from attend.organisations.tests.factories import OrganisationFactory, person_in
from attend.tests.oidc import provider as oidc

CALLBACK = "http://testserver/account/sso/callback/"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def oidc_provider():
    with oidc.running_provider(
        redirect_uris=[CALLBACK], post_logout_redirect_uris=["http://testserver/account/signed-out/"]
    ) as provider:
        yield provider


@pytest.fixture
def northfield(db):
    return OrganisationFactory(name="Northfield Community Trust", slug="northfield")


@pytest.fixture
def nurse(northfield):
    return person_in(northfield, role=Role.MEMBER, email="nurse@northfield.example", name="Nia Nurse").user


def start(client, email="nurse@northfield.example"):
    response = client.post(reverse("sso:start"), {"email": email})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def come_back(client, location):
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize("method", list(SingleSignOn.Method))
def test_a_person_signs_in_through_their_provider_and_lands_on_today(client, oidc_provider, northfield, nurse, method):
    configure(northfield, oidc_provider, method=method)
    authorisation = start(client)
    assert authorisation.startswith(oidc_provider.issuer)
    query = urlsplit(authorisation).query
    assert "code_challenge_method=S256" in query and "nonce=" in query and "state=" in query

    response = come_back(client, provider_sign_in(authorisation, login="nurse"))

    assert response.status_code == 302 and response["Location"] == reverse("core:today")
    assert signed_in_as(client) == str(nurse.pk)
    assert client.session["auth_method"] == "sso"
    assert client.session["current_organisation_id"] == str(northfield.pk)


def test_the_organisations_own_address_starts_its_sign_in(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    response = client.get(reverse("sso:organisation", args=["northfield"]))
    assert response.status_code == 302 and response["Location"].startswith(oidc_provider.issuer)
    assert client.get(reverse("sso:organisation", args=["nowhere"])).status_code == 404


def refused(response, words):
    assert response.status_code == 403
    text = response.content.decode()
    assert "You are not signed in" in text and words in text, text
    return text


def test_a_replayed_state_is_refused(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    back = provider_sign_in(start(client), login="nurse")
    come_back(client, back)
    client.logout()
    client.cookies.clear()
    # The same address again, in the browser that started it and in another: neither signs anyone in.
    refused(come_back(client, back), "already been used or has timed out")
    assert signed_in_as(client) is None


def test_a_state_replayed_in_the_same_session_is_refused(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    authorisation = start(client)
    back = provider_sign_in(authorisation, login="nurse")
    come_back(client, back)
    refused(come_back(client, back), "already been used or has timed out")


def test_a_token_for_another_client_is_refused(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    refused(come_back(client, provider_sign_in(start(client), login="wrong-audience")), "meant for another service")
    assert signed_in_as(client) is None


def test_an_expired_token_is_refused(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    refused(come_back(client, provider_sign_in(start(client), login="expired")), "had expired")
    assert signed_in_as(client) is None


def test_an_email_outside_the_allowed_domains_is_refused(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    # An agency worker Northfield invited by their own address: the provider vouches for it, but Northfield only
    # lets its own domains in by single sign-on.
    guest = person_in(northfield, role=Role.MEMBER, email="someone@elsewhere.example").user
    text = refused(
        come_back(client, provider_sign_in(start(client), login="outsider")), "an email address it has approved"
    )
    assert "someone@elsewhere.example" in text
    assert signed_in_as(client) is None
    assert guest.is_active


def test_an_unverified_email_is_refused(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    person_in(northfield, role=Role.MEMBER, email="unverified@northfield.example")
    refused(come_back(client, provider_sign_in(start(client), login="unverified")), "has not confirmed your email")
    assert signed_in_as(client) is None


def test_an_account_of_another_organisation_is_refused(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    riverside = OrganisationFactory(name="Riverside Care", slug="riverside")
    moved = person_in(riverside, role=Role.ADMIN, email="moved@northfield.example").user
    text = refused(come_back(client, provider_sign_in(start(client), login="moved")), "There is no Attend account")
    assert "Northfield Community Trust" in text and "Riverside" not in text
    assert signed_in_as(client) is None
    assert moved.memberships.count() == 1


def test_a_callback_nobody_started_is_refused(client):
    refused(client.get(reverse("sso:callback") + "?code=abc&state=made-up"), "already been used or has timed out")


def test_signing_out_ends_the_session_at_the_provider_too(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    come_back(client, provider_sign_in(start(client), login="nurse"))
    response = client.post(reverse("accounts:sign_out"))
    assert signed_in_as(client) is None
    location = response["Location"]
    assert location.startswith(oidc_provider.issuer + "/session/end")
    assert "id_token_hint=" in location
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Faccount%2Fsigned-out%2F" in location


def test_an_unreachable_provider_is_a_clear_message(client, northfield, nurse):
    provider = oidc.Provider(issuer="http://127.0.0.1:9", private_key="", process=None)
    configure(northfield, provider)
    refused(client.post(reverse("sso:start"), {"email": "nurse@northfield.example"}), "could not reach")


def test_a_person_who_cancels_at_the_provider_is_told_they_are_not_signed_in(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider)
    state = dict(part.split("=", 1) for part in urlsplit(start(client)).query.split("&"))["state"]
    response = client.get(reverse("sso:callback"), {"error": "access_denied", "state": state})
    refused(response, "did not finish")


def test_a_wrong_client_secret_is_a_clear_message_not_an_error(client, oidc_provider, northfield, nurse):
    configure(northfield, oidc_provider, credential="not-the-secret")
    refused(come_back(client, provider_sign_in(start(client), login="nurse")), "did not finish")
    assert signed_in_as(client) is None
