"""A superuser resets a lost second factor from the Django admin (`second_factors_reset`, docs/adr/0028): for the
people an organisation's admin may not reset, superusers and people in more than one organisation. An
organisation admin's reset, and its refusals, are in attend/organisations/tests/test_two_factor_reset.py."""

import pytest
from django.urls import reverse

from attend.accounts.models import AuthenticatorApp, Passkey, RecoveryCode
from attend.accounts.tests.factories import UserFactory
from attend.accounts.tests.two_factor_support import force_login_with_second_factor, totp_device_for
from attend.accounts.two_factor.services import recovery_codes_replace
from attend.core.models import AuditEvent
from attend.organisations.models import Role
from attend.organisations.tests.factories import MembershipFactory, person_in

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


def reset_in_the_admin(client, *users, follow=True):
    return client.post(
        CHANGELIST,
        {"action": "two_factor_reset", "_selected_action": [str(user.pk) for user in users]},
        follow=follow,
    )


@pytest.fixture
def superuser(client):
    user = UserFactory(is_superuser=True, is_staff=True, name="Sam Super")
    force_login_with_second_factor(client, user)
    return user


@pytest.fixture
def in_two_organisations(organisation, other_organisation):
    """A person in two organisations, with an app, recovery codes and a passkey: no organisation admin may reset
    them alone."""
    membership = person_in(organisation, role=Role.MEMBER, name="Pat Shared")
    MembershipFactory(organisation=other_organisation, user=membership.user)
    totp_device_for(membership.user)
    recovery_codes_replace(user=membership.user)
    Passkey.objects.create(user=membership.user, credential_id=b"id", credential_id_hash="2" * 64, public_key=b"k")
    return membership.user


def test_a_superuser_resets_a_person_in_two_organisations_and_both_logs_record_it(
    client, superuser, in_two_organisations, organisation, other_organisation, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = reset_in_the_admin(client, in_two_organisations)

    assert "Two-factor authentication reset for 1 person." in response.content.decode()
    user = in_two_organisations
    assert not AuthenticatorApp.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists() and not Passkey.objects.filter(user=user).exists()
    for place in (organisation, other_organisation):
        [event] = place.audit_events.filter(action=AuditEvent.Action.TWO_FACTOR_RESET_BY_ADMIN)
        assert (event.actor, event.target_description) == (superuser, user.email)
    [message] = mailoutbox
    assert "Sam Super, who looks after Attend, reset two-factor authentication" in message.body
    assert "Tell Sam Super or your organisation's Attend admin today" in message.body


def test_a_superuser_with_no_organisation_is_reset_in_the_installations_log(client, superuser):
    other_superuser = UserFactory(is_superuser=True, is_staff=True)
    totp_device_for(other_superuser)

    reset_in_the_admin(client, other_superuser)

    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_RESET_BY_ADMIN)
    assert event.organisation is None and not AuthenticatorApp.objects.filter(user=other_superuser).exists()


def test_people_with_nothing_to_reset_are_left_alone(client, superuser):
    nobody = UserFactory()

    response = reset_in_the_admin(client, nobody)

    assert "Two-factor authentication reset for 0 people." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_RESET_BY_ADMIN).exists()
    nobody.refresh_from_db()
    assert nobody.sessions_ended_count == 0


def test_a_superuser_never_resets_their_own_here(client, superuser):
    """Their own is changed on their account page: here it would sign them out and remove what let them in."""
    totp_device_for(superuser)

    response = reset_in_the_admin(client, superuser)

    assert "Two-factor authentication reset for 0 people." in response.content.decode()
    assert AuthenticatorApp.objects.filter(user=superuser).exists()


def test_an_organisation_admin_cannot_use_the_django_admin_action(client, in_two_organisations, organisation):
    admin = person_in(organisation, role=Role.ADMIN).user
    force_login_with_second_factor(client, admin)

    response = reset_in_the_admin(client, in_two_organisations, follow=False)

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert AuthenticatorApp.objects.filter(user=in_two_organisations).exists()
