"""Signing in and out, resetting and changing a password, and the account page, through HTTP."""

import datetime
import json
import re

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core import mail
from django.db import connection
from django.tasks import default_task_backend
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attend.accounts.models import AttemptCount, User
from attend.accounts.tests.factories import TEST_PASSWORD, UserFactory
from attend.core.models import AuditEvent
from attend.core.tests.pages import error_messages, error_summary, main_heading, page, page_title

pytestmark = pytest.mark.django_db

SIGN_IN_URL = "/account/sign-in/"
TODAY_URL = "/"
ACCOUNT_URL = "/account/"
ADDRESS = "198.51.100.7"
OTHER_ADDRESS = "203.0.113.20"
INVALID_LOGIN = "Enter a correct email address and password. Both are case-sensitive, except the email address."
THROTTLED = "There have been too many attempts to sign in. Wait 15 minutes and try again, or reset your password."
STRONG_PASSWORD = "copper-meadow-violin-38"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def user(db):
    return UserFactory(email="sam.okoro@example.test", name="Sam Okoro")


def sign_in(client, email, password=TEST_PASSWORD, *, address=ADDRESS, next_url=None):
    data = {"email": email, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(SIGN_IN_URL, data, REMOTE_ADDR=address)


def is_signed_in(client) -> bool:
    return client.get(TODAY_URL).status_code == 200


class TestSignIn:
    def test_the_page_asks_for_email_and_password(self, client):
        response = client.get(SIGN_IN_URL)

        assert response.status_code == 200
        html = page(response)
        assert html.one("input", name="email").get("type") == "email"
        assert html.one("input", name="password").get("type") == "password"

    def test_correct_details_lead_to_today(self, client, user):
        response = sign_in(client, "sam.okoro@example.test")

        assert response.status_code == 302
        assert response.url == reverse("core:today")
        assert is_signed_in(client)

    def test_the_email_address_is_not_case_sensitive(self, client, user):
        response = sign_in(client, "  Sam.OKORO@Example.Test ")

        assert response.status_code == 302
        assert response.url == reverse("core:today")

    def test_a_wrong_password_is_refused_with_a_clear_message(self, client, user):
        response = sign_in(client, user.email, "not-the-password")

        assert response.status_code == 422
        assert error_messages(response) == [INVALID_LOGIN]
        assert page_title(response) == "Error: Sign in – Attend"
        assert not is_signed_in(client)

    def test_the_password_is_case_sensitive(self, client, user):
        response = sign_in(client, user.email, TEST_PASSWORD.upper())

        assert response.status_code == 422

    def test_an_unknown_email_gets_exactly_the_same_answer(self, client, user):
        wrong_password = sign_in(client, user.email, "not-the-password")
        unknown_email = sign_in(client, "nobody@example.test", "not-the-password")

        assert unknown_email.status_code == wrong_password.status_code == 422
        assert error_summary(unknown_email) == error_summary(wrong_password)
        # Neither answer marks the email field itself, which would reveal which addresses have accounts.
        for response in (wrong_password, unknown_email):
            assert not page(response).select(id="id_email-error")

    def test_a_deactivated_person_cannot_sign_in(self, client, user):
        user.is_active = False
        user.save()

        response = sign_in(client, user.email)

        assert response.status_code == 422
        assert error_messages(response) == [INVALID_LOGIN]
        assert not is_signed_in(client)

    def test_a_person_deactivated_while_signed_in_is_signed_out(self, client, user):
        sign_in(client, user.email)
        assert is_signed_in(client)

        user.is_active = False
        user.save()

        assert not is_signed_in(client)

    def test_someone_invited_who_has_not_set_a_password_cannot_sign_in(self, client):
        User.objects.create_user(email="invited@example.test", name="Ivy Invited", password=None)

        response = sign_in(client, "invited@example.test", "")

        assert response.status_code == 422
        assert error_messages(response) == ["Enter your password"]

    def test_empty_fields_are_each_explained_and_linked(self, client):
        response = client.post(SIGN_IN_URL, {"email": "", "password": ""})

        assert response.status_code == 422
        assert error_summary(response) == [
            ("Enter your email address", "#id_email"),
            ("Enter your password", "#id_password"),
        ]

    def test_the_password_is_never_sent_back(self, client, user):
        response = sign_in(client, user.email, "not-the-password")

        assert b"not-the-password" not in response.content
        assert page(response).one("input", name="password").get("value") == ""

    def test_someone_already_signed_in_goes_straight_to_today(self, client, user):
        client.force_login(user)

        response = client.get(SIGN_IN_URL)

        assert response.status_code == 302
        assert response.url == reverse("core:today")

    def test_sign_in_needs_the_csrf_token(self, user):
        client = Client(enforce_csrf_checks=True)

        response = sign_in(client, user.email)

        assert response.status_code == 403
        assert not is_signed_in(client)


class TestThrottling:
    def test_five_failures_lock_the_account_even_against_the_right_password(self, client, user):
        for _ in range(5):
            assert sign_in(client, user.email, "not-the-password").status_code == 422

        response = sign_in(client, user.email)

        assert response.status_code == 422
        assert error_messages(response) == [THROTTLED]
        assert not is_signed_in(client)

    def test_four_failures_do_not(self, client, user):
        for _ in range(4):
            sign_in(client, user.email, "not-the-password")

        assert sign_in(client, user.email).status_code == 302

    def test_a_locked_account_is_locked_from_every_address(self, client, user):
        for _ in range(5):
            sign_in(client, user.email, "not-the-password")

        response = sign_in(Client(), user.email, address=OTHER_ADDRESS)

        assert error_messages(response) == [THROTTLED]

    def test_other_accounts_still_work_from_another_address_and_the_same_one(self, client, user):
        colleague = UserFactory(email="colleague@example.test")
        for _ in range(5):
            sign_in(client, user.email, "not-the-password")

        assert sign_in(Client(), colleague.email, address=OTHER_ADDRESS).status_code == 302
        assert sign_in(Client(), colleague.email, address=ADDRESS).status_code == 302

    def test_fifty_failures_from_one_address_lock_that_address(self, client, user):
        for n in range(50):
            sign_in(client, f"guess{n}@example.test", "not-the-password")

        refused = sign_in(Client(), user.email, address=ADDRESS)
        elsewhere = sign_in(Client(), user.email, address=OTHER_ADDRESS)

        assert refused.status_code == 422
        assert error_messages(refused) == [THROTTLED]
        assert elsewhere.status_code == 302

    def test_the_lock_lifts_after_fifteen_minutes(self, client, user):
        with time_machine.travel(START, tick=False) as traveller:
            for _ in range(5):
                sign_in(client, user.email, "not-the-password")
            traveller.shift(datetime.timedelta(minutes=14))
            assert error_messages(sign_in(client, user.email)) == [THROTTLED]

            traveller.shift(datetime.timedelta(minutes=2))
            response = sign_in(client, user.email)

        assert response.status_code == 302

    def test_signing_in_clears_the_accounts_failures(self, client, user):
        for _ in range(4):
            sign_in(client, user.email, "not-the-password")
        assert sign_in(client, user.email).status_code == 302
        client.post(reverse("accounts:sign_out"))

        for _ in range(4):
            sign_in(client, user.email, "not-the-password")

        assert sign_in(client, user.email).status_code == 302

    def test_the_failure_table_never_holds_the_email_or_address(self, client, user):
        sign_in(client, "Sam.Okoro@example.test", "not-the-password")
        sign_in(client, "unknown.person@example.test", "not-the-password")

        rows = list(AttemptCount.objects.values())
        assert len(rows) == 3  # each account, and the address with two attempts
        stored = " ".join(str(value) for row in rows for value in row.values()).lower()
        for secret in ("sam.okoro", "example.test", "unknown.person", ADDRESS, "198.51"):
            assert secret not in stored
        assert all(re.fullmatch(r"[0-9a-f]{64}", row["key_hash"]) for row in rows)


class TestNext:
    @pytest.mark.parametrize("target", ["/account/", "/organisation/audit/?page=2"])
    def test_a_same_site_path_is_followed(self, client, user, target):
        response = sign_in(client, user.email, next_url=target)

        assert response.status_code == 302
        assert response.url == target

    @pytest.mark.parametrize(
        "target",
        [
            "https://evil.example/",
            "//evil.example/account/",
            "http://evil.example",
            "/\\evil.example/",
            "https:evil.example",
            "javascript:alert(1)",
        ],
    )
    def test_another_site_is_refused(self, client, user, target):
        response = sign_in(client, user.email, next_url=target)

        assert response.status_code == 302
        assert response.url == reverse("core:today")

    def test_a_page_that_needs_sign_in_comes_back_after_it(self, client, user):
        response = client.get(ACCOUNT_URL)
        assert response.status_code == 302
        assert response.url == f"{SIGN_IN_URL}?next={ACCOUNT_URL}"

        form_page = page(client.get(response.url))
        assert form_page.one("input", name="next").get("value") == ACCOUNT_URL

        assert sign_in(client, user.email, next_url=ACCOUNT_URL).url == ACCOUNT_URL

    def test_a_failed_attempt_keeps_where_the_person_was_going(self, client, user):
        response = sign_in(client, user.email, "not-the-password", next_url=ACCOUNT_URL)

        assert response.status_code == 422
        assert page(response).one("input", name="next").get("value") == ACCOUNT_URL

    def test_the_form_does_not_carry_an_unsafe_next(self, client):
        response = client.get(SIGN_IN_URL, {"next": "https://evil.example/"})

        assert not page(response).select("input", name="next")
        assert b"evil.example" not in response.content


class TestSignOut:
    def test_signing_out_by_get_is_not_allowed(self, client, user):
        client.force_login(user)

        response = client.get(reverse("accounts:sign_out"))

        assert response.status_code == 405
        assert is_signed_in(client)

    def test_signing_out_by_post_ends_the_session(self, client, user):
        client.force_login(user)

        response = client.post(reverse("accounts:sign_out"))

        assert response.status_code == 302
        assert response.url == reverse("accounts:signed_out")
        assert not is_signed_in(client)
        signed_out = client.get(response.url)
        assert main_heading(signed_out) == "You have signed out"

    def test_signing_out_asks_the_browser_to_forget_what_practice_kept_offline(self, client, user):
        client.force_login(user)

        response = client.post(reverse("accounts:sign_out"))

        assert response["Clear-Site-Data"] == '"storage"'

    def test_another_site_cannot_sign_a_person_out(self, user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)

        response = client.post(reverse("accounts:sign_out"))

        assert response.status_code == 403
        assert is_signed_in(client)


class TestSessionExpiry:
    def test_a_session_lasts_a_working_day(self, client, user):
        with time_machine.travel(START, tick=False) as traveller:
            response = sign_in(client, user.email)
            assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60

            traveller.shift(datetime.timedelta(hours=7, minutes=59))

            assert client.get(TODAY_URL).status_code == 200

    def test_after_eight_hours_a_person_signs_in_again(self, client, user):
        with time_machine.travel(START, tick=False) as traveller:
            sign_in(client, user.email)
            traveller.shift(datetime.timedelta(hours=8, minutes=1))

            response = client.get(TODAY_URL)

        assert response.status_code == 302
        assert response.url.startswith(SIGN_IN_URL)


def reset_link(message) -> str:
    match = re.search(r"http://testserver(/account/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def ask_for_reset(client, email, *, address=ADDRESS):
    """Ask, then run what was queued once the request's transaction committed (the email task)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def open_reset_form(client, link) -> str:
    """Follow the emailed link; Django swaps the token for a session and redirects to the form's own address."""
    response = client.get(link)
    assert response.status_code == 302
    form_page = client.get(response.url)
    assert main_heading(form_page) == "Choose a new password"
    return response.url


class TestPasswordReset:
    def test_an_active_account_is_sent_a_link(self, client, user):
        response = ask_for_reset(client, "SAM.OKORO@example.test")

        assert response.status_code == 302
        assert response.url == reverse("accounts:password_reset_done")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["sam.okoro@example.test"]
        assert message.subject == "Reset your Attend password"
        assert message.body.startswith("Hello Sam Okoro,")
        reset_link(message)

    @pytest.mark.parametrize("who", ["unknown", "deactivated", "no password yet"])
    def test_no_email_goes_out_otherwise_and_the_answer_is_the_same(self, client, user, who):
        if who == "deactivated":
            UserFactory(email="gone@example.test", is_active=False)
        elif who == "no password yet":
            User.objects.create_user(email="gone@example.test", name="Ivy Invited", password=None)

        for_nobody = ask_for_reset(client, "gone@example.test")
        assert mail.outbox == []
        for_someone = ask_for_reset(client, user.email)
        assert len(mail.outbox) == 1

        assert (for_nobody.status_code, for_nobody.url) == (for_someone.status_code, for_someone.url)

    def test_a_name_with_an_apostrophe_arrives_as_written(self, client):
        UserFactory(email="siobhan@example.test", name="Siobhán O'Neill & Co")

        ask_for_reset(client, "siobhan@example.test")

        assert mail.outbox[0].body.startswith("Hello Siobhán O'Neill & Co,")

    def test_the_link_sets_a_new_password(self, client, user):
        ask_for_reset(client, user.email)
        form_url = open_reset_form(client, reset_link(mail.outbox[0]))

        response = client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})

        assert response.status_code == 302
        assert response.url == reverse("accounts:password_reset_complete")
        assert authenticate(email=user.email, password=STRONG_PASSWORD) == user
        assert authenticate(email=user.email, password=TEST_PASSWORD) is None

    def test_the_link_works_once(self, client, user):
        ask_for_reset(client, user.email)
        link = reset_link(mail.outbox[0])
        form_url = open_reset_form(client, link)
        client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})

        response = Client().get(link, follow=True)

        assert main_heading(response) == "This link has expired or been used"
        assert not page(response).select("input", name="new_password1")

    def test_a_made_up_link_does_not_work(self, client, user):
        response = client.get("/account/password-reset/MQ/abc-0123456789abcdef0123456789abcdef/", follow=True)

        assert main_heading(response) == "This link has expired or been used"

    @pytest.mark.parametrize("keep", [1, 8, -1], ids=["one character", "the timestamp and dash", "all but one"])
    def test_a_link_cut_short_says_it_looks_incomplete(self, client, user, keep):
        ask_for_reset(client, user.email)
        uidb64, token = reset_link(mail.outbox[0]).strip("/").split("/")[-2:]

        response = client.get(f"/account/password-reset/{uidb64}/{token[:keep]}/", follow=True)

        assert main_heading(response) == "This link looks incomplete"
        assert "Copy the whole link from the email, or ask for a new one." in page(response).text
        assert not page(response).select("input", name="new_password1")
        assert open_reset_form(Client(), reset_link(mail.outbox[0]))  # the whole link still works

    def test_the_email_keeps_the_link_whole_on_its_own_line(self, client, user):
        ask_for_reset(client, user.email)
        [message] = mail.outbox

        raw = message.message().as_bytes()
        assert f"\nhttp://testserver{reset_link(message)}\n".encode() in raw
        assert b"quoted-printable" not in raw

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short-pw-1", "This password is too short. It must contain at least 12 characters."),
            ("qwertyqwerty", "This password is too common."),
            ("907153284761", "This password is entirely numeric."),
            ("sam.okoro@example", "The password is too similar to the email address."),
            ("Okoro Sam 2026", "The password is too similar to the name."),
        ],
    )
    def test_a_weak_password_is_refused_with_the_reason(self, client, user, password, message):
        ask_for_reset(client, user.email)
        form_url = open_reset_form(client, reset_link(mail.outbox[0]))

        response = client.post(form_url, {"new_password1": password, "new_password2": password})

        assert response.status_code == 422
        assert message in error_messages(response)
        assert password.encode() not in response.content
        assert authenticate(email=user.email, password=TEST_PASSWORD) == user

    def test_two_different_passwords_are_refused(self, client, user):
        ask_for_reset(client, user.email)
        form_url = open_reset_form(client, reset_link(mail.outbox[0]))

        response = client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": "copper-meadow-viola-38"})

        assert response.status_code == 422
        assert error_summary(response) == [("The two password fields didn’t match.", "#id_new_password2")]

    def test_a_reset_lifts_the_too_many_attempts_lock(self, client, user):
        for _ in range(5):
            sign_in(client, user.email, "not-the-password")
        assert error_messages(sign_in(client, user.email)) == [THROTTLED]

        ask_for_reset(client, user.email)
        form_url = open_reset_form(client, reset_link(mail.outbox[0]))
        client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})

        assert sign_in(Client(), user.email, STRONG_PASSWORD).status_code == 302


