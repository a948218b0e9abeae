"""An organisation admin resets a person's lost second factor (`services.two_factor_reset_by_admin`, ADR 0028),
against the database. The attacks come first: each refusal leaves every factor, session and row as it was."""

import base64
import datetime
import hashlib
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from attend.accounts.models import AuthenticatorApp, Passkey, RecoveryCode, User
from attend.accounts.tests.factories import TEST_PASSWORD
from attend.accounts.tests.two_factor_support import TEST_TOTP_KEY, mark_second_factor_given, totp_device_for
from attend.accounts.two_factor import rule
from attend.accounts.two_factor.services import recovery_codes_replace, second_factor_check
from attend.core.models import AuditEvent
from attend.organisations import services
from attend.organisations.models import Membership, Role, TwoFactorRule
from attend.organisations.tests.factories import MembershipFactory, person_in

pytestmark = pytest.mark.django_db

CREDENTIAL_ID = b"\x8a\x11credential-id-of-the-passkey\x00\xff"
TODAY_URL = reverse("core:today")
SETUP_URL = reverse("accounts:totp_setup")
SIGN_IN_URL = reverse("accounts:sign_in")


def every_factor(user) -> dict:
    """An authenticator app, ten recovery codes (one used) and two passkeys; returns the secrets, to look for."""
    totp_device_for(user)
    codes = recovery_codes_replace(user=user)
    assert second_factor_check(user=user, code=codes[0]) == "recovery_code"
    for n in (1, 2):
        credential_id = CREDENTIAL_ID + bytes([n])
        Passkey.objects.create(
            user=user,
            credential_id=credential_id,
            credential_id_hash=hashlib.sha256(credential_id).hexdigest(),
            public_key=b"public-key-bytes",
        )
    return {"codes": codes, "credential_ids": [CREDENTIAL_ID + bytes([n]) for n in (1, 2)]}


def factor_rows(user) -> tuple[int, int, int]:
    return (
        AuthenticatorApp.objects.filter(user=user).count(),
        RecoveryCode.objects.filter(user=user).count(),
        Passkey.objects.filter(user=user).count(),
    )


def signed_in_elsewhere(user) -> Client:
    """The person's own browser, signed in with their second factor."""
    client = Client()
    client.force_login(user)
    mark_second_factor_given(client)
    assert client.get(TODAY_URL).status_code == 200
    return client


@pytest.fixture
def lost_phone(member):
    """Mo Member, who has set up every kind of factor."""
    every_factor(member.user)
    return member


def assert_refused(membership, by, message: str) -> None:
    user = membership.user
    rows, sessions_ended = factor_rows(user), User.objects.get(pk=user.pk).sessions_ended_count
    events = AuditEvent.objects.count()

    with pytest.raises(services.TwoFactorResetRefused, match=message):
        services.two_factor_reset_by_admin(membership=membership, by=by)

    assert factor_rows(user) == rows
    assert User.objects.get(pk=user.pk).sessions_ended_count == sessions_ended
    assert AuditEvent.objects.count() == events


