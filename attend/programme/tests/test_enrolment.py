"""Enrolment by invitation (issue 16), on the two demo organisations.

The attacks: Northfield's facilitator adds Riverside's leader to a Northfield cohort. The answer, the page and the
email must be the same as for an address no one uses; nothing of Pat's (name, organisation) may show, and Pat
takes no place, until Pat accepts, signed in as themselves. Declining leaves nothing shared.
"""

import contextlib
import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attend.accounts.models import User
from attend.accounts.tests.two_factor_support import force_login_with_second_factor
from attend.demo import organisations as demo
from attend.organisations import services as organisations_services
from attend.organisations.models import Invitation, Organisation
from attend.organisations.tests.support import INVITATION_LINK, same_for_every_address
from attend.programme import services
from attend.programme.models import Cohort

pytestmark = pytest.mark.django_db

PAT = "leader@riverside.example"
NOBODY = "nobody.yet@riverside.example"
BASE_URL = "https://attend.example/"


class _Undo(Exception):
    pass


@pytest.fixture
def cohort(db) -> Cohort:
    demo.load()
    northfield = Organisation.objects.get(slug="northfield")
    facilitator = User.objects.get(email="facilitator@northfield.example")
    programme = services.programme_create(organisation=northfield, by=facilitator, title="Compassionate leadership")
    today = timezone.localdate()
    return services.cohort_create(
        programme=programme,
        by=facilitator,
        name="Spring cohort",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
    )


@pytest.fixture
def facilitator_client(cohort):
    return signed_in("facilitator@northfield.example")


def signed_in(email: str) -> Client:
    client = Client()
    force_login_with_second_factor(client, User.objects.get(email=email))
    return client


def people_url(cohort) -> str:
    return reverse("programme:participants", args=[cohort.pk])


def what_the_facilitator_sees(client, cohort, capture, email) -> tuple[str, list[str]]:
    mail.outbox.clear()
    with contextlib.suppress(_Undo), transaction.atomic():
        with capture(execute=True):
            response = client.post(people_url(cohort), {"addresses": email})
        assert response.status_code == 302
        seen = same_for_every_address(client.get(response["Location"]).content.decode(), email)
        emails = [same_for_every_address(f"{m.subject}\n{m.to}\n{m.body}", email) for m in mail.outbox]
        raise _Undo
    return seen, emails


def invite(client, cohort, capture, *addresses):
    with capture(execute=True):
        return client.post(people_url(cohort), {"addresses": "\n".join(addresses)})


def test_a_riverside_address_gets_exactly_the_answer_and_email_an_unknown_address_gets(
    cohort, facilitator_client, django_capture_on_commit_callbacks
):
    known = what_the_facilitator_sees(facilitator_client, cohort, django_capture_on_commit_callbacks, PAT)
    unknown = what_the_facilitator_sees(facilitator_client, cohort, django_capture_on_commit_callbacks, NOBODY)

    assert known == unknown
    page, emails = known
    assert "1 invitation is on its way" in page
    assert "Pat Merriman" not in page and "Riverside Care Homes" not in page
    assert len(emails) == 1


def test_nothing_of_theirs_is_shown_and_no_place_exists_until_they_accept(
    cohort, facilitator_client, django_capture_on_commit_callbacks
):
    invite(facilitator_client, cohort, django_capture_on_commit_callbacks, PAT)

    assert not cohort.participants.exists()
    page = facilitator_client.get(people_url(cohort)).content.decode()
    assert PAT in page and "Invited" in page
    assert "Pat Merriman" not in page and "Riverside Care Homes" not in page
    # And the cohort is not Pat's to open
    assert signed_in(PAT).get(reverse("programme:cohort", args=[cohort.pk])).status_code == 404

    # When Pat accepts, signed in as themselves, from their invitations
    pat = signed_in(PAT)
    assert "Invitations for you" in pat.get(reverse("core:today")).content.decode()
    invitation = Invitation.objects.get(email=PAT)
    response = pat.post(reverse("organisations:invitation_answer", args=[invitation.pk]), {"answer": "accept"})

    # Then Pat takes part from Riverside, and the facilitator sees who joined
    assert response.status_code == 302 and response["Location"] == reverse("programme:cohort", args=[cohort.pk])
    place = cohort.participants.get(user__email=PAT)
    assert place.organisation.name == "Riverside Care Homes"
    page = facilitator_client.get(people_url(cohort)).content.decode()
    assert "Pat Merriman" in page and "Riverside Care Homes" in page
    assert not Organisation.objects.get(slug="northfield").memberships.filter(user__email=PAT).exists()


