"""The person page's single sign-on row and the page that forgets a person's single sign-on account
(`views.people.person_sso_forget`), through the role clients. The attacks come first; the rules themselves are
the service's (test_sso_forget.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from attend.accounts.models import User
from attend.core.models import AuditEvent
from attend.core.tests.pages import error_messages, main_heading, page
from attend.organisations.tests.factories import MembershipFactory, person_in
from attend.organisations.tests.test_sso_forget import (
    OLD_SUB,
    bindings,
    signed_in_elsewhere,
    signs_in,
    single_sign_on_of,
)

pytestmark = pytest.mark.django_db

FORGET_LINK_TEXT = "Forget single sign-on account"  # "Forget", and the rest for screen readers


def forget_url(membership) -> str:
    return reverse("organisations:person_sso_forget", args=[membership.pk])


def person_url(membership) -> str:
    return reverse("organisations:person", args=[membership.pk])


@pytest.fixture
def northgate_sso(organisation):
    return single_sign_on_of(organisation)


@pytest.fixture
def bound(member, northgate_sso):
    assert signs_in(northgate_sso, member.user, OLD_SUB) == member.user
    return member


def nothing_changed(membership, count: int = 1) -> bool:
    user = User.objects.get(pk=membership.user_id)
    return (
        len(bindings(user)) == count
        and user.sessions_ended_count == 0
        and not AuditEvent.objects.filter(action=AuditEvent.Action.SINGLE_SIGN_ON_FORGOTTEN).exists()
    )


class TestAttacks:
    """The cross-organisation and role attacks were seen failing with the view's scoped lookup and role check taken
    out (the service still refused them, so nothing changed, but with a 200 or 422 where a 404 or 403 is due)."""

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_an_admin_cannot_reach_a_person_of_another_organisation(self, org_admin_client, other_organisation, method):
        # Stella is bound at her own organisation's provider, and at Northgate's provider's address too
        stranger = person_in(other_organisation, name="Stella Stranger", email="stella@example.test")
        assert signs_in(single_sign_on_of(other_organisation), stranger.user, "stella-sub") == stranger.user

        response = getattr(org_admin_client, method)(forget_url(stranger))

        assert response.status_code == 404
        assert nothing_changed(stranger)

    def test_a_person_also_in_another_organisation_is_refused_on_the_page(
        self, org_admin_client, bound, other_organisation, mailoutbox
    ):
        MembershipFactory(organisation=other_organisation, user=bound.user)

        response = org_admin_client.post(forget_url(bound))

        assert response.status_code == 422
        [message] = error_messages(response)
        assert "superuser" in message and "another organisation" not in message
        assert other_organisation.name not in response.content.decode()
        assert not page(response).one("main").select("button")  # nothing to press again
        assert nothing_changed(bound) and mailoutbox == []

    @pytest.mark.parametrize("role", ["member", "leader", "other_leader", "facilitator"])
    def test_nobody_but_an_admin_can_open_or_post_the_form(self, request, bound, role):
        client = request.getfixturevalue(f"{role}_client")
        for method in ("get", "post"):
            assert getattr(client, method)(forget_url(bound)).status_code == 403
        assert nothing_changed(bound)

    def test_someone_signed_out_is_sent_to_sign_in(self, bound):
        response = Client().post(forget_url(bound))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in"))
        assert nothing_changed(bound)

    def test_a_post_without_the_csrf_token_is_refused(self, org_admin, bound):
        client = Client(enforce_csrf_checks=True)
        client.force_login(org_admin.user)

        response = client.post(forget_url(bound))

        assert response.status_code == 403
        assert nothing_changed(bound)

    def test_a_superuser_is_refused_on_the_page_and_never_offered_the_button(self, org_admin_client, bound):
        User.objects.filter(pk=bound.user_id).update(is_superuser=True, is_staff=True)

        shown = org_admin_client.get(forget_url(bound))
        posted = org_admin_client.post(forget_url(bound))

        assert shown.status_code == 200 and not page(shown).one("main").select("form")
        assert main_heading(shown) == "You cannot forget the single sign-on account of Mo Member"
        assert posted.status_code == 422
        assert "looks after this Attend installation" in error_messages(posted)[0]
        assert nothing_changed(bound)

    def test_a_get_never_changes_anything(self, org_admin_client, bound):
        phone = signed_in_elsewhere(bound.user)

        response = org_admin_client.get(forget_url(bound))

        assert response.status_code == 200
        assert nothing_changed(bound)
        assert phone.get(reverse("core:today")).status_code == 200

    def test_the_admin_is_not_offered_their_own_and_is_refused_if_they_try(
        self, org_admin_client, org_admin, northgate_sso
    ):
        assert signs_in(northgate_sso, org_admin.user, "admin-sub") == org_admin.user

        own_page = org_admin_client.get(person_url(org_admin))
        posted = org_admin_client.post(forget_url(org_admin))

        assert forget_url(org_admin) not in own_page.content.decode()
        assert posted.status_code == 422
        assert error_messages(posted) == [
            "You cannot forget your own single sign-on account. Ask another admin of Northgate Community Care to do it"
        ]
        assert nothing_changed(org_admin)

    def test_the_providers_subject_is_never_shown(self, org_admin_client, bound):
        for url in (person_url(bound), forget_url(bound)):
            assert OLD_SUB not in org_admin_client.get(url).content.decode()


def single_sign_on_row(response):
    rows = [r for r in page(response).select(cls="nhsuk-summary-list__row") if "Single sign-on" in r.text]
    return rows[0] if rows else None


class TestPersonPage:
    def test_the_admin_sees_the_binding_and_a_link_to_forget_it(self, org_admin_client, bound):
        row = single_sign_on_row(org_admin_client.get(person_url(bound)))

        assert row.one(cls="nhsuk-summary-list__value").text.startswith("Linked to their account at Microsoft Entra ID")
        link = row.one("a")
        assert link.get("href") == forget_url(bound)
        assert link.text == FORGET_LINK_TEXT

    def test_someone_not_linked_yet_is_shown_so_with_no_link(self, org_admin_client, member, northgate_sso):
        response = org_admin_client.get(person_url(member))

        row = single_sign_on_row(response)
        assert row.one(cls="nhsuk-summary-list__value").text == "Not linked yet: their next single sign-on links it"
        assert forget_url(member) not in response.content.decode()

    def test_an_organisation_without_single_sign_on_has_no_row(self, org_admin_client, member):
        assert single_sign_on_row(org_admin_client.get(person_url(member))) is None

    def test_a_deactivated_person_has_no_link(self, org_admin_client, bound):
        bound.is_active = False
        bound.save()
        assert forget_url(bound) not in org_admin_client.get(person_url(bound)).content.decode()


class TestForget:
    def test_the_page_says_what_will_happen(self, org_admin_client, bound):
        response = org_admin_client.get(forget_url(bound))

        assert main_heading(response) == "Forget the single sign-on account of Mo Member?"
        body = page(response).one("main").text
        assert "Check it is really them" in body
        assert "whichever account at Microsoft Entra ID signs in with member@example.test" in body
        assert "sign them out of Attend on every device" in body
        assert page(response).one("main").one("button").text == FORGET_LINK_TEXT

    def test_forgetting_shows_the_message_and_the_audit_log_line(
        self, org_admin_client, bound, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            followed = org_admin_client.post(forget_url(bound), follow=True)

        assert followed.redirect_chain == [(person_url(bound), 302)]
        assert "Mo Member's single sign-on account has been forgotten. We have emailed them" in (
            page(followed).one("main").text
        )
        assert single_sign_on_row(followed).one(cls="nhsuk-summary-list__value").text.startswith("Not linked yet")
        assert bindings(bound.user) == []
        assert [message.to for message in mailoutbox] == [["member@example.test"]]
        log = page(org_admin_client.get(reverse("organisations:audit_log"))).one("table").text
        assert (
            "Who Ade Admin What Single sign-on account forgotten: Microsoft Entra ID About member@example.test"
        ) in log

    def test_a_second_forget_is_refused_with_a_message(self, org_admin_client, bound):
        org_admin_client.post(forget_url(bound))

        again = org_admin_client.post(forget_url(bound))

        assert again.status_code == 422
        assert error_messages(again) == [
            "Mo Member has not signed in to Attend with Northgate Community Care's single sign-on, so there is "
            "nothing to forget"
        ]
