"""An organisation admin forgets a person's single sign-on account (`services.single_sign_on_forget_by_admin`,
docs/adr/0027): the binding of their Attend account to one person (`sub`) at the organisation's provider, kept at
their first single sign-on, so their next single sign-on binds again. Against the database. The attacks come
first: each refusal leaves every binding, session and row as it was."""

import datetime
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from attend.accounts.models import User
from attend.accounts.sso import services as sso_services
from attend.accounts.sso.models import SingleSignOnIdentity
from attend.accounts.sso.rules import Refusal
from attend.accounts.tests.sso_support import configure
from attend.accounts.tests.two_factor_support import mark_second_factor_given
from attend.core.models import AuditEvent
from attend.organisations import services
from attend.organisations.models import Membership, Role
from attend.organisations.tests.factories import MembershipFactory, person_in
from attend.tests.oidc import provider as oidc

pytestmark = pytest.mark.django_db

ISSUER = "https://login.microsoftonline.com/4f1c2a9e-tenant/v2.0"
# The provider's identifier for Mo's old work account: distinctive, so a test can look for it anywhere.
OLD_SUB = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ"
NEW_SUB = "BBBBBBBBBBBBBBBBBBBBBJx0pQmT4s2nKd8e1LwZyUc"
TODAY_URL = reverse("core:today")
SIGN_IN_URL = reverse("accounts:sign_in")


def provider(issuer: str = ISSUER) -> oidc.Provider:
    """A provider Attend never calls: these tests match people as if its tokens had been checked."""
    return oidc.Provider(issuer=issuer, private_key="", process=None)


def single_sign_on_of(organisation, *, issuer: str = ISSUER, client_id: str = oidc.SECRET_CLIENT):
    return configure(organisation, provider(issuer), client_id=client_id, allowed_domains=["example.test"])


def signs_in(configuration, user, sub: str):
    """The provider vouched for `user`'s email as its person `sub`: the account, or the Refusal."""
    claims = {"iss": configuration.issuer, "sub": sub, "email": user.email, "email_verified": True}
    try:
        return sso_services.sso_person_match(configuration=configuration, userinfo=claims)
    except Refusal as refusal:
        return refusal


@pytest.fixture
def northgate_sso(organisation):
    return single_sign_on_of(organisation)


@pytest.fixture
def bound(member, northgate_sso):
    """Mo Member, who has signed in once through Northgate's provider as OLD_SUB."""
    assert signs_in(northgate_sso, member.user, OLD_SUB) == member.user
    return member


def bindings(user) -> list[tuple[str, str, str]]:
    return sorted(SingleSignOnIdentity.objects.filter(user=user).values_list("issuer", "client_id", "subject"))


def signed_in_elsewhere(user) -> Client:
    client = Client()
    client.force_login(user)
    mark_second_factor_given(client)
    assert client.get(TODAY_URL).status_code == 200
    return client


def assert_refused(membership, by, message: str) -> None:
    user = membership.user
    before, sessions_ended = bindings(user), User.objects.get(pk=user.pk).sessions_ended_count
    events = AuditEvent.objects.count()

    with pytest.raises(services.SingleSignOnForgetRefused, match=message):
        services.single_sign_on_forget_by_admin(membership=membership, by=by)

    assert bindings(user) == before
    assert User.objects.get(pk=user.pk).sessions_ended_count == sessions_ended
    assert AuditEvent.objects.count() == events


