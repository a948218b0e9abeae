"""Two-factor sign-in with an authenticator app and recovery codes, and organisations' two-factor rule
(docs/adr/0028). Codes are real: made from the shared secret at frozen times."""

import datetime
import re

import pytest
import segno
import time_machine
from django.test import Client
from django.urls import reverse

from attend.accounts.models import AttemptCount, AuthenticatorApp, Passkey, RecoveryCode
from attend.accounts.tests.factories import TEST_PASSWORD, UserFactory
from attend.accounts.tests.two_factor_support import (
    TEST_TOTP_KEY,
    mark_second_factor_given,
    setup_secret_hex,
    totp_code,
    totp_device_for,
)
from attend.accounts.two_factor import rule, services
from attend.core.models import AuditEvent
from attend.core.tests.pages import error_messages, main_heading, page
from attend.organisations.models import Role, TwoFactorRule
from attend.organisations.tests.factories import person_in
from attend.tests import test_url_roles as roles

pytestmark = pytest.mark.django_db

SIGN_IN_URL = reverse("accounts:sign_in")
SECOND_STEP_URL = reverse("accounts:second_step")
SETUP_URL = reverse("accounts:totp_setup")
TODAY_URL = reverse("core:today")
ADDRESS = "198.51.100.7"
NOON = datetime.datetime(2026, 3, 2, 12, 0, 0, tzinfo=datetime.UTC)
WRONG_CODE = "That code is not right, or it has been used. Check your app and try again."


@pytest.fixture
def person(db):
    user = UserFactory(email="morgan.ashby@example.test")
    totp_device_for(user)
    return user


