import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from attend.organisations.management.commands import organisation_create as command
from attend.organisations.models import Invitation, Organisation, Role, hash_token

pytestmark = pytest.mark.django_db


def test_a_new_organisation_gets_its_first_admin_by_invitation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "organisation_create",
            "Hillside Hospice",
            not_nhs=True,
            admin_email="Chief@Hillside.example",
            admin_name="Chris Chief",
            site_url="https://attend.example",
        )

    organisation = Organisation.objects.get(name="Hillside Hospice")
    # The admin becomes the admin by accepting, like anyone invited: their address may have an account elsewhere.
    assert not organisation.memberships.exists()
    invitation = organisation.invitations.get()
    assert invitation.email == "chief@hillside.example"
    assert invitation.offer == {"roles": [Role.ADMIN], "places": {}}
    assert len(mail.outbox) == 1
    link = re.search(r"https://attend\.example(/organisation/invitation/[\w-]+/)", mail.outbox[0].body).group(1)
    accept(link)
    assert Role.ADMIN in organisation.memberships.get(user__email="chief@hillside.example").roles


@pytest.mark.parametrize(("flag", "is_nhs"), [("nhs", True), ("not_nhs", False)])
def test_the_organisation_says_whether_it_is_part_of_the_nhs(flag, is_nhs):
    out = io.StringIO()
    call_command(
        "organisation_create",
        "Hillside",
        admin_email="chief@hillside.example",
        admin_name="Chris Chief",
        site_url="https://attend.example",
        no_email=True,
        stdout=out,
        **{flag: True},
    )

    assert Organisation.objects.get().is_nhs is is_nhs
    assert ("not an NHS organisation" in out.getvalue()) is not is_nhs


@pytest.mark.parametrize("flags", [{}, {"nhs": True, "not_nhs": True}])
def test_the_nhs_choice_is_required_and_made_once(flags):
    with pytest.raises(CommandError, match="--nhs"):
        call_command(
            "organisation_create",
            "Hillside",
            admin_email="chief@hillside.example",
            admin_name="Chris Chief",
            site_url="https://attend.example",
            **flags,
        )
    assert not Organisation.objects.exists()


def test_two_organisations_with_the_same_name_get_different_slugs():
    for email in ("a@one.example", "b@two.example"):
        call_command(
            "organisation_create",
            "Same Name Trust",
            nhs=True,
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
            nhs=True,
            admin_email="not-an-email",
            admin_name="Chris",
            site_url="https://attend.example",
        )
    assert not Organisation.objects.exists()


def create(*, no_email=False) -> tuple[str, str]:
    """Run the command as a self-hoster would; returns (what it printed, what it wrote to stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "organisation_create",
        "Hillside Hospice",
        not_nhs=True,
        admin_email="chief@hillside.example",
        admin_name="Chris Chief",
        site_url="https://attend.example/",
        no_email=no_email,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def printed_link(output: str) -> str:
    [link] = re.findall(r"^https://attend\.example(/organisation/invitation/[\w-]+/)$", output, re.MULTILINE)
    return link


def accept(link: str):
    passphrase = "lantern-orchard-meadow-42"
    return Client().post(
        link, {"answer": "accept", "name": "Chris Chief", "new_password1": passphrase, "new_password2": passphrase}
    )


def test_the_command_prints_the_admins_link_which_opens_the_set_password_page_once(settings):
    settings.INVITATION_VALID_DAYS = 7
    output, _ = create()

    link = printed_link(output)
    assert "works for 7 days" in output
    assert Client().get(link).status_code == 200
    assert accept(link).status_code == 302
    assert Client().get(link).status_code == 404


def test_the_email_carries_the_printed_link_and_only_its_hash_is_stored():
    output, _ = create()

    link = printed_link(output)
    [message] = mail.outbox
    assert message.to == ["chief@hillside.example"]
    assert f"\nhttps://attend.example{link}\n".encode() in message.message().as_bytes()
    assert "emailed to chief@hillside.example" in output
    token = link.rstrip("/").rsplit("/", 1)[1]
    [invitation] = Invitation.objects.all()
    assert invitation.token_hash == hash_token(token)
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_no_email_prints_a_working_link_and_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output, _ = create(no_email=True)

    assert mail.outbox == []
    assert "No email was sent" in output
    assert Client().get(printed_link(output)).status_code == 200


def test_without_a_mail_server_the_link_is_still_printed_and_works(monkeypatch):
    def refused(**kwargs):
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(command, "invitation_email_deliver", refused)
    output, errors = create()

    assert "could not be sent (Connection refused)" in errors
    assert Client().get(printed_link(output)).status_code == 200