class TestPasswordResetAttacks:
    """Issue 14: resets had no limit, and the email was sent inside the request (so its timing told whether the
    address had an account). Now they are counted, and the email is a task the worker sends."""

    def test_three_requests_an_hour_for_one_address_send_three_emails_then_none(self, client, user):
        answers = [ask_for_reset(Client(), user.email, address=f"203.0.113.{n}") for n in range(5)]

        assert len(mail.outbox) == 3
        assert {(answer.status_code, answer.url) for answer in answers} == {
            (302, reverse("accounts:password_reset_done"))
        }

    def test_the_email_limit_lifts_after_an_hour(self, client, user):
        with time_machine.travel(START, tick=False) as traveller:
            for _ in range(4):
                ask_for_reset(client, user.email, address=OTHER_ADDRESS)
            traveller.shift(datetime.timedelta(minutes=61))

            ask_for_reset(client, user.email)

        assert len(mail.outbox) == 4

    def test_one_network_address_asking_about_many_emails_is_stopped_after_twenty(self, client, user):
        for n in range(20):
            ask_for_reset(client, f"guess{n}@example.test")

        ask_for_reset(client, user.email)
        assert mail.outbox == []
        ask_for_reset(client, user.email, address=OTHER_ADDRESS)
        assert len(mail.outbox) == 1

    def test_the_email_is_not_sent_inside_the_request(self, client, user, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            response = client.post(reverse("accounts:password_reset"), {"email": user.email})

        assert response.status_code == 302
        assert mail.outbox == []
        assert len(queued) == 1

    @pytest.mark.parametrize("who", ["unknown", "deactivated"])
    def test_the_request_does_the_same_work_whether_or_not_the_account_exists(self, client, user, who, settings):
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # keeps, never runs
        if who == "deactivated":
            UserFactory(email="gone@example.test", is_active=False)

        def ask(email, address):
            with CaptureQueriesContext(connection) as queries:
                ask_for_reset(Client(), email, address=address)
            return [query["sql"] for query in queries.captured_queries]

        for_nobody = ask("gone@example.test", ADDRESS)
        for_someone = ask(user.email, OTHER_ADDRESS)

        assert len(for_nobody) == len(for_someone)
        assert not any("accounts_user" in sql for sql in for_nobody + for_someone)  # the worker looks it up
        assert [result.task.name for result in default_task_backend.results] == ["password_reset_email_send"] * 2

    def test_the_queued_task_does_not_hold_the_address_in_clear(self, client, user, settings):
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

        ask_for_reset(client, user.email)

        (queued,) = default_task_backend.results
        assert "sam.okoro" not in json.dumps([queued.args, queued.kwargs]).lower()


class TestPasswordChange:
    URL = "/account/password/"

    def change(self, client, old=TEST_PASSWORD, new=STRONG_PASSWORD, confirm=None):
        return client.post(
            self.URL, {"old_password": old, "new_password1": new, "new_password2": confirm if confirm else new}
        )

    def test_it_needs_sign_in(self, client):
        response = client.get(self.URL)

        assert response.status_code == 302
        assert response.url.startswith(SIGN_IN_URL)

    def test_the_current_password_is_required(self, client, user):
        client.force_login(user)

        response = self.change(client, old="not-the-password")

        assert response.status_code == 422
        assert error_summary(response) == [
            ("Your old password was entered incorrectly. Please enter it again.", "#id_old_password")
        ]
        assert authenticate(email=user.email, password=TEST_PASSWORD) == user

    def test_a_weak_new_password_is_refused(self, client, user):
        client.force_login(user)

        response = self.change(client, new="qwertyqwerty")

        assert response.status_code == 422
        assert "This password is too common." in error_messages(response)

    def test_a_change_keeps_this_session_and_ends_others(self, client, user):
        client.force_login(user)
        elsewhere = Client()
        elsewhere.force_login(user)

        response = self.change(client)

        assert response.status_code == 302
        assert response.url == ACCOUNT_URL
        account = client.get(ACCOUNT_URL)
        assert account.status_code == 200
        assert "Your password has been changed" in page(account).one(cls="nhsuk-notification-banner").text
        assert not is_signed_in(elsewhere)
        assert authenticate(email=user.email, password=STRONG_PASSWORD) == user

    def test_a_change_is_audited(self, client, user):
        client.force_login(user)

        self.change(client)

        event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_CHANGED)
        assert event.actor == user
        assert event.organisation is None
        assert event.target_description == user.email
        assert STRONG_PASSWORD not in str(event.details)