class TestAttacks:
    """What an attacker (or a hurried admin) would try. Each refusal was seen failing with the rules taken out of
    `two_factor_reset_refusal`, and the last with a credential id written into the audit entry."""

    def test_an_admin_cannot_reset_a_person_who_is_also_in_another_organisation(
        self, lost_phone, org_admin, other_organisation, mailoutbox, django_capture_on_commit_callbacks
    ):
        # Given Mo is also active in another organisation, whose admins answer for the account too
        MembershipFactory(organisation=other_organisation, user=lost_phone.user)
        # When this organisation's admin resets Mo, then it is refused, naming who can, and nothing is sent
        with django_capture_on_commit_callbacks(execute=True):
            assert_refused(lost_phone, org_admin.user, "Only a person who looks after this Attend installation")
        assert mailoutbox == []

    def test_the_refusal_says_neither_which_nor_that_there_is_another_organisation(
        self, lost_phone, org_admin, other_organisation
    ):
        def refusal():
            factors = rule.second_factors_of(lost_phone.user)
            return services.two_factor_reset_refusal(membership=lost_phone, by=org_admin.user, factors=factors)

        MembershipFactory(organisation=other_organisation, user=lost_phone.user)
        elsewhere = refusal()
        lost_phone.user.memberships.filter(organisation=other_organisation).delete()
        lost_phone.user.is_superuser = True
        lost_phone.user.save()

        assert elsewhere == refusal()  # the same words as for someone who looks after the installation
        assert "another organisation" not in elsewhere and other_organisation.name not in elsewhere

    def test_a_place_in_another_organisation_that_has_ended_does_not_stop_the_reset(
        self, lost_phone, org_admin, other_organisation
    ):
        MembershipFactory(organisation=other_organisation, user=lost_phone.user, is_active=False)
        services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)
        assert factor_rows(lost_phone.user) == (0, 0, 0)

    @pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
    def test_an_admin_cannot_reset_a_superuser_or_staff(self, lost_phone, org_admin, flag):
        setattr(lost_phone.user, flag, True)
        lost_phone.user.save()
        assert_refused(lost_phone, org_admin.user, "looks after this Attend installation")

    def test_an_admin_cannot_reset_themselves_here(self, org_admin):
        every_factor(org_admin.user)
        assert_refused(org_admin, org_admin.user, "You cannot reset your own two-factor authentication here")

    @pytest.mark.parametrize("role", ["member", "leader", "facilitator"])
    def test_nobody_but_an_admin_of_the_organisation_can_reset(self, request, lost_phone, role):
        by = request.getfixturevalue(role).user
        assert_refused(lost_phone, by, "Only an admin of Northgate Community Care")

    def test_an_admin_of_another_organisation_cannot_reset(self, lost_phone, other_organisation):
        other_admin = person_in(other_organisation, role=Role.ADMIN).user
        assert_refused(lost_phone, other_admin, "Only an admin of Northgate Community Care")

    def test_an_admin_who_has_been_deactivated_cannot_reset(self, lost_phone, organisation, org_admin):
        person_in(organisation, role=Role.ADMIN)  # another admin keeps the organisation open
        Membership.objects.filter(pk=org_admin.pk).update(is_active=False)
        assert_refused(lost_phone, org_admin.user, "Only an admin of Northgate Community Care")

    def test_a_person_with_nothing_to_reset_is_refused(self, member, org_admin):
        assert_refused(member, org_admin.user, "Mo Member has no two-factor authentication to reset")

    def test_a_deactivated_person_is_refused(self, lost_phone, org_admin):
        Membership.objects.filter(pk=lost_phone.pk).update(is_active=False)
        lost_phone.refresh_from_db()
        assert_refused(lost_phone, org_admin.user, "Mo Member has been deactivated")

    def test_the_audit_entry_and_the_email_hold_no_secret_code_or_credential_id(
        self, member, org_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        user = member.user
        secrets = every_factor(user)
        hashes = list(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
        hashes += list(Passkey.objects.filter(user=user).values_list("credential_id_hash", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            services.two_factor_reset_by_admin(membership=member, by=org_admin.user)

        event = AuditEvent.objects.get(action=AuditEvent.Action.TWO_FACTOR_RESET_BY_ADMIN)
        [message] = mailoutbox
        written = " ".join([event.target_description, json.dumps(event.details), message.subject, message.body])
        forbidden = [TEST_TOTP_KEY, base64.b32encode(bytes.fromhex(TEST_TOTP_KEY)).decode(), *hashes]
        forbidden += every_code(secrets["codes"])
        for credential_id in secrets["credential_ids"]:
            forbidden += [credential_id.hex(), base64.urlsafe_b64encode(credential_id).decode().rstrip("=")]
        assert [secret for secret in forbidden if secret.lower() in written.lower()] == []


def every_code(codes: list[str]) -> list[str]:
    return [*codes, *(code.replace("-", "") for code in codes)]


class TestReset:
    @pytest.fixture(autouse=True)
    def clock(self):
        with time_machine.travel(datetime.datetime(2026, 3, 2, 14, 5, tzinfo=datetime.UTC), tick=False):
            yield

    def test_every_factor_is_removed_and_what_was_there_is_returned(self, lost_phone, org_admin):
        removed = services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)

        assert removed == rule.SecondFactors(authenticator_app=True, recovery_codes_left=9, passkeys=2)
        assert factor_rows(lost_phone.user) == (0, 0, 0)
        assert not rule.has_second_factor(lost_phone.user)

    def test_it_is_in_the_organisations_audit_log_naming_the_admin_the_person_and_the_factors(
        self, lost_phone, org_admin, organisation
    ):
        services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)

        [event] = organisation.audit_events.filter(action=AuditEvent.Action.TWO_FACTOR_RESET_BY_ADMIN)
        assert (event.actor, event.target_description) == (org_admin.user, "member@example.test")
        assert event.details == {"removed": {"authenticator_app": True, "recovery_codes_left": 9, "passkeys": 2}}

    def test_the_person_is_signed_out_everywhere(self, lost_phone, org_admin):
        phone, laptop = signed_in_elsewhere(lost_phone.user), signed_in_elsewhere(lost_phone.user)

        services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)

        for browser in (phone, laptop):
            response = browser.get(TODAY_URL)
            assert response.status_code == 302 and response["Location"].startswith(SIGN_IN_URL)
        assert not lost_phone.user.signed_in_sessions.exists()

    def test_the_admin_stays_signed_in(self, lost_phone, org_admin):
        admin = signed_in_elsewhere(org_admin.user)
        services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)
        assert admin.get(TODAY_URL).status_code == 200

    def test_at_their_next_sign_in_the_rule_has_them_set_up_a_factor_again(self, lost_phone, org_admin, organisation):
        organisation.two_factor_required_for = TwoFactorRule.EVERYONE
        organisation.save()
        services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)

        browser = Client()
        signed_in = browser.post(SIGN_IN_URL, {"email": lost_phone.user.email, "password": TEST_PASSWORD})

        # The password alone signs them in (there is no factor to ask for), and every page sends them to set one up
        assert signed_in.status_code == 302 and signed_in["Location"] == TODAY_URL
        assert browser.get(TODAY_URL)["Location"] == SETUP_URL
        assert browser.get(reverse("reflect:index"))["Location"] == SETUP_URL
        assert browser.get(SETUP_URL).status_code == 200

    def test_the_person_is_emailed_who_did_it_when_and_what_to_do(
        self, lost_phone, org_admin, organisation, mailoutbox, django_capture_on_commit_callbacks
    ):
        organisation.two_factor_required_for = TwoFactorRule.EVERYONE
        organisation.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)

        [message] = mailoutbox
        assert message.to == ["member@example.test"]
        assert message.subject == "Your Attend two-factor authentication has been reset"
        body = message.body
        # 14:05 UTC is 14:05 in London in March (GMT)
        assert "Ade Admin, an admin at Northgate Community Care, reset two-factor authentication" in body
        assert "on 2 March 2026 at 14:05" in body
        assert "This removed an authenticator app, 9 unused recovery codes and 2 passkeys from your account" in body
        assert "You will then be asked to set up two-factor authentication again" in body
        assert "If you did not ask for this" in body and "Tell Ade Admin or another admin" in body
        assert "/account/sign-in/" in body

    def test_the_time_in_the_email_is_the_persons_own(
        self, lost_phone, org_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        lost_phone.user.time_zone = "America/New_York"
        lost_phone.user.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)
        assert "on 2 March 2026 at 09:05" in mailoutbox[0].body

    def test_where_the_rule_does_not_cover_them_the_email_says_to_set_it_up_again(
        self, lost_phone, org_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)
        assert "Then set up two-factor authentication again from your account page" in mailoutbox[0].body

    def test_a_second_reset_finds_nothing_left(self, lost_phone, org_admin):
        services.two_factor_reset_by_admin(membership=lost_phone, by=org_admin.user)
        assert_refused(lost_phone, org_admin.user, "has no two-factor authentication to reset")

    def test_a_person_with_only_a_passkey_is_reset(self, member, org_admin):
        Passkey.objects.create(
            user=member.user, credential_id=b"only", credential_id_hash="1" * 64, public_key=b"public-key-bytes"
        )
        removed = services.two_factor_reset_by_admin(membership=member, by=org_admin.user)
        assert removed == rule.SecondFactors(passkeys=1)
        assert factor_rows(member.user) == (0, 0, 0)

    def test_another_admin_of_the_organisation_can_be_reset(self, organisation, org_admin):
        second_admin = person_in(organisation, role=Role.ADMIN)
        totp_device_for(second_admin.user)
        services.two_factor_reset_by_admin(membership=second_admin, by=org_admin.user)
        assert factor_rows(second_admin.user) == (0, 0, 0)
