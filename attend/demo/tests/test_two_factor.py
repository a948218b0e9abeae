"""The demo's two-factor set-up: Northfield's admin signs in with the published demo secret."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from attend.accounts.tests.two_factor_support import totp_code
from attend.demo import organisations, two_factor

pytestmark = pytest.mark.django_db


def test_the_demo_admin_signs_in_with_a_code_from_the_published_secret():
    organisations.load()
    assert "ATTENDDEMOKEYFORNORTHFIELDADMIN2" in two_factor.load()
    assert "already" in two_factor.load()

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        client = Client()
        response = client.post(
            reverse("accounts:sign_in"),
            {"email": "admin@northfield.example", "password": organisations.DEMO_PASSWORD},
        )
        assert response["Location"] == reverse("accounts:second_step")
        response = client.post(reverse("accounts:second_step"), {"code": totp_code(two_factor.demo_totp_key_hex())})
        assert response["Location"] == reverse("core:today")
        assert client.get(reverse("organisations:home")).status_code == 200


def test_the_demo_leader_needs_no_code():
    organisations.load()
    two_factor.load()
    client = Client()
    response = client.post(
        reverse("accounts:sign_in"), {"email": "leader@northfield.example", "password": organisations.DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("core:today")
