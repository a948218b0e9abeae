"""Driving the real test provider's sign-in pages with `requests`, for service-level single sign-on tests."""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from attend.accounts.sso import services
from attend.accounts.sso.models import SingleSignOn
from attend.tests.oidc import provider as oidc

FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def provider_sign_in(authorisation_url: str, *, login: str) -> str:
    """Sign in at the provider as `login`; the address it sends the browser back to Attend with (code, state)."""
    session = requests.Session()
    response = session.get(authorisation_url, allow_redirects=True, timeout=10)
    action = FORM_ACTION.search(response.text)
    assert action, response.text[:500]
    url = urljoin(response.url, unescape(action.group(1)))
    response = session.post(
        url, data={"prompt": "login", "login": login, "password": oidc.PASSWORD}, allow_redirects=False, timeout=10
    )
    issuer = "{0.scheme}://{0.netloc}".format(urlsplit(authorisation_url))
    for _ in range(10):
        location = urljoin(response.url, response.headers["Location"])
        if not location.startswith(issuer):
            return location
        response = session.get(location, allow_redirects=False, timeout=10)
        if response.status_code == 200:  # another interaction page (consent): continue it
            action = FORM_ACTION.search(response.text)
            response = session.post(
                urljoin(response.url, unescape(action.group(1))),
                data={"prompt": "consent"},
                allow_redirects=False,
                timeout=10,
            )
    pytest.fail("the provider never sent the browser back")


def configure(organisation, provider: oidc.Provider, *, method=SingleSignOn.Method.CLIENT_SECRET, **overrides):
    by_key = method == SingleSignOn.Method.PRIVATE_KEY_JWT
    arguments = {
        "issuer": provider.issuer,
        "client_id": oidc.KEY_CLIENT if by_key else oidc.SECRET_CLIENT,
        "method": method,
        "credential": provider.private_key if by_key else oidc.SECRET,
        "scopes": "openid email",
        "email_claim": "email",
        "allowed_domains": ["northfield.example"],
        "policy": SingleSignOn.Policy.PASSWORDS_ALLOWED,
        "is_enabled": True,
        **overrides,
    }
    return services.single_sign_on_save(organisation=organisation, by=None, **arguments)
