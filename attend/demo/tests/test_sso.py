"""The demo's single sign-on: Northfield is set up for the local provider `make run` starts, with the same client
the provider's demo configuration registers."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from attend.accounts.sso.models import SingleSignOn
from attend.demo import sso

pytestmark = pytest.mark.django_db
PROVIDER_CONFIG = json.loads(Path(settings.BASE_DIR, "scripts", "oidc_demo.json").read_text())


def test_northfield_signs_in_through_the_local_provider_and_loading_twice_changes_nothing():
    call_command("demo_data", stdout=StringIO())
    configuration = SingleSignOn.objects.select_related("organisation").get()
    assert configuration.organisation.slug == "northfield"
    assert configuration.policy == SingleSignOn.Policy.PASSWORDS_ALLOWED  # the demo works without the provider
    assert sso.load() == "Demo single sign-on is already loaded."


def test_the_demo_client_is_the_one_the_local_provider_registers():
    client = PROVIDER_CONFIG["clients"][0]
    assert (client["client_id"], client["client_secret"]) == (sso.CLIENT_ID, sso.CLIENT_SECRET)
    assert sso.ISSUER.endswith(f":{PROVIDER_CONFIG['port']}")
    assert "http://127.0.0.1:8000/account/sso/callback/" in client["redirect_uris"]
    emails = {account["email"] for account in PROVIDER_CONFIG["accounts"].values()}
    assert {"leader@northfield.example", "admin@northfield.example"} <= emails