class TestAttacks:
    """What an attacker (or a hurried admin) would try. Written before the defence; each refusal was then seen
    failing with its rule taken out of `person_account_reset_refusal`, and the last with the `sub` written into
    the audit entry."""

    def test_an_admin_cannot_forget_a_person_who_is_also_in_another_organisation(
        self, bound, org_admin, other_organisation, mailoutbox, django_capture_on_commit_callbacks
    ):
        # Given Mo is also active in another organisation, whose admins answer for the account too
        MembershipFactory(organisation=other_organisation, user=bound.user)
        # When this organisation's admin forgets Mo's single sign-on account, it is refused and nothing is sent
        with django_capture_on_commit_callbacks(execute=True):
            assert_refused(bound, org_admin.user, "Only a person who looks after this Attend installation")
        assert mailoutbox == []

    def test_the_refusal_says_neither_which_nor_that_there_is_another_organisation(
        self, bound, org_admin, other_organisation
    ):
        MembershipFactory(organisation=other_organisation, user=bound.user)
        with pytest.raises(services.SingleSignOnForgetRefused) as refused:
            services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)
        assert "another organisation" not in str(refused.value) and other_organisation.name not in str(refused.value)
        assert "superuser" in str(refused.value)

    def test_a_place_in_another_organisation_that_has_ended_does_not_stop_it(
        self, bound, org_admin, other_organisation
    ):
        MembershipFactory(organisation=other_organisation, user=bound.user, is_active=False)
        services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)
        assert bindings(bound.user) == []

    @pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
    def test_an_admin_cannot_forget_a_superuser_or_staff(self, bound, org_admin, flag):
        User.objects.filter(pk=bound.user_id).update(**{flag: True})
        bound.user.refresh_from_db()
        assert_refused(bound, org_admin.user, "looks after this Attend installation")

    def test_an_admin_cannot_forget_their_own(self, org_admin, northgate_sso):
        assert signs_in(northgate_sso, org_admin.user, OLD_SUB) == org_admin.user
        assert_refused(org_admin, org_admin.user, "You cannot forget your own single sign-on account")

    @pytest.mark.parametrize("role", ["member", "leader", "facilitator"])
    def test_nobody_but_an_admin_of_the_organisation_can_forget(self, request, bound, role):
        by = request.getfixturevalue(role).user  # the member is Mo themself
        assert_refused(bound, by, "Only an admin of Northgate Community Care")

    def test_an_admin_of_another_organisation_cannot_forget(self, bound, other_organisation):
        other_admin = person_in(other_organisation, role=Role.ADMIN).user
        assert_refused(bound, other_admin, "Only an admin of Northgate Community Care")

    def test_an_admin_who_has_been_deactivated_cannot_forget(self, bound, organisation, org_admin):
        person_in(organisation, role=Role.ADMIN)  # another admin keeps the organisation open
        Membership.objects.filter(pk=org_admin.pk).update(is_active=False)
        assert_refused(bound, org_admin.user, "Only an admin of Northgate Community Care")

    def test_a_deactivated_person_is_refused(self, bound, org_admin):
        Membership.objects.filter(pk=bound.pk).update(is_active=False)
        bound.refresh_from_db()
        assert_refused(bound, org_admin.user, "Mo Member has been deactivated")

    def test_a_person_who_never_signed_in_through_the_provider_is_refused(self, member, org_admin, northgate_sso):
        assert_refused(member, org_admin.user, "Mo Member has not signed in to Attend with Northgate Community Care")

    def test_an_organisation_without_single_sign_on_has_nothing_to_forget(self, member, org_admin, other_organisation):
        # Mo's binding is to another organisation's provider: nothing of Northgate's to forget
        theirs = single_sign_on_of(other_organisation, issuer="https://login.elsewhere.example")
        MembershipFactory(organisation=other_organisation, user=member.user)
        assert signs_in(theirs, member.user, OLD_SUB) == member.user
        Membership.objects.filter(organisation=other_organisation, user=member.user).update(is_active=False)
        assert_refused(member, org_admin.user, "Mo Member has not signed in to Attend with Northgate Community Care")

    def test_only_this_organisations_provider_and_client_binding_is_forgotten(
        self, bound, org_admin, organisation, other_organisation, northgate_sso
    ):
        # Given Mo is also bound at another provider, and at this provider through another client (another
        # organisation's registration, from a place there that has ended)
        other_provider = single_sign_on_of(other_organisation, issuer="https://login.elsewhere.example")
        MembershipFactory(organisation=other_organisation, user=bound.user)
        assert signs_in(other_provider, bound.user, "elsewhere-sub") == bound.user
        SingleSignOnIdentity.objects.create(user=bound.user, issuer=ISSUER, client_id="another-client", subject="x")
        Membership.objects.filter(organisation=other_organisation, user=bound.user).update(is_active=False)
        # And a colleague is bound at this organisation's provider
        colleague = person_in(organisation, role=Role.MEMBER, email="colleague@example.test").user
        assert signs_in(northgate_sso, colleague, "colleague-sub") == colleague

        services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)

        assert bindings(bound.user) == [
            ("https://login.elsewhere.example", oidc.SECRET_CLIENT, "elsewhere-sub"),
            (ISSUER, "another-client", "x"),
        ]
        assert bindings(colleague) == [(ISSUER, oidc.SECRET_CLIENT, "colleague-sub")]

    def test_the_audit_entry_and_the_email_never_hold_the_providers_subject(
        self, bound, org_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)

        event = AuditEvent.objects.get(action=AuditEvent.Action.SINGLE_SIGN_ON_FORGOTTEN)
        [message] = mailoutbox
        written = " ".join([event.target_description, json.dumps(event.details), message.subject, message.body])
        assert OLD_SUB.lower() not in written.lower()


