"""Consent between organisations (issue 14), on the two demo organisations.

The attacks: Northfield's admin invites or imports Riverside's leader. The answer, the page and the email must be
the same as for an address no one uses, and Riverside's leader must hold no place and no role in Northfield
until they accept, signed in as themselves. Declining leaves nothing behind.
"""

import contextlib
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from attend.accounts.models import User
from attend.accounts.tests.two_factor_support import force_login_with_second_factor
from attend.demo import organisations as demo
from attend.organisations.models import Invitation, Membership, Organisation
from attend.organisations.tests.support import INVITATION_LINK, same_for_every_address

pytestmark = pytest.mark.django_db

RIVERSIDE_LEADER = "leader@riverside.example"
NOBODY = "nobody.yet@riverside.example"  # an address with no account anywhere


class _Undo(Exception):
    pass


@pytest.fixture
def northfield(db):
    demo.load()
    return Organisation.objects.get(slug="northfield")


@pytest.fixture
def admin_client(northfield):
    client = Client()
    force_login_with_second_factor(client, User.objects.get(email="admin@northfield.example"))
    return client


def signed_in(email: str) -> Client:
    client = Client()
    force_login_with_second_factor(client, User.objects.get(email=email))
    return client


def what_the_admin_sees(client, django_capture_on_commit_callbacks, send) -> tuple[str, list[str]]:
    """Run `send` (one invite or import), follow the answer, and undo everything: the page and the emails sent."""
    mail.outbox.clear()
    with contextlib.suppress(_Undo), transaction.atomic():
        with django_capture_on_commit_callbacks(execute=True):
            response = send()
        page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
        answer = (response.status_code, page)
        emails = [f"{m.subject}\n{m.to}\n{m.body}" for m in mail.outbox]
        raise _Undo
    return answer, emails


def invite(client, email: str):
    def send():
        return client.post(
            reverse("organisations:person_invite"),
            {
                "name": "Pat Merriman",
                "email": email,
                "team": "",
                "team_role": "member",
                "organisation_roles": ["admin"],
            },
        )

    return send


def import_file(client, email: str):
    def send():
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = f"name,email,team,role\nPat Merriman,{email},District Nursing North,organisation admin\n".encode()
        upload = SimpleUploadedFile("people.csv", data, content_type="text/csv")
        return client.post(reverse("organisations:people_import"), {"file": upload})

    return send


@pytest.mark.parametrize("send", [invite, import_file], ids=["invite", "import"])
def test_a_riverside_address_gets_exactly_the_answer_and_email_an_unknown_address_gets(
    admin_client, django_capture_on_commit_callbacks, send
):
    known, known_emails = what_the_admin_sees(
        admin_client, django_capture_on_commit_callbacks, send(admin_client, RIVERSIDE_LEADER)
    )
    unknown, unknown_emails = what_the_admin_sees(
        admin_client, django_capture_on_commit_callbacks, send(admin_client, NOBODY)
    )

    assert known[0] == unknown[0] == 302
    assert same_for_every_address(known[1], RIVERSIDE_LEADER) == same_for_every_address(unknown[1], NOBODY)
    assert [same_for_every_address(e, RIVERSIDE_LEADER) for e in known_emails] == [
        same_for_every_address(e, NOBODY) for e in unknown_emails
    ]
    assert len(known_emails) == 1
    assert "Riverside Care Homes" not in known[1]
    assert "already has an account" not in known[1]


@pytest.mark.parametrize("send", [invite, import_file], ids=["invite", "import"])
def test_inviting_or_importing_a_riverside_person_grants_nothing_until_they_accept(
    northfield, admin_client, django_capture_on_commit_callbacks, send
):
    with django_capture_on_commit_callbacks(execute=True):
        send(admin_client, RIVERSIDE_LEADER)()

    pat = User.objects.get(email=RIVERSIDE_LEADER)
    assert not Membership.objects.filter(organisation=northfield, user=pat).exists()
    assert not northfield.memberships.filter(user__email=RIVERSIDE_LEADER).exists()
    # And Northfield's People page does not show them
    people = admin_client.get(reverse("organisations:people"), {"q": "Merriman"}).content.decode()
    assert "No one matches" in people


