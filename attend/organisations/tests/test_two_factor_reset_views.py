"""The person page's two-factor row and the reset page (`views.people.person_two_factor_reset`), through the role
clients. The attacks come first; the rules themselves are the service's (test_two_factor_reset.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from attend.accounts.models import User
from attend.accounts.tests.two_factor_support import totp_device_for
from attend.core.models import AuditEvent
from attend.core.tests.pages import error_messages, main_heading, page
from attend.organisations.tests.factories import MembershipFactory, person_in
from attend.organisations.tests.test_two_factor_reset import every_factor, factor_rows, signed_in_elsewhere

pytestmark = pytest.mark.django_db

ALL_FACTORS = (1, 10, 2)  # an app, ten recovery codes (one used) and two passkeys


def reset_url(membership) -> str:
    return reverse("organisations:person_two_factor_reset", args=[membership.pk])


def person_url(membership) -> str:
    return reverse("organisations:person", args=[membership.pk])


@pytest.fixture
def lost_phone(member):
    every_factor(member.user)
    return member


def nothing_changed(membership) -> bool:
    user = User.objects.get(pk=membership.user_id)
    return (
        factor_rows(user) == ALL_FACTORS
        and user.sessions_ended_count == 0
        and not AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_RESET_BY_ADMIN).exists()
    )


class TestAttacks:
    """The cross-organisation and role attacks were seen failing with the view's scoped lookup and role check taken
    out (the service still refused them, so nothing changed, but with a 200 or 422 where a 404 or 403 is due)."""

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_an_admin_cannot_reach_a_person_of_another_organisation(self, org_admin_client, other_organisation, method):
        stranger = person_in(other_organisation, name="Stella Stranger")
        every_factor(stranger.user)

        response = getattr(org_admin_client, method)(reset_url(stranger))

        assert response.status_code == 404
        assert nothing_changed(stranger)

    def test_a_person_also_in_another_organisation_is_refused_on_the_page(
        self, org_admin_client, lost_phone, other_organisation, mailoutbox
    ):
        MembershipFactory(organisation=other_organisation, user=lost_phone.user)

        response = org_admin_client.post(reset_url(lost_phone))

        assert response.status_code == 422
        [message] = error_messages(response)
        assert "superuser" in message and "another organisation" not in message
        assert other_organisation.name not in response.content.decode()
        assert not page(response).one("main").select("button")  # nothing to press again
        assert nothing_changed(lost_phone) and mailoutbox == []

    @pytest.mark.parametrize("role", ["member", "leader", "other_leader", "facilitator"])
    def test_nobody_but_an_admin_can_post_the_form(self, request, lost_phone, role):
        client = request.getfixturevalue(f"{role}_client")
        for method in ("get", "post"):
            assert getattr(client, method)(reset_url(lost_phone)).status_code == 403
        assert nothing_changed(lost_phone)

    def test_someone_signed_out_is_sent_to_sign_in(self, lost_phone):
        response = Client().post(reset_url(lost_phone))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in"))
        assert nothing_changed(lost_phone)

    def test_a_post_without_the_csrf_token_is_refused(self, org_admin, lost_phone):
        client = Client(enforce_csrf_checks=True)
        client.force_login(org_admin.user)

        response = client.post(reset_url(lost_phone))

        assert response.status_code == 403
        assert nothing_changed(lost_phone)

    def test_a_superuser_is_refused_on_the_page_and_never_offered(self, org_admin_client, lost_phone):
        User.objects.filter(pk=lost_phone.user_id).update(is_superuser=True, is_staff=True)

        shown = org_admin_client.get(reset_url(lost_phone))
        posted = org_admin_client.post(reset_url(lost_phone))

        assert shown.status_code == 200 and not page(shown).one("main").select("form")
        assert main_heading(shown) == "You cannot reset two-factor authentication for Mo Member"
        assert posted.status_code == 422
        assert "looks after this Attend installation" in error_messages(posted)[0]
        assert nothing_changed(lost_phone)

    def test_a_get_never_changes_anything(self, org_admin_client, lost_phone):
        phone = signed_in_elsewhere(lost_phone.user)

        response = org_admin_client.get(reset_url(lost_phone))

        assert response.status_code == 200
        assert nothing_changed(lost_phone)
        assert phone.get(reverse("core:today")).status_code == 200

    def test_the_admin_is_not_offered_a_reset_of_themselves_and_is_refused_if_they_try(
        self, org_admin_client, org_admin
    ):
        every_factor(org_admin.user)

        own_page = org_admin_client.get(person_url(org_admin))
        posted = org_admin_client.post(reset_url(org_admin))

        assert reset_url(org_admin) not in own_page.content.decode()
        assert posted.status_code == 422
        assert error_messages(posted) == [
            "You cannot reset your own two-factor authentication here. Change it from Your account"
        ]
        assert nothing_changed(org_admin)


class TestPersonPage:
    def test_the_admin_sees_the_persons_factors_and_a_link_to_reset_them(self, org_admin_client, lost_phone):
        response = org_admin_client.get(person_url(lost_phone))

        row = [r for r in page(response).select(cls="nhsuk-summary-list__row") if "Two-factor" in r.text][0]
        assert row.one(cls="nhsuk-summary-list__value").text == "Authenticator app 9 recovery codes left 2 passkeys"
        link = row.one("a")
        assert link.get("href") == reset_url(lost_phone)
        assert link.text == "Reset two-factor authentication"  # "Reset", and the rest for screen readers

    def test_someone_who_has_lost_every_code_is_shown_so(self, org_admin_client, member):
        totp_device_for(member.user)
        response = org_admin_client.get(person_url(member))
        assert "Authenticator app No recovery codes left" in page(response).one("main").text

    def test_someone_with_nothing_set_up_has_no_reset_link(self, org_admin_client, member):
        response = org_admin_client.get(person_url(member))
        assert "Two-factor authentication Not set up" in page(response).one("main").text
        assert reset_url(member) not in response.content.decode()


class TestReset:
    def test_the_page_says_what_will_happen(self, org_admin_client, lost_phone):
        response = org_admin_client.get(reset_url(lost_phone))

        assert main_heading(response) == "Reset two-factor authentication for Mo Member?"
        body = page(response).one("main").text
        assert "Check it is really them" in body
        assert "remove an authenticator app, 9 unused recovery codes and 2 passkeys from their account" in body
        assert "sign them out of Attend on every device" in body
        assert "Northgate Community Care does not ask them for two-factor authentication" in body

    def test_resetting_shows_the_message_and_the_audit_log_line(
        self, org_admin_client, lost_phone, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            followed = org_admin_client.post(reset_url(lost_phone), follow=True)

        assert followed.redirect_chain == [(person_url(lost_phone), 302)]
        assert "Two-factor authentication has been reset for Mo Member. We have emailed them" in (
            page(followed).one("main").text
        )
        assert "Two-factor authentication Not set up" in page(followed).one("main").text
        assert factor_rows(lost_phone.user) == (0, 0, 0)
        assert [message.to for message in mailoutbox] == [["member@example.test"]]
        log = page(org_admin_client.get(reverse("organisations:audit_log"))).one("table").text
        assert (
            "Who Ade Admin What Two-factor authentication reset: removed an authenticator app, 9 unused recovery "
            "codes and 2 passkeys About member@example.test"
        ) in log

    def test_a_second_reset_is_refused_with_a_message(self, org_admin_client, lost_phone):
        org_admin_client.post(reset_url(lost_phone))

        again = org_admin_client.post(reset_url(lost_phone))

        assert again.status_code == 422
        assert error_messages(again) == ["Mo Member has no two-factor authentication to reset"]