def test_declining_leaves_nothing_shared(cohort, facilitator_client, django_capture_on_commit_callbacks):
    invite(facilitator_client, cohort, django_capture_on_commit_callbacks, PAT)
    [token] = INVITATION_LINK.findall(mail.outbox[-1].body)

    # Declining from the link needs no account and no sign-in
    response = Client().post(reverse("organisations:invitation_accept", args=[token]), {"answer": "decline"})

    assert response.status_code == 302
    assert not cohort.participants.exists()
    page = facilitator_client.get(people_url(cohort)).content.decode()
    assert "Declined" in page
    assert "Pat Merriman" not in page and "Riverside Care Homes" not in page
    assert not User.objects.get(email=PAT).notifications.exists()


def test_someone_else_cannot_accept_a_cohort_invitation(cohort, facilitator_client, django_capture_on_commit_callbacks):
    invite(facilitator_client, cohort, django_capture_on_commit_callbacks, PAT)
    invitation = Invitation.objects.get(email=PAT)

    response = signed_in("kit.bramall@riverside.example").post(
        reverse("organisations:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )

    assert response.status_code == 404
    assert not cohort.participants.exists()


def test_a_pasted_list_with_one_bad_line_invites_no_one_and_names_the_line(
    cohort, facilitator_client, django_capture_on_commit_callbacks
):
    response = invite(
        facilitator_client, cohort, django_capture_on_commit_callbacks, PAT, "a@example.test, b@example.test", "oops"
    )

    assert response.status_code == 422
    assert "Line 3: &#34;oops&#34; is not a valid email address" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_csv_file_invites_everyone_in_one_task(cohort, facilitator_client, django_capture_on_commit_callbacks):
    data = b"name,email\nPat,leader@riverside.example\nAnn,ann@example.test\nBo,bo@example.test\n"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = facilitator_client.post(
            people_url(cohort), {"file": SimpleUploadedFile("people.csv", data, content_type="text/csv")}
        )

    assert response.status_code == 302
    assert len(callbacks) == 1  # one task for every email, after commit, none sent inside the request
    assert mail.outbox == []
    callbacks[0]()
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.test", "bo@example.test", PAT]


def test_a_csv_file_with_a_bad_line_names_it(cohort, facilitator_client):
    data = b"email\nann@example.test\nnot-an-address\n"
    response = facilitator_client.post(
        people_url(cohort), {"file": SimpleUploadedFile("people.csv", data, content_type="text/csv")}
    )

    assert response.status_code == 422
    assert "Line 3: &#34;not-an-address&#34; is not a valid email address" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_full_cohort_keeps_a_waiting_list_and_invites_the_next_when_a_place_frees(
    cohort, facilitator_client, django_capture_on_commit_callbacks
):
    facilitator_client.post(reverse("programme:cohort_capacity", args=[cohort.pk]), {"places": "2"})
    response = invite(
        facilitator_client, cohort, django_capture_on_commit_callbacks, "a@example.test", PAT, "c@example.test"
    )

    page = facilitator_client.get(response["Location"]).content.decode()
    assert "2 invitations are on their way. 1 person is on the waiting list" in page
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.test", PAT]
    assert Invitation.objects.get(email="c@example.test").status == Invitation.Status.WAITING

    # When Pat declines, the next on the list is invited (not moved in: they have not said yes)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(PAT).post(
            reverse("organisations:invitation_answer", args=[Invitation.objects.get(email=PAT).pk]),
            {"answer": "decline"},
        )

    assert Invitation.objects.get(email="c@example.test").status == Invitation.Status.SENT
    assert mail.outbox[-1].to == ["c@example.test"]
    assert not cohort.participants.exists()


def test_an_invitation_that_runs_out_frees_its_place_on_the_clock(cohort, django_capture_on_commit_callbacks):
    facilitator = User.objects.get(email="facilitator@northfield.example")
    services.cohort_capacity_set(cohort=cohort, by=facilitator, capacity=1, base_url=BASE_URL)
    with django_capture_on_commit_callbacks(execute=True):
        services.cohort_people_invite(cohort=cohort, by=facilitator, emails=[PAT, NOBODY], base_url=BASE_URL)
    assert services.cohort_places_job(now=timezone.now()).startswith("Programme: 0 invitations")

    Invitation.objects.filter(email=PAT).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        said = services.cohort_places_job(now=timezone.now())

    assert said == "Programme: 1 invitation sent from waiting lists."
    assert Invitation.objects.get(email=NOBODY).is_usable
    assert mail.outbox[-1].to == [NOBODY]


def test_an_invitation_accepted_after_the_results_are_final_gives_no_place(
    cohort, facilitator_client, django_capture_on_commit_callbacks
):
    from attend.programme.models import QuestionnaireAssignment

    invite(facilitator_client, cohort, django_capture_on_commit_callbacks, PAT)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    QuestionnaireAssignment.objects.create(cohort=cohort, point="end", opens_on=yesterday, closes_on=yesterday)

    response = signed_in(PAT).post(
        reverse("organisations:invitation_answer", args=[Invitation.objects.get(email=PAT).pk]), {"answer": "accept"}
    )

    assert response.status_code == 302
    assert not cohort.participants.exists()
    assert Invitation.objects.get(email=PAT).status == Invitation.Status.SENT


def test_places_must_be_a_number_and_the_page_says_so(cohort, facilitator_client):
    response = facilitator_client.post(reverse("programme:cohort_capacity", args=[cohort.pk]), {"places": "lots"})

    assert response.status_code == 422
    assert "Enter a number of places from 1 to 500" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity is None


def test_an_address_with_no_account_accepts_from_the_link_and_takes_part_from_the_cohorts_organisation(
    cohort, facilitator_client, django_capture_on_commit_callbacks
):
    invite(facilitator_client, cohort, django_capture_on_commit_callbacks, NOBODY)
    [token] = INVITATION_LINK.findall(mail.outbox[-1].body)

    response = Client().post(
        reverse("organisations:invitation_accept", args=[token]),
        {
            "answer": "accept",
            "name": "Nobody Yet",
            "new_password1": "violet-meadow-kettle-42",
            "new_password2": "violet-meadow-kettle-42",
        },
    )

    assert response.status_code == 302
    place = cohort.participants.get(user__email=NOBODY)
    assert place.organisation == cohort.programme.organisation
    membership = cohort.programme.organisation.memberships.get(user__email=NOBODY)
    assert membership.roles == set()  # in the organisation that runs the cohort, with no role


def test_someone_an_admin_removed_comes_back_through_a_cohort_with_no_role(
    cohort, facilitator_client, django_capture_on_commit_callbacks
):
    # Given the demo leader, who leads a team, removed from Northfield by its admin
    northfield = Organisation.objects.get(slug="northfield")
    leader = northfield.memberships.get(user__email="leader@northfield.example")
    assert leader.team_memberships.filter(role="leader").exists()
    organisations_services.membership_deactivate(
        membership=leader, by=User.objects.get(email="admin@northfield.example")
    )

    # When a facilitator invites them to a cohort and they accept from the link, making a new password
    invite(facilitator_client, cohort, django_capture_on_commit_callbacks, "leader@northfield.example")
    [email] = [m for m in mail.outbox if m.to == ["leader@northfield.example"]]
    link = INVITATION_LINK.search(email.body).group(0)
    response = Client().post(
        link,
        {
            "answer": "accept",
            "name": "Lee Leader",
            "new_password1": "quiet-harbour-lantern-77",
            "new_password2": "quiet-harbour-lantern-77",
        },
    )

    # Then they take part in the cohort, but hold none of the roles or team places the admin took away
    assert response.status_code == 302
    assert cohort.participants.filter(user__email="leader@northfield.example").exists()
    leader.refresh_from_db()
    assert leader.is_active
    assert not leader.is_admin and not leader.is_facilitator
    assert not leader.team_memberships.exists()
