"""Forgetting a person's single sign-on binding, on the accounts side (docs/adr/0027): which bindings are an
organisation's provider's, how a provider is named to people, and a superuser removing a binding in the Django
admin (for the people an organisation admin may not: superusers, people in more than one organisation), which
now does what an admin's "Forget single sign-on account" does. The organisation admin's page and its refusals are
in attend/organisations/tests/test_sso_forget*.py."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from attend.accounts.models import User
from attend.accounts.sso import rules, selectors
from attend.accounts.sso.models import SingleSignOnIdentity
from attend.accounts.tests.factories import UserFactory
from attend.accounts.tests.sso_support import configure
from attend.accounts.tests.two_factor_support import force_login_with_second_factor
from attend.core.models import AuditEvent
from attend.organisations.models import Role
from attend.organisations.tests.factories import MembershipFactory, person_in
from attend.tests.oidc import provider as oidc

ISSUER = "https://login.example/tenant"
SUB = "a-distinctive-provider-subject-4711"


@pytest.mark.parametrize(
    ("issuer", "name"),
    [
        ("https://login.microsoftonline.com/4f1c2a9e/v2.0", "Microsoft Entra ID"),
        ("https://sts.windows.net/4f1c2a9e/", "Microsoft Entra ID"),
        (
            "https://am.nhsidentity.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare",
            "NHS CIS2",
        ),
        ("https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root", "NHS CIS2"),
        ("https://sso.northfield.example/realms/staff", "sso.northfield.example"),
        ("http://127.0.0.1:9400", "127.0.0.1"),
        ("not an address", "not an address"),
    ],
)
def test_a_provider_is_named_as_people_know_it_or_by_its_host(issuer, name):
    assert rules.provider_name(issuer) == name


@pytest.mark.parametrize(
    ("configured", "kept", "same"),
    [
        ("https://login.example/tenant", "https://login.example/tenant", True),
        ("https://login.example/tenant/", "https://login.example/tenant", True),
        ("https://login.example/tenant/.well-known/openid-configuration", "https://login.example/tenant", True),
        ("https://login.example/tenant", "https://login.example/other-tenant", False),
        ("https://login.example/tenant", "https://login.example.evil/tenant", False),
    ],
)
def test_a_binding_is_the_configured_providers_whatever_its_trailing_slash(configured, kept, same):
    assert (rules.issuer_key(configured) == rules.issuer_key(kept)) is same


@pytest.mark.django_db
def test_a_persons_bindings_at_an_organisations_provider_are_its_issuer_and_client_only(organisation):
    configuration = configure(organisation, oidc.Provider(issuer=ISSUER + "/", private_key="", process=None))
    person, colleague = UserFactory(), UserFactory()
    ours = SingleSignOnIdentity.objects.create(user=person, issuer=ISSUER, client_id=oidc.SECRET_CLIENT, subject="1")
    SingleSignOnIdentity.objects.create(user=person, issuer=ISSUER, client_id="another-client", subject="2")
    SingleSignOnIdentity.objects.create(
        user=person, issuer="https://other.example", client_id=oidc.SECRET_CLIENT, subject="4"
    )
    SingleSignOnIdentity.objects.create(user=colleague, issuer=ISSUER, client_id=oidc.SECRET_CLIENT, subject="3")

    assert selectors.identities_at(configuration, person) == [ours]
    assert selectors.identities_at(None, person) == []


@pytest.mark.django_db
class TestTheDjangoAdmin:
    """A superuser removes a binding in "Single sign-on identities": the row's delete page or the list's
    "Delete selected" action. Either now audits, signs the person out everywhere and emails them."""

    @pytest.fixture
    def superuser(self, client):
        user = UserFactory(is_superuser=True, is_staff=True, name="Sam Super")
        force_login_with_second_factor(client, user)
        return user

    @pytest.fixture
    def in_two_organisations(self, organisation, other_organisation):
        """Pat, in two organisations that share one registration at the provider: no admin may forget alone."""
        membership = person_in(organisation, role=Role.MEMBER, name="Pat Shared", email="pat@example.test")
        MembershipFactory(organisation=other_organisation, user=membership.user)
        provider = oidc.Provider(issuer=ISSUER, private_key="", process=None)
        for place in (organisation, other_organisation):
            configure(place, provider, allowed_domains=["example.test"])
        return SingleSignOnIdentity.objects.create(
            user=membership.user, issuer=ISSUER, client_id=oidc.SECRET_CLIENT, subject=SUB
        )

    def test_deleting_a_binding_audits_in_each_organisation_using_it_signs_out_and_emails(
        self, client, superuser, in_two_organisations, organisation, other_organisation, mailoutbox,
        django_capture_on_commit_callbacks,
    ):  # fmt: skip
        person = in_two_organisations.user
        elsewhere = Client()
        elsewhere.force_login(person)
        delete = reverse("admin:accounts_singlesignonidentity_delete", args=[in_two_organisations.pk])

        with django_capture_on_commit_callbacks(execute=True):
            client.post(delete, {"post": "yes"})

        assert not SingleSignOnIdentity.objects.filter(user=person).exists()
        for place in (organisation, other_organisation):
            [event] = place.audit_events.filter(action=AuditEvent.Action.SINGLE_SIGN_ON_FORGOTTEN)
            assert (event.actor, event.target_description, event.details) == (
                superuser,
                "pat@example.test",
                {"provider": "login.example"},
            )
        assert elsewhere.get(reverse("core:today")).status_code == 302
        [message] = mailoutbox
        assert "Sam Super, who looks after Attend, made Attend forget" in message.body
        assert "Tell Sam Super or your organisation's Attend admin today" in message.body
        written = " ".join([message.body, *(json.dumps(e.details) for e in AuditEvent.objects.all())])
        assert SUB not in written

    def test_the_lists_delete_selected_action_does_the_same_for_each(self, client, superuser, organisation):
        people = [person_in(organisation, role=Role.MEMBER).user for _ in range(2)]
        rows = [
            SingleSignOnIdentity.objects.create(user=person, issuer=ISSUER, client_id="c", subject=f"s{n}")
            for n, person in enumerate(people)
        ]

        client.post(
            reverse("admin:accounts_singlesignonidentity_changelist"),
            {"action": "delete_selected", "_selected_action": [str(row.pk) for row in rows], "post": "yes"},
        )

        assert not SingleSignOnIdentity.objects.exists()
        # No organisation's provider is that issuer and client: the installation's own log records it
        events = AuditEvent.objects.filter(action=AuditEvent.Action.SINGLE_SIGN_ON_FORGOTTEN)
        assert sorted(e.target_description for e in events) == sorted(p.email for p in people)
        assert {e.organisation for e in events} == {None}
        ended = User.objects.filter(pk__in=[person.pk for person in people]).values_list("sessions_ended_count")
        assert sorted(ended) == [(1,), (1,)]

    def test_an_organisation_admin_cannot_use_the_django_admin(self, client, in_two_organisations, organisation):
        admin = person_in(organisation, role=Role.ADMIN).user
        force_login_with_second_factor(client, admin)
        delete = reverse("admin:accounts_singlesignonidentity_delete", args=[in_two_organisations.pk])

        response = client.post(delete, {"post": "yes"})

        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
        assert SingleSignOnIdentity.objects.filter(pk=in_two_organisations.pk).exists()
