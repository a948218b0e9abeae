"""Single sign-on pages and rules that need the database but no provider."""

import pytest
from django.urls import reverse

from attend.accounts.sso.keys import key_id, signing_key
from attend.accounts.sso.models import SingleSignOn
from attend.accounts.sso.selectors import configurations_for_email, password_refused_for
from attend.accounts.sso.services import single_sign_on_save
from attend.accounts.tests.factories import TEST_PASSWORD
from attend.core.models import AuditEvent
from attend.organisations.models import Role
from attend.organisations.tests.factories import OrganisationFactory, person_in
from attend.organisations.tests.support import same_for_every_address
from attend.tests.oidc.provider import private_key_pem

pytestmark = pytest.mark.django_db
SECRET = "s3cret-value-never-shown-back-7Q"


def configure(organisation, *, domains=("northfield.example",), policy=SingleSignOn.Policy.PASSWORDS_ALLOWED, **kw):
    arguments = {
        "issuer": "http://127.0.0.1:9",  # nothing listens there
        "client_id": "attend",
        "method": SingleSignOn.Method.CLIENT_SECRET,
        "credential": SECRET,
        "scopes": "openid email",
        "email_claim": "email",
        "allowed_domains": list(domains),
        "policy": policy,
        "is_enabled": True,
        **kw,
    }
    return single_sign_on_save(organisation=organisation, by=None, **arguments)


@pytest.fixture
def northfield():
    return OrganisationFactory(name="Northfield Community Trust", slug="northfield")


def settings_form(**changes):
    return {
        "is_enabled": "on",
        "issuer": "https://login.microsoftonline.com/tenant-id/v2.0",
        "client_id": "attend-client",
        "method": "client_secret_basic",
        "credential": SECRET,
        "scopes": "openid email profile",
        "email_claim": "email",
        "allowed_domains": "northfield.example",
        "policy": "sso_required",
        **changes,
    }


def test_an_admin_saves_settings_and_the_secret_is_never_shown_back_nor_stored_in_clear(client, northfield):
    admin = person_in(northfield, role=Role.ADMIN).user
    client.force_login(admin)
    url = reverse("sso:settings", args=["northfield"])
    assert client.post(url, settings_form()).status_code == 302

    page = client.get(url).content.decode()
    assert SECRET not in page and "A secret or key is saved" in page
    assert "http://testserver/account/sso/callback/" in page
    configuration = SingleSignOn.objects.get(organisation=northfield)
    assert configuration.credential == SECRET and configuration.policy == "sso_required"
    stored = SingleSignOn.objects.extra(select={"raw": "credential"}).values_list("raw", flat=True).get()
    assert SECRET not in stored
    event = AuditEvent.objects.get(action=AuditEvent.Action.SINGLE_SIGN_ON_CHANGED)
    assert SECRET not in str(event.details) and "credential" in event.details["changed"]


def test_leaving_the_secret_empty_keeps_it(client, northfield):
    configure(northfield)
    client.force_login(person_in(northfield, role=Role.ADMIN).user)
    response = client.post(
        reverse("sso:settings", args=["northfield"]), settings_form(credential="", method="client_secret_basic")
    )
    assert response.status_code == 302
    assert SingleSignOn.objects.get(organisation=northfield).credential == SECRET


def test_a_mistake_answers_422_with_the_error_summary(client, northfield):
    client.force_login(person_in(northfield, role=Role.ADMIN).user)
    response = client.post(reverse("sso:settings", args=["northfield"]), settings_form(scopes="email"))
    assert response.status_code == 422
    assert "nhsuk-error-summary" in response.content.decode() and "Include openid" in response.content.decode()


def test_another_organisations_admin_cannot_open_the_settings_but_a_superuser_can(client, northfield):
    other_admin = person_in(OrganisationFactory(), role=Role.ADMIN).user
    client.force_login(other_admin)
    assert client.get(reverse("sso:settings", args=["northfield"])).status_code == 404
    other_admin.is_superuser = True
    other_admin.save()
    assert client.get(reverse("sso:settings", args=["northfield"])).status_code == 200


def test_an_organisation_requiring_sso_refuses_its_members_passwords_with_a_pointer(client, northfield):
    configure(northfield, policy=SingleSignOn.Policy.SSO_REQUIRED)
    person = person_in(northfield, role=Role.MEMBER, email="nia@northfield.example").user
    response = client.post(reverse("accounts:sign_in"), {"email": person.email, "password": TEST_PASSWORD})
    assert response.status_code == 422
    assert "Sign in with your organisation" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_gets_the_usual_message_so_the_policy_tells_nothing_to_a_guesser(client, northfield):
    configure(northfield, policy=SingleSignOn.Policy.SSO_REQUIRED)
    person = person_in(northfield, role=Role.MEMBER, email="nia@northfield.example").user
    response = client.post(reverse("accounts:sign_in"), {"email": person.email, "password": "wrong-password-here"})
    assert "Enter a correct email address and password" in response.content.decode()


