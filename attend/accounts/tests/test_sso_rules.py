"""Who single sign-on lets in: the pure rules and the settings form, no database."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from attend.accounts.sso.forms import SingleSignOnForm, issuer_problem
from attend.accounts.sso.rules import Refusal, checked_email, claims_from, parse_domains

DOMAINS = ["northfield.nhs.uk", "nhs.net"]


def test_domains_are_read_one_a_line_or_separated_and_lower_cased_once():
    domains, bad = parse_domains("Northfield.NHS.uk\n@nhs.net, nhs.net;\n\n northfield.nhs.uk ")
    assert domains == ["northfield.nhs.uk", "nhs.net"] and bad == []


@pytest.mark.parametrize("entry", ["not a domain", "nhs", "http://nhs.net", "a@b.nhs.uk", "-bad.nhs.uk"])
def test_entries_that_are_not_domains_are_named(entry):
    _, bad = parse_domains(entry)
    assert bad


def test_a_verified_address_in_an_allowed_domain_is_accepted_lower_cased():
    assert (
        checked_email(
            claims_from({"email": "Nia@NHS.net", "email_verified": True}, email_claim="email"), allowed_domains=DOMAINS
        )
        == "nia@nhs.net"
    )


def test_a_provider_that_does_not_say_whether_it_verified_is_trusted_for_its_own_domains():
    claims = claims_from({"email": "nia@nhs.net"}, email_claim="email")
    assert claims.email_verified is None
    assert checked_email(claims, allowed_domains=DOMAINS) == "nia@nhs.net"


@pytest.mark.parametrize(
    ("userinfo", "code"),
    [
        ({"email": "nia@nhs.net", "email_verified": False}, "email_not_verified"),
        ({"email": "nia@nhs.net", "email_verified": "false"}, "email_not_verified"),
        ({"email": "nia@gmail.com", "email_verified": True}, "domain_not_allowed"),
        ({"email": "nia@evil-nhs.net", "email_verified": True}, "domain_not_allowed"),
        ({"email": "nia@sub.nhs.net", "email_verified": True}, "domain_not_allowed"),
        ({"preferred_username": "nia@nhs.net"}, "no_email"),
        ({"email": "not an address"}, "no_email"),
        ({"email": ["nia@nhs.net"]}, "no_email"),
    ],
)
def test_each_refusal_has_its_reason(userinfo, code):
    with pytest.raises(Refusal) as refused:
        checked_email(claims_from(userinfo, email_claim="email"), allowed_domains=DOMAINS)
    assert refused.value.code == code and refused.value.message


def test_the_email_can_come_from_another_claim():
    claims = claims_from({"preferred_username": "nia@nhs.net"}, email_claim="preferred_username")
    assert checked_email(claims, allowed_domains=DOMAINS) == "nia@nhs.net"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://login.microsoftonline.com/tenant/v2.0", True),
        ("http://127.0.0.1:9400", True),
        ("http://localhost:9400", True),
        ("http://idp.example.nhs.uk", False),
        ("ftp://idp.example.nhs.uk", False),
        ("https://", False),
    ],
)
def test_providers_are_reached_over_https_except_on_this_machine(url, ok):
    assert (issuer_problem(url) is None) is ok


def form(**changes):
    data = {
        "is_enabled": "on",
        "issuer": "https://login.microsoftonline.com/tenant/v2.0",
        "client_id": "attend",
        "method": "client_secret_basic",
        "credential": "a secret",
        "scopes": "openid email profile",
        "email_claim": "email",
        "allowed_domains": "northfield.nhs.uk",
        "policy": "passwords_allowed",
        **changes,
    }
    return SingleSignOnForm(data)


def test_a_complete_form_gives_the_service_its_arguments():
    f = form(allowed_domains="Northfield.nhs.uk\nnhs.net", policy="sso_required", is_enabled="off")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["allowed_domains"] == ["northfield.nhs.uk", "nhs.net"]
    assert f.cleaned_data["is_enabled"] is False and f.cleaned_data["credential"] == "a secret"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"scopes": "email profile"}, "scopes", "Include openid"),
        ({"allowed_domains": "northfield nhs"}, "allowed_domains", "not email domains: northfield, nhs"),
        ({"issuer": "http://idp.example.nhs.uk"}, "issuer", "https://"),
        ({"credential": ""}, "credential", "Enter the client secret"),
        ({"method": "private_key_jwt", "credential": "not a key"}, "credential", "PEM format"),
        ({"client_id": ""}, "client_id", "Enter the client ID"),
    ],
)
def test_each_mistake_is_named_on_its_field(changes, field, words):
    f = form(**changes)
    assert not f.is_valid()
    assert words in " ".join(f.errors[field])


def test_a_private_key_in_pem_is_accepted_and_a_small_one_is_not():
    def pem(size):
        key = rsa.generate_private_key(public_exponent=65537, key_size=size)
        return key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()

    assert form(method="private_key_jwt", credential=pem(2048)).is_valid()
    small = form(method="private_key_jwt", credential=pem(1024))
    assert not small.is_valid() and "2048" in small.errors["credential"][0]
