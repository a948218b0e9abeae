import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from attend.organisations.models import Organisation, Role

pytestmark = pytest.mark.django_db


def test_a_new_organisation_gets_its_first_admin_by_invitation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "organisation_create",
            "Hillside Hospice",
            admin_email="Chief@Hillside.example",
            admin_name="Chris Chief",
            site_url="https://attend.example",
        )

    organisation = Organisation.objects.get(name="Hillside Hospice")
    membership = organisation.memberships.get()
    assert membership.user.email == "chief@hillside.example"
    assert Role.ADMIN in membership.roles
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert re.search(r"https://attend\.example/organisation/invitation/[\w-]+/", mail.outbox[0].body)


def test_two_organisations_with_the_same_name_get_different_slugs():
    for email in ("a@one.example", "b@two.example"):
        call_command(
            "organisation_create",
            "Same Name Trust",
            admin_email=email,
            admin_name="A Person",
            site_url="https://attend.example",
        )
    assert sorted(Organisation.objects.values_list("slug", flat=True)) == ["same-name-trust", "same-name-trust-2"]


def test_a_bad_email_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError, match="valid email"):
        call_command(
            "organisation_create",
            "Hillside Hospice",
            admin_email="not-an-email",
            admin_name="Chris",
            site_url="https://attend.example",
        )
    assert not Organisation.objects.exists()