def test_passwords_still_work_where_allowed_and_for_superusers_everywhere(client, northfield):
    configure(northfield, policy=SingleSignOn.Policy.PASSWORDS_ALLOWED)
    person = person_in(northfield, role=Role.MEMBER, email="nia@northfield.example").user
    assert not password_refused_for(person)
    configure(northfield, policy=SingleSignOn.Policy.SSO_REQUIRED)
    assert password_refused_for(person)
    person.is_superuser = True
    person.save()
    assert not password_refused_for(person)
    response = client.post(reverse("accounts:sign_in"), {"email": person.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_switching_sso_off_gives_passwords_back(northfield):
    configure(northfield, policy=SingleSignOn.Policy.SSO_REQUIRED, is_enabled=False)
    assert not password_refused_for(person_in(northfield, role=Role.MEMBER).user)


def test_the_start_page_answers_the_same_for_any_address_no_organisation_set_up(client, northfield):
    configure(northfield)
    person_in(OrganisationFactory(), role=Role.MEMBER, email="has-account@elsewhere.example")
    answers = []
    for email in ["has-account@elsewhere.example", "nobody@elsewhere.example"]:
        response = client.post(reverse("sso:start"), {"email": email})
        answers.append((response.status_code, same_for_every_address(response.content.decode(), email)))
    assert answers[0] == answers[1]
    assert answers[0][0] == 200
    assert "We cannot find a single sign-on for that email address" in answers[0][1]


def test_an_address_several_organisations_accept_asks_which_one(client, northfield):
    configure(northfield, domains=["nhs.net"])
    configure(OrganisationFactory(name="Riverside Care", slug="riverside"), domains=["nhs.net"])
    assert [c.organisation.slug for c in configurations_for_email("nia@NHS.net")] == ["northfield", "riverside"]
    response = client.post(reverse("sso:start"), {"email": "nia@nhs.net"})
    text = response.content.decode()
    assert response.status_code == 200 and "Choose your organisation" in text
    assert "Northfield Community Trust" in text and "Riverside Care" in text
    response = client.post(reverse("sso:start"), {"email": "nia@nhs.net", "organisation": "nowhere"})
    assert response.status_code == 422


def test_too_many_starts_from_one_address_are_paused(client, northfield, settings):
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "per_address": 2}
    configure(northfield)
    answers = [client.get(reverse("sso:organisation", args=["northfield"])) for _ in range(3)]
    # The provider is not running here, so the first two are "could not reach"; the third never tries.
    assert "could not reach" in answers[1].content.decode()
    assert answers[2].status_code == 403 and "too many attempts" in answers[2].content.decode()


def test_a_switched_off_organisation_cannot_be_started(client, northfield):
    configure(northfield, is_enabled=False)
    assert client.get(reverse("sso:organisation", args=["northfield"])).status_code == 404
    assert configurations_for_email("nia@northfield.example") == []


def test_the_organisation_page_says_whether_single_sign_on_is_on(client, northfield):
    client.force_login(person_in(northfield, role=Role.ADMIN).user)
    assert "Off: people sign in with a password" in client.get(reverse("organisations:home")).content.decode()
    configure(northfield, policy=SingleSignOn.Policy.SSO_REQUIRED)
    page = client.get(reverse("organisations:home")).content.decode()
    assert "On: everyone signs in with their work account" in page
    assert reverse("sso:settings", args=["northfield"]) in page


def test_a_saved_private_key_shows_only_its_public_half_to_register(client, northfield):
    pem, public = private_key_pem()
    configure(northfield, method=SingleSignOn.Method.PRIVATE_KEY_JWT, credential=pem)
    client.force_login(person_in(northfield, role=Role.ADMIN).user)
    page = client.get(reverse("sso:settings", args=["northfield"])).content.decode()
    assert "Public key to give your provider" in page
    assert public["n"] in page and key_id(signing_key(pem)) in page
    assert signing_key(pem).as_dict(private=True)["d"] not in page and "PRIVATE KEY" not in page


def test_an_organisation_requiring_sso_refuses_a_passkey_alone_too(client, northfield, monkeypatch):
    """A leaver the organisation has switched off in its own directory must not walk back in with a passkey they
    added while they worked there: requiring single sign-on covers every way in that Attend checks itself."""
    from attend.accounts.two_factor import passkeys

    configure(northfield, policy=SingleSignOn.Policy.SSO_REQUIRED)
    person = person_in(northfield, role=Role.MEMBER, email="nia@northfield.example").user
    monkeypatch.setattr(passkeys, "passwordless_check", lambda **kwargs: person)  # a passkey the browser proved

    response = client.post(reverse("accounts:passkey_sign_in"), {"credential": "{}"})

    assert response.status_code == 422
    assert "Sign in with your organisation" in response.content.decode()
    assert "_auth_user_id" not in client.session