class TestForget:
    @pytest.fixture(autouse=True)
    def clock(self):
        with time_machine.travel(datetime.datetime(2026, 3, 2, 14, 5, tzinfo=datetime.UTC), tick=False):
            yield

    def test_the_binding_is_removed_so_the_next_single_sign_on_binds_the_new_account(
        self, bound, org_admin, northgate_sso
    ):
        # Before: Mo's new account at the provider is refused
        assert signs_in(northgate_sso, bound.user, NEW_SUB).code == "subject_changed"

        forgotten = services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)

        assert forgotten == 1
        # After: the new account signs in and is bound; the old one is now refused
        assert signs_in(northgate_sso, bound.user, NEW_SUB) == bound.user
        assert bindings(bound.user) == [(ISSUER, oidc.SECRET_CLIENT, NEW_SUB)]
        assert signs_in(northgate_sso, bound.user, OLD_SUB).code == "subject_changed"

    def test_a_binding_kept_under_the_issuer_as_the_token_wrote_it_is_found(self, member, org_admin, organisation):
        # The settings say ".../v2.0/" with a slash; the provider's tokens say ".../v2.0"
        configuration = single_sign_on_of(organisation, issuer=ISSUER + "/")
        SingleSignOnIdentity.objects.create(
            user=member.user, issuer=ISSUER, client_id=configuration.client_id, subject=OLD_SUB
        )
        assert services.single_sign_on_forget_by_admin(membership=member, by=org_admin.user) == 1
        assert bindings(member.user) == []

    def test_it_is_in_the_organisations_audit_log_naming_the_admin_the_person_and_the_provider(
        self, bound, org_admin, organisation
    ):
        services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)

        [event] = organisation.audit_events.filter(action=AuditEvent.Action.SINGLE_SIGN_ON_FORGOTTEN)
        assert (event.actor, event.target_description) == (org_admin.user, "member@example.test")
        assert event.details == {"provider": "Microsoft Entra ID"}

    def test_the_person_is_signed_out_everywhere_and_the_admin_is_not(self, bound, org_admin):
        phone, laptop = signed_in_elsewhere(bound.user), signed_in_elsewhere(bound.user)
        admin = signed_in_elsewhere(org_admin.user)

        services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)

        for browser in (phone, laptop):
            response = browser.get(TODAY_URL)
            assert response.status_code == 302 and response["Location"].startswith(SIGN_IN_URL)
        assert not bound.user.signed_in_sessions.exists()
        assert admin.get(TODAY_URL).status_code == 200

    def test_the_person_is_emailed_who_did_it_when_and_what_happens_next(
        self, bound, org_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)

        [message] = mailoutbox
        assert message.to == ["member@example.test"]
        assert message.subject == "Your Attend account will be linked to your work account again"
        body = message.body
        assert "Ade Admin, an admin at Northgate Community Care, made Attend forget" in body
        assert "your account at Microsoft Entra ID" in body
        assert "on 2 March 2026 at 14:05" in body
        assert "You have been signed out of Attend on every device" in body
        assert "The next time you sign in with your organisation's account" in body
        assert "If you did not ask for this" in body and "Tell Ade Admin or another admin" in body
        assert "/account/sign-in/" in body

    def test_a_second_forget_finds_nothing_left(self, bound, org_admin):
        services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user)
        assert_refused(bound, org_admin.user, "has not signed in to Attend with Northgate Community Care")

    def test_another_admin_of_the_organisation_can_be_forgotten(self, organisation, org_admin, northgate_sso):
        second_admin = person_in(organisation, role=Role.ADMIN, email="second.admin@example.test")
        assert signs_in(northgate_sso, second_admin.user, OLD_SUB) == second_admin.user
        services.single_sign_on_forget_by_admin(membership=second_admin, by=org_admin.user)
        assert bindings(second_admin.user) == []

    def test_a_switched_off_single_sign_on_still_has_its_bindings_forgotten(self, bound, org_admin, northgate_sso):
        # Switched off for now, its bindings still count when it is switched back on
        northgate_sso.is_enabled = False
        northgate_sso.save()
        assert services.single_sign_on_forget_by_admin(membership=bound, by=org_admin.user) == 1


class TestTheSharedRefusalKeepsEachResetsOwnWords:
    def test_two_factor_and_single_sign_on_refusals_name_what_is_being_reset(self, bound, org_admin):
        two_factor = services.person_account_reset_refusal(
            membership=org_admin, by=org_admin.user, reset=services.TWO_FACTOR_RESET, anything=True
        )
        single_sign_on = services.person_account_reset_refusal(
            membership=org_admin, by=org_admin.user, reset=services.SINGLE_SIGN_ON_FORGET, anything=True
        )
        assert two_factor == "You cannot reset your own two-factor authentication here. Change it from Your account"
        assert single_sign_on == (
            "You cannot forget your own single sign-on account. Ask another admin of Northgate Community Care to do it"
        )
