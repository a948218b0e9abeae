"""Where a person is signed in, signing out everywhere else, and password changes ending other sessions."""

import datetime

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from attend.accounts.models import SignedInSession
from attend.accounts.signed_in import device_label, session_key_hash, signed_in_sessions_forget_job
from attend.accounts.tests.factories import TEST_PASSWORD, UserFactory
from attend.core.models import AuditEvent
from attend.core.tests.pages import page

pytestmark = pytest.mark.django_db

CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1"
)
TODAY_URL = reverse("core:today")
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user(db):
    return UserFactory()


def signed_in_client(user, user_agent=CHROME_LINUX) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("accounts:sign_in"), {"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def is_signed_in(client) -> bool:
    return client.get(TODAY_URL).status_code == 200


class TestDeviceLabel:
    @pytest.mark.parametrize(
        ("user_agent", "label"),
        [
            (CHROME_LINUX, "Chrome on Linux"),
            (FIREFOX_WINDOWS, "Firefox on Windows"),
            (SAFARI_IPHONE, "Mobile Safari on iOS"),
            ("", "An unknown device"),
            ("curl/8.0", "curl"),
        ],
    )
    def test_only_the_browser_and_system_families(self, user_agent, label):
        assert device_label(user_agent) == label


class TestWhereSignedIn:
    def test_the_list_shows_each_browser_and_its_day_and_nothing_finer(self, user):
        here = signed_in_client(user, CHROME_LINUX)
        signed_in_client(user, FIREFOX_WINDOWS).get(TODAY_URL)
        here.get(TODAY_URL)

        response = here.get(reverse("accounts:signed_in"))

        rows = [
            (row.one("dt").text.strip(), row.one("dd").text.strip())
            for row in page(response).select(cls="nhsuk-summary-list__row")
        ]
        assert sorted(rows) == [
            ("Chrome on Linux (this browser)", "Last used: Today"),
            ("Firefox on Windows", "Last used: Today"),
        ]
        html = response.content.decode()
        assert "127.0.0.1" not in html and "09:00" not in html

    def test_no_raw_session_key_is_stored(self, user):
        client = signed_in_client(user)
        client.get(TODAY_URL)
        key = client.session.session_key
        row = SignedInSession.objects.get(user=user)
        assert row.session_key_hash == session_key_hash(key) != key
        assert not SignedInSession.objects.filter(session_key_hash=key).exists()

    def test_a_session_is_written_at_most_once_a_day(self, user, clock, django_assert_num_queries):
        client = signed_in_client(user)
        client.get(TODAY_URL)
        row = SignedInSession.objects.get(user=user)
        clock.shift(datetime.timedelta(hours=2))
        client.get(TODAY_URL)
        assert SignedInSession.objects.get(user=user).last_active_on == row.last_active_on
        clock.shift(datetime.timedelta(hours=5))  # 16:00, the same day
        client.get(TODAY_URL)
        assert SignedInSession.objects.count() == 1

    def test_signing_out_forgets_the_session(self, user):
        client = signed_in_client(user)
        client.get(TODAY_URL)
        client.post(reverse("accounts:sign_out"))
        assert not SignedInSession.objects.filter(user=user).exists()

    def test_sessions_ended_days_ago_are_forgotten(self, user, clock):
        signed_in_client(user).get(TODAY_URL)
        clock.shift(datetime.timedelta(days=3))
        assert "Forgot 1 ended" in signed_in_sessions_forget_job(now=datetime.datetime.now(tz=datetime.UTC))


class TestSignOutEverywhereElse:
    def test_it_ends_every_other_session_and_keeps_this_one(self, user):
        here = signed_in_client(user, CHROME_LINUX)
        elsewhere = signed_in_client(user, FIREFOX_WINDOWS)
        other_person = signed_in_client(UserFactory())
        assert is_signed_in(elsewhere)

        response = here.post(reverse("accounts:sign_out_everywhere_else"))

        assert response.status_code == 302
        assert is_signed_in(here)
        assert not is_signed_in(elsewhere)
        assert is_signed_in(other_person)
        assert AuditEvent.objects.filter(action=AuditEvent.Action.SESSIONS_ENDED, actor=user).exists()
        assert [row.device for row in SignedInSession.objects.filter(user=user)] == ["Chrome on Linux"]

    def test_the_ended_session_is_removed_from_the_session_store_when_next_used(self, user):
        here = signed_in_client(user)
        elsewhere = signed_in_client(user, FIREFOX_WINDOWS)
        old_key = elsewhere.session.session_key
        here.post(reverse("accounts:sign_out_everywhere_else"))
        elsewhere.get(TODAY_URL)
        assert not Session.objects.filter(session_key=old_key).exists()

    def test_it_only_answers_a_post(self, user):
        assert signed_in_client(user).get(reverse("accounts:sign_out_everywhere_else")).status_code == 405


class TestPasswordsEndOtherSessions:
    def test_changing_the_password_ends_other_sessions_but_not_this_one(self, user):
        here = signed_in_client(user)
        elsewhere = signed_in_client(user, FIREFOX_WINDOWS)
        new = "copper-meadow-violin-38"
        response = here.post(
            reverse("accounts:password_change"),
            {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 302
        assert is_signed_in(here)
        assert not is_signed_in(elsewhere)

    def test_resetting_the_password_ends_every_session(self, user):
        elsewhere = signed_in_client(user, FIREFOX_WINDOWS)
        resetter = Client()
        user.refresh_from_db()  # the token covers the last sign-in
        url = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        form_url = resetter.get(url)["Location"]
        new = "copper-meadow-violin-38"
        assert resetter.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
        assert not is_signed_in(elsewhere)