def profile(**changes) -> dict:
    data = {
        "name": "Samuel Okoro",
        "time_zone": "America/New_York",
        "working_days": ["0", "2", "4"],
        "working_day_start": "07:30",
        "working_day_end": "15:30",
    }
    data.update(changes)
    return data


class TestAccountPage:
    def test_it_needs_sign_in(self, client):
        assert client.get(ACCOUNT_URL).status_code == 302

    def test_it_shows_the_current_details(self, client, user):
        client.force_login(user)

        html = page(client.get(ACCOUNT_URL))

        assert user.email in html.one(cls="nhsuk-summary-list").text
        assert html.one("input", name="name").get("value") == "Sam Okoro"
        assert html.one("option", value="Europe/London").has("selected")
        checked = {box.get("value") for box in html.select("input", name="working_days") if box.has("checked")}
        assert checked == {"0", "1", "2", "3", "4"}
        assert html.one("input", name="working_day_start").get("value") == "09:00"
        assert html.one("input", name="working_day_end").get("value") == "17:00"

    def test_details_are_saved(self, client, user):
        client.force_login(user)

        response = client.post(ACCOUNT_URL, profile())

        assert response.status_code == 302
        assert response.url == ACCOUNT_URL
        user.refresh_from_db()
        assert user.name == "Samuel Okoro"
        assert user.time_zone == "America/New_York"
        assert user.working_days == [0, 2, 4]
        assert (user.working_day_start, user.working_day_end) == (datetime.time(7, 30), datetime.time(15, 30))
        saved = client.get(ACCOUNT_URL)
        assert "Your details have been saved" in page(saved).one(cls="nhsuk-notification-banner").text

    def test_an_end_before_the_start_is_refused_on_the_end_field(self, client, user):
        client.force_login(user)

        response = client.post(ACCOUNT_URL, profile(working_day_start="17:00", working_day_end="08:00"))

        assert response.status_code == 422
        message = "The end of your working day must be after its start"
        assert error_summary(response) == [(message, "#id_working_day_end")]
        html = page(response)
        assert message in html.by_id("id_working_day_end-error").text
        assert "nhsuk-form-group--error" in html.by_id("id_working_day_end").parent.classes
        assert not html.select(id="id_working_day_start-error")
        user.refresh_from_db()
        assert user.name == "Sam Okoro"

    def test_an_end_equal_to_the_start_is_refused(self, client, user):
        client.force_login(user)

        response = client.post(ACCOUNT_URL, profile(working_day_start="09:00", working_day_end="09:00"))

        assert response.status_code == 422

    def test_no_working_days_is_refused(self, client, user):
        client.force_login(user)

        response = client.post(ACCOUNT_URL, profile(working_days=[]))

        assert response.status_code == 422
        assert error_summary(response) == [("Select at least one working day", "#id_working_days")]
        user.refresh_from_db()
        assert user.working_days == [0, 1, 2, 3, 4]

    def test_what_was_entered_is_kept_after_a_failed_save(self, client, user):
        client.force_login(user)

        response = client.post(ACCOUNT_URL, profile(name="", working_days=["5", "6"]))

        assert response.status_code == 422
        html = page(response)
        checked = {box.get("value") for box in html.select("input", name="working_days") if box.has("checked")}
        assert checked == {"5", "6"}
        assert html.one("option", value="America/New_York").has("selected")
        assert error_summary(response) == [("Enter your name", "#id_name")]

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice."),
            ({"working_day_start": "25:00"}, "Enter a time between 00:00 and 23:59, like 08:30 or 8:30am"),
            ({"working_days": ["7"]}, "Select a valid choice."),
        ],
    )
    def test_impossible_values_are_refused(self, client, user, changes, message):
        client.force_login(user)

        response = client.post(ACCOUNT_URL, profile(**changes))

        assert response.status_code == 422
        assert any(text.startswith(message) for text in error_messages(response))

    def test_a_name_is_shown_as_text_never_as_markup(self, client, user):
        client.force_login(user)

        client.post(ACCOUNT_URL, profile(name="<script>alert(1)</script>"))
        response = client.get(ACCOUNT_URL)

        assert b"<script>alert(1)</script>" not in response.content
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