def test_accepting_signed_in_as_themselves_needs_no_new_password_and_grants_the_offer(
    northfield, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(admin_client, RIVERSIDE_LEADER)()
    pat = signed_in(RIVERSIDE_LEADER)
    password_before = User.objects.get(email=RIVERSIDE_LEADER).password

    today = pat.get(reverse("core:today")).content.decode()
    assert "Invitations for you" in today
    invitation = Invitation.objects.get(email=RIVERSIDE_LEADER)
    listed = pat.get(reverse("organisations:my_invitations")).content.decode()
    assert "join Northfield Community Health" in listed
    response = pat.post(reverse("organisations:invitation_answer", args=[invitation.pk]), {"answer": "accept"})

    assert response.status_code == 302
    membership = northfield.memberships.get(user__email=RIVERSIDE_LEADER)
    assert membership.is_active and membership.is_admin
    assert [place.team.name for place in membership.team_memberships.all()] == ["District Nursing North"]
    assert User.objects.get(email=RIVERSIDE_LEADER).password == password_before


def test_declining_leaves_no_membership_and_the_admin_sees_only_declined(
    northfield, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, RIVERSIDE_LEADER)()
    invitation = Invitation.objects.get(email=RIVERSIDE_LEADER)

    signed_in(RIVERSIDE_LEADER).post(
        reverse("organisations:invitation_answer", args=[invitation.pk]), {"answer": "decline"}
    )

    assert not northfield.memberships.filter(user__email=RIVERSIDE_LEADER).exists()
    invited = admin_client.get(reverse("organisations:invited")).content.decode()
    assert "Declined" in invited
    assert "Riverside" not in invited


def test_no_one_else_can_accept_an_invitation_for_someone(northfield, admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, RIVERSIDE_LEADER)()
    invitation = Invitation.objects.get(email=RIVERSIDE_LEADER)

    for email in ("kit.bramall@riverside.example", "member@northfield.example"):
        response = signed_in(email).post(
            reverse("organisations:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
        )
        assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SENT
    assert not northfield.memberships.filter(user__email=RIVERSIDE_LEADER).exists()


def test_the_link_asks_an_existing_account_to_sign_in_and_never_sets_a_password(
    northfield, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, RIVERSIDE_LEADER)()
    [token] = INVITATION_LINK.findall(mail.outbox[-1].body)
    link = reverse("organisations:invitation_accept", args=[token])
    password_before = User.objects.get(email=RIVERSIDE_LEADER).password

    # Someone holding the link but not signed in as Pat cannot accept by choosing a password
    response = Client().post(
        link,
        {"answer": "accept", "name": "Mallory", "new_password1": "x-9-long-pass", "new_password2": "x-9-long-pass"},
    )
    assert response.status_code == 200
    assert "Sign in to accept" in response.content.decode()
    assert User.objects.get(email=RIVERSIDE_LEADER).password == password_before
    assert not northfield.memberships.filter(user__email=RIVERSIDE_LEADER).exists()

    # Signed in as Pat, the link accepts
    response = signed_in(RIVERSIDE_LEADER).post(link, {"answer": "accept"})
    assert response.status_code == 302
    assert northfield.memberships.get(user__email=RIVERSIDE_LEADER).is_admin


def test_a_new_address_creates_its_account_from_the_link_and_joins(
    northfield, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, NOBODY)()
    assert not User.objects.filter(email=NOBODY).exists()
    [token] = INVITATION_LINK.findall(mail.outbox[-1].body)
    client = Client()

    response = client.post(
        reverse("organisations:invitation_accept", args=[token]),
        {
            "answer": "accept",
            "name": "Nobody Yet",
            "new_password1": "violet-meadow-kettle-42",
            "new_password2": "violet-meadow-kettle-42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email=NOBODY)
    assert user.name == "Nobody Yet" and user.check_password("violet-meadow-kettle-42")
    assert northfield.memberships.get(user=user).is_admin
    assert client.get(reverse("core:today")).status_code == 200


def test_declining_from_the_link_needs_no_account(northfield, admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, NOBODY)()
    [token] = INVITATION_LINK.findall(mail.outbox[-1].body)

    response = Client().post(reverse("organisations:invitation_accept", args=[token]), {"answer": "decline"})

    assert response.status_code == 302
    assert Invitation.objects.get(email=NOBODY).status == Invitation.Status.DECLINED
    assert not User.objects.filter(email=NOBODY).exists()


def test_one_address_the_mail_server_refuses_does_not_stop_the_others(northfield, monkeypatch):
    from attend.organisations import invitations, services
    from attend.organisations.tasks import invitation_emails_send

    admin = User.objects.get(email="admin@northfield.example")
    sent = [
        services.person_invite(
            organisation=northfield,
            name=name,
            email=email,
            roles=set(),
            team=None,
            by=admin,
            base_url="https://a.example",
        )
        for name, email in (("Ann Refused", "refused@elsewhere.example"), ("Bo Fine", "fine@elsewhere.example"))
    ]
    real = invitations.invitation_email_deliver

    def refusing(*, invitation, link):
        if invitation.email == "refused@elsewhere.example":
            raise smtplib.SMTPRecipientsRefused({invitation.email: (550, b"No such mailbox")})
        return real(invitation=invitation, link=link)

    monkeypatch.setattr(invitations, "invitation_email_deliver", refusing)
    mail.outbox.clear()

    invitation_emails_send.call([str(invitation.pk) for invitation in sent], "https://a.example")

    assert [message.to for message in mail.outbox] == [["fine@elsewhere.example"]]