@pytest.fixture(autouse=True)
def clock():
    """Every test runs at a frozen time, so codes, sessions and throttling windows all agree."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def password_step(client, user, *, next_url=None):
    data = {"email": user.email, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(SIGN_IN_URL, data, REMOTE_ADDR=ADDRESS)


def code_step(client, code):
    return client.post(SECOND_STEP_URL, {"code": code}, REMOTE_ADDR=ADDRESS)


def is_signed_in(client) -> bool:
    return client.get(TODAY_URL).status_code == 200


def every_page(team, member, journal, private_things) -> list[str]:
    urls = []
    for name in sorted(roles.EXPECTED):
        urls.append(roles.url_for(name, team, member, {**journal, **private_things}))
    return urls


class TestAttacks:
    """Each of these was written first and seen failing before its defence was built."""

    def test_a_right_password_alone_opens_no_page(self, client, organisation, team, member, journal, private_things):
        # Given a person with an authenticator app, who has typed only their password
        user = person_in(organisation, role=Role.ADMIN).user
        totp_device_for(user)
        response = password_step(client, user)
        assert response.status_code == 302 and response["Location"] == SECOND_STEP_URL
        anonymous = Client()

        # Then every page answers exactly as it does to someone not signed in at all
        for url in every_page(team, member, journal, private_things):
            if url == SECOND_STEP_URL:  # the one page for them: it asks for the code
                continue
            pending, nobody = client.get(url), anonymous.get(url)
            assert (pending.status_code, pending.get("Location")) == (nobody.status_code, nobody.get("Location")), url

    def test_a_replayed_code_is_refused(self, person):
        code = totp_code()
        first = Client()
        password_step(first, person)
        assert code_step(first, code).status_code == 302
        assert is_signed_in(first)

        # Someone who saw the code tries it again, within the same 30 seconds
        second = Client()
        password_step(second, person)
        response = code_step(second, code)

        assert response.status_code == 422
        assert WRONG_CODE in error_messages(response)
        assert not is_signed_in(second)

    def test_a_recovery_code_works_once(self, person):
        codes = services.recovery_codes_replace(user=person)
        first = Client()
        password_step(first, person)
        assert code_step(first, codes[3]).status_code == 302
        assert is_signed_in(first)

        second = Client()
        password_step(second, person)
        response = code_step(second, codes[3])

        assert response.status_code == 422
        assert not is_signed_in(second)

    def test_recovery_codes_are_stored_only_as_hashes(self, person):
        codes = services.recovery_codes_replace(user=person)

        stored = list(RecoveryCode.objects.filter(user=person).values_list("code_hash", flat=True))
        assert len(stored) == 10
        assert not {code.replace("-", "") for code in codes} & set(stored)
        assert not any(code.replace("-", "") in value or code in value for code in codes for value in stored)

    def test_another_persons_code_is_refused(self, person):
        # Another person's app, with a different secret, makes codes that are not this person's
        other = UserFactory()
        totp_device_for(other, key_hex="00" * 20)
        client = Client()
        password_step(client, person)
        response = code_step(client, totp_code("00" * 20))
        assert response.status_code == 422
        assert not is_signed_in(client)

    def test_wrong_codes_are_throttled_and_a_right_password_buys_no_more(self, person):
        client = Client()
        password_step(client, person)
        for _ in range(5):
            assert code_step(client, "000000").status_code == 422
        # The password again clears password failures, not code failures
        password_step(client, person)
        response = code_step(client, totp_code())

        assert "There have been too many attempts at the code. Wait 15 minutes and try again." in error_messages(
            response
        )
        assert not is_signed_in(client)
        assert AttemptCount.objects.filter(kind=AttemptCount.Kind.SECOND_STEP_ACCOUNT).get().attempts == 5

    def test_the_second_step_waits_only_five_minutes(self, person, clock):
        client = Client()
        password_step(client, person)
        clock.shift(datetime.timedelta(minutes=6))
        response = code_step(client, totp_code())

        assert response.status_code == 302 and response["Location"] == SIGN_IN_URL
        assert not is_signed_in(client)


class TestSignInWithCode:
    def test_a_code_from_the_app_signs_in_and_keeps_the_next_address(self, person):
        client = Client()
        password_step(client, person, next_url="/account/")
        response = code_step(client, totp_code())

        assert response.status_code == 302 and response["Location"] == "/account/"
        assert is_signed_in(client)
        assert AttemptCount.objects.filter(kind=AttemptCount.Kind.SECOND_STEP_ACCOUNT).count() == 0

    def test_a_code_from_the_step_before_still_works(self, person, clock):
        code = totp_code()
        client = Client()
        password_step(client, person)
        clock.shift(datetime.timedelta(seconds=30))  # an app whose clock is a little behind
        assert code_step(client, code).status_code == 302

    def test_a_code_from_two_minutes_ago_does_not(self, person, clock):
        code = totp_code()
        client = Client()
        password_step(client, person)
        clock.shift(datetime.timedelta(minutes=2))
        assert code_step(client, code).status_code == 422

    def test_a_person_without_an_app_signs_in_with_the_password(self, client):
        user = UserFactory()
        response = password_step(client, user)
        assert response["Location"] == TODAY_URL
        assert is_signed_in(client)

    def test_the_page_asks_for_the_code(self, person, client):
        password_step(client, person)
        response = client.get(SECOND_STEP_URL)
        assert response.status_code == 200
        assert page(response).one("input", name="code").get("autocomplete") == "one-time-code"


class TestSetUp:
    def test_setting_up_shows_the_secret_and_a_qr_code_then_recovery_codes_once(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.get(SETUP_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<svg" in html
        key_hex = setup_secret_hex(response)  # as the person types it into their app: finishing proves it right

        wrong = client.post(SETUP_URL, {"code": "123456" if totp_code(key_hex) != "123456" else "654321"})
        assert wrong.status_code == 422
        done = client.post(SETUP_URL, {"code": totp_code(key_hex)})

        assert done.status_code == 200
        codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", done.content.decode())
        assert len(codes) == 10
        assert AuthenticatorApp.objects.get(user=user).key == key_hex
        assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_ADDED, actor=user).exists()
        assert "two_factor_setup_secret" not in client.session
        assert "two_factor_setup_qr_mask" not in client.session

    def test_a_reload_draws_the_same_qr_code_with_the_mask_chosen_by_scoring_all_eight(self, client):
        user = UserFactory()
        client.force_login(user)
        first = client.get(SETUP_URL)
        again = client.get(SETUP_URL)

        svg = re.compile(r"<svg.*?</svg>", re.DOTALL)
        assert svg.search(first.content.decode()).group() == svg.search(again.content.decode()).group()
        address = AuthenticatorApp(user=user, name="Authenticator app", key=setup_secret_hex(first)).config_url
        assert client.session["two_factor_setup_qr_mask"] == segno.make(address, error="m").mask

    def test_the_code_used_to_set_up_cannot_then_sign_in(self, client):
        user = UserFactory()
        client.force_login(user)
        key_hex = setup_secret_hex(client.get(SETUP_URL))
        code = totp_code(key_hex)
        client.post(SETUP_URL, {"code": code})
        other = Client()
        password_step(other, user)
        assert code_step(other, code).status_code == 422

    def test_removing_asks_for_the_password(self, client, person):
        client.force_login(person)
        mark_second_factor_given(client)
        url = reverse("accounts:totp_remove")

        wrong = client.post(url, {"password": "not-my-password"})
        assert wrong.status_code == 422
        assert AuthenticatorApp.objects.filter(user=person).exists()

        right = client.post(url, {"password": TEST_PASSWORD})
        assert right.status_code == 302
        assert not AuthenticatorApp.objects.filter(user=person).exists()
        assert not RecoveryCode.objects.filter(user=person).exists()


class TestNewRecoveryCodes:
    """A signed-in person with two-factor makes a new set of recovery codes; the attacks were written first and
    seen failing (there was no way to replace the codes but setting the app up again)."""

    URL = reverse("accounts:recovery_codes_new")

    @pytest.fixture
    def signed_in(self, client, person):
        client.force_login(person)
        mark_second_factor_given(client)
        return client

    def new_codes(self, client, password=TEST_PASSWORD):
        response = client.post(self.URL, {"password": password}, REMOTE_ADDR=ADDRESS)
        return response, re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", response.content.decode())

    def test_an_open_session_alone_cannot_make_new_codes(self, signed_in, person):
        # Given a session left signed in on a shared computer, and the person's codes
        old = services.recovery_codes_replace(user=person)
        # When someone at the computer asks for new codes without the password
        response, shown = self.new_codes(signed_in, password="a-guess-at-it")
        # Then none are made or shown, and the person's codes still work
        assert response.status_code == 422 and shown == []
        assert "That password is not right" in error_messages(response)
        assert services.second_factor_check(user=person, code=old[0]) == "recovery_code"

    def test_guessing_the_password_here_is_throttled(self, signed_in, person):
        for _ in range(5):
            self.new_codes(signed_in, password="a-guess-at-it")
        response, shown = self.new_codes(signed_in)
        assert response.status_code == 422 and shown == []
        assert "There have been too many attempts. Wait 15 minutes and try again." in error_messages(response)

    def test_the_old_codes_stop_working_at_once(
        self, signed_in, person, mailoutbox, django_capture_on_commit_callbacks
    ):
        old = services.recovery_codes_replace(user=person)
        with django_capture_on_commit_callbacks(execute=True):
            response, new = self.new_codes(signed_in)

        assert response.status_code == 200 and len(set(new)) == 10
        assert "no-store" in response.headers["Cache-Control"]  # shown once: not kept by the browser
        assert not set(old) & set(new)
        assert services.second_factor_check(user=person, code=old[0]) is None
        assert services.second_factor_check(user=person, code=new[0]) == "recovery_code"
        assert rule.recovery_codes_left(person) == 9
        # An audit record, and an email to the person saying new codes were made (never the codes)
        event = AuditEvent.objects.get(action=AuditEvent.Action.RECOVERY_CODES_REPLACED)
        assert (event.actor, event.target_description) == (person, person.email)
        [message] = mailoutbox
        assert message.to == [person.email] and message.subject == "New recovery codes for your Attend account"
        assert "new recovery codes" in message.body and not any(code in message.body for code in new)

    def test_the_page_asks_for_the_password(self, signed_in):
        response = signed_in.get(self.URL)
        assert response.status_code == 200
        assert main_heading(response) == "Make new recovery codes"
        assert 'type="password"' in response.content.decode()

    def test_someone_without_two_factor_is_sent_back_to_their_account(self, client):
        client.force_login(UserFactory())
        response = client.post(self.URL, {"password": TEST_PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
        assert not RecoveryCode.objects.exists()


class TestOrganisationRule:
    @pytest.fixture
    def strict(self, organisation):
        organisation.two_factor_required_for = TwoFactorRule.ADMINS_AND_FACILITATORS
        organisation.save()
        return organisation

    def test_an_admin_without_an_app_can_open_no_page_but_set_up(
        self, client, strict, team, member, journal, private_things
    ):
        admin = person_in(strict, role=Role.ADMIN).user
        assert password_step(client, admin)["Location"] == TODAY_URL
        open_before = {
            SETUP_URL,
            reverse("accounts:passkey_add"),
            reverse("accounts:sign_out"),
            reverse("accounts:signed_out"),
        }

        for url in every_page(team, member, journal, private_things):
            if url in open_before:
                continue
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == SETUP_URL, url
        assert client.get(SETUP_URL).status_code == 200

    def test_an_htmx_request_is_sent_to_set_up_as_a_whole_page(self, client, strict):
        admin = person_in(strict, role=Role.ADMIN).user
        password_step(client, admin)
        response = client.get(TODAY_URL, headers={"HX-Request": "true"})
        assert response["HX-Redirect"] == SETUP_URL

    def test_after_setting_up_the_admin_is_let_in(self, client, strict):
        admin = person_in(strict, role=Role.ADMIN).user
        password_step(client, admin)
        client.post(SETUP_URL, {"code": totp_code(setup_secret_hex(client.get(SETUP_URL)))})
        assert client.get(reverse("organisations:home")).status_code == 200

    def test_a_member_is_not_covered_by_the_admins_rule(self, client, strict):
        member = person_in(strict, role=Role.MEMBER).user
        password_step(client, member)
        assert is_signed_in(client)

    def test_everyone_covers_members(self, client, strict):
        strict.two_factor_required_for = TwoFactorRule.EVERYONE
        strict.save()
        member = person_in(strict, role=Role.MEMBER).user
        password_step(client, member)
        assert client.get(TODAY_URL)["Location"] == SETUP_URL

    def test_a_session_that_skipped_the_code_is_signed_out(self, client, strict):
        # A session from before the person set up their app (or a forged one) gave no code
        admin = person_in(strict, role=Role.ADMIN).user
        totp_device_for(admin)
        client.force_login(admin)
        response = client.get(TODAY_URL)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN_URL)
        assert not is_signed_in(client)

    def test_single_sign_on_meets_the_rule(self, client, strict):
        admin = person_in(strict, role=Role.ADMIN).user
        client.force_login(admin)
        session = client.session
        session["auth_method"] = "sso"
        session.save()
        assert is_signed_in(client)

    def test_the_admin_sets_the_rule_and_it_is_audited(self, client, organisation):
        admin = person_in(organisation, role=Role.ADMIN).user
        client.force_login(admin)
        url = reverse("organisations:two_factor_rule")
        assert client.post(url, {"rule": "sometimes"}).status_code == 422

        response = client.post(url, {"rule": TwoFactorRule.EVERYONE})

        assert response.status_code == 302
        organisation.refresh_from_db()
        assert organisation.two_factor_required_for == TwoFactorRule.EVERYONE
        assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_POLICY_CHANGED).exists()
        # The admin has no app, so the rule now takes them to set one up
        assert client.get(TODAY_URL)["Location"] == SETUP_URL


def test_the_demo_key_matches_the_test_helper():
    assert len(bytes.fromhex(TEST_TOTP_KEY)) == 20


class TestPasskeysOverHttp:
    """The browser journeys (attend/tests/system/test_passkeys.py) use a real authenticator; these check that
    whatever a client posts is refused cleanly, never a 500."""

    @pytest.fixture
    def with_passkey(self, db):
        user = UserFactory()
        Passkey.objects.create(
            user=user, credential_id=b"\x01" * 16, credential_id_hash="0" * 64, public_key=b"not a key"
        )
        return user

    @pytest.mark.parametrize(
        "credential", ["", "{}", "not json", '{"rawId": "AQEBAQEBAQEBAQEBAQEBAQ", "response": {}}', "[1, 2]"]
    )
    def test_a_malformed_passkey_answer_is_refused_with_a_message(self, client, with_passkey, credential):
        password_step(client, with_passkey)
        assert client.get(SECOND_STEP_URL).status_code == 200  # the page made a challenge
        response = client.post(SECOND_STEP_URL, {"credential": credential}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 422
        assert "Your passkey could not be checked" in response.content.decode()
        assert not is_signed_in(client)

    def test_a_malformed_answer_when_adding_is_refused(self, client):
        client.force_login(UserFactory())
        client.get(reverse("accounts:passkey_add"))
        response = client.post(reverse("accounts:passkey_add"), {"credential": "{}"})
        assert response.status_code == 422
        assert "Your passkey could not be added" in response.content.decode()

    def test_removing_passkeys_asks_for_the_password(self, client, with_passkey):
        client.force_login(with_passkey)
        mark_second_factor_given(client)
        url = reverse("accounts:passkeys_remove")
        assert client.post(url, {"password": "not-my-password"}).status_code == 422
        assert with_passkey.passkeys.exists()
        assert client.post(url, {"password": TEST_PASSWORD}).status_code == 302
        assert not with_passkey.passkeys.exists()


class TestPasswordlessOverHttp:
    @pytest.mark.parametrize(
        "credential", ["", "{}", "not json", '{"rawId": "AQEBAQEBAQEBAQEBAQEBAQ", "response": {}}']
    )
    def test_a_malformed_answer_signs_nobody_in(self, client, credential):
        url = reverse("accounts:passkey_sign_in")
        assert client.get(url).status_code == 200
        response = client.post(url, {"credential": credential}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 422
        assert "Your passkey could not be checked" in response.content.decode()
        assert not is_signed_in(client)

    def test_an_answer_without_a_challenge_is_refused(self, client):
        response = client.post(reverse("accounts:passkey_sign_in"), {"credential": "{}"}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 422


class TestNoOtherWayIn:
    def test_the_django_admin_login_cannot_skip_the_second_step(self, client, person):
        # Given a superuser with an authenticator app
        person.is_staff = person.is_superuser = True
        person.save()

        # When they (or someone with their password) sign in through the Django admin's own login form
        client.post(reverse("admin:login"), {"username": person.email, "password": TEST_PASSWORD}, REMOTE_ADDR=ADDRESS)

        # Then they are not signed in: Attend's sign-in, with its second step, is the only way in
        assert not is_signed_in(client)
        assert client.get(reverse("admin:index")).status_code == 302

    def test_the_django_admin_login_sends_people_to_attends_sign_in(self, client):
        response = client.get(reverse("admin:login") + "?next=/admin/")
        assert response.status_code == 302
        assert response["Location"] == f"{SIGN_IN_URL}?next=/admin/"

    def test_someone_signed_in_without_the_admin_role_is_refused_not_looped(self, client):
        client.force_login(UserFactory())
        assert client.get(reverse("admin:login")).status_code == 403
