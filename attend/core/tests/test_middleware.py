"""Every signed-in page: shown in the person's own time zone, and never kept in the browser's cache."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attend.core import middleware

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_never_stored_by_the_browser(member_client):
    response = member_client.get(reverse("core:today"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_public_page_may_be_cached_as_usual():
    response = Client().get(reverse("core:accessibility"))

    assert "no-store" not in response.get("Cache-Control", "")


def test_the_service_worker_keeps_its_own_caching_rule(member_client):
    response = member_client.get(reverse("service_worker"))

    assert response["Cache-Control"] == "no-cache"


def test_times_are_shown_in_the_persons_own_time_zone(member):
    seen = {}

    def capture(request):
        seen["zone"] = str(timezone.get_current_timezone())

    member.user.time_zone = "Asia/Kolkata"
    member.user.save()

    middleware.PersonTimeZoneMiddleware(capture)(type("Request", (), {"user": member.user})())

    assert seen["zone"] == "Asia/Kolkata"
    assert str(timezone.get_current_timezone()) != "Asia/Kolkata"  # and only for that request
