"""Organisation pages, through the role clients: what each person sees, and what the server refuses."""

import html

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from attend.accounts.models import User
from attend.core.tests.pages import page
from attend.organisations import invitations, selectors, services
from attend.organisations.models import Invitation, Membership, PeopleImport, Role, Team, TeamMembership
from attend.organisations.selectors import CURRENT_ORGANISATION_SESSION_KEY
from attend.organisations.tests.factories import MembershipFactory, TeamFactory, person_in
from attend.organisations.tests.support import counts, invitation_tokens, people_csv


def text(response) -> str:
    return html.unescape(response.content.decode())


def csv_upload(*lines: str, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, people_csv(*lines), content_type="text/csv")


# Who may open the admin pages


@pytest.mark.parametrize("name", ["home", "people", "teams", "team_add", "person_invite", "people_import", "audit_log"])
def test_admin_pages_open_for_an_admin_and_refuse_everyone_else(name, org_admin_client, leader_client, member_client):
    url = reverse(f"organisations:{name}")

    assert org_admin_client.get(url).status_code == 200
    assert leader_client.get(url).status_code == 403
    assert member_client.get(url).status_code == 403
    signed_out = Client().get(url)
    assert signed_out.status_code == 302
    assert signed_out.url.startswith(reverse("accounts:sign_in"))


def test_an_admin_who_has_been_deactivated_is_refused(org_admin_client, org_admin):
    Membership.objects.filter(pk=org_admin.pk).update(is_active=False)

    assert org_admin_client.get(reverse("organisations:people")).status_code == 403


# Inviting a person


def test_an_invalid_invitation_answers_422_with_the_error_summary_and_field_errors(org_admin_client):
    before = counts()

    response = org_admin_client.post(
        reverse("organisations:person_invite"), {"name": "", "email": "not an email", "team": "", "team_role": "member"}
    )

    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page
    assert "Enter the person's name" in page
    assert "Enter an email address in the correct format, like name@example.nhs.uk" in page
    assert "Choose a team, or give the person an organisation role" in page
    assert "<title>Error: Invite a person – Attend</title>" in page
    assert counts() == before
    assert mail.outbox == []


def test_an_email_too_long_for_an_account_is_refused_by_the_invitation_form(org_admin_client, team):
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"

    response = org_admin_client.post(
        reverse("organisations:person_invite"),
        {"name": "Long Address", "email": email, "team": str(team.pk), "team_role": "member"},
    )

    assert response.status_code == 422
    assert "The email address must be 254 characters or fewer" in text(response)
    assert not User.objects.filter(name="Long Address").exists()


def test_a_team_from_another_organisation_is_not_a_choice(org_admin_client, other_team):
    response = org_admin_client.post(
        reverse("organisations:person_invite"),
        {"name": "Nia New", "email": "nia@example.test", "team": str(other_team.pk), "team_role": "leader"},
    )

    assert response.status_code == 422
    assert not User.objects.filter(email="nia@example.test").exists()


def test_a_valid_invitation_redirects_to_the_invited_list_and_sends_the_email(
    org_admin_client, organisation, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(
            reverse("organisations:person_invite"),
            {
                "name": "Nia New",
                "email": "nia@example.test",
                "team": str(team.pk),
                "team_role": "leader",
                "organisation_roles": ["facilitator"],
            },
        )

    invitation = organisation.invitations.get(email="nia@example.test")
    assert response.status_code == 302
    assert response.url == reverse("organisations:invited")
    assert invitation.offer == {"roles": [Role.FACILITATOR], "places": {str(team.pk): Role.LEADER}}
    assert not organisation.memberships.filter(user__email="nia@example.test").exists()
    assert [message.to for message in mail.outbox] == [["nia@example.test"]]
    assert len(invitation_tokens()) == 1
    assert "http://testserver/organisation/invitation/" in mail.outbox[0].body
    invited_page = text(org_admin_client.get(response.url))
    assert "We have sent an invitation to nia@example.test" in invited_page
    assert "Facilitator, Ward 7 (leader)" in invited_page


def test_inviting_someone_already_here_points_to_their_page(org_admin_client, member):
    response = org_admin_client.post(
        reverse("organisations:person_invite"),
        {
            "name": "M",
            "email": member.user.email.upper(),
            "team": "",
            "team_role": "member",
            "organisation_roles": ["facilitator"],
        },
    )

    assert response.status_code == 422
    assert "This person is already in" in text(response)


def test_an_admin_can_send_an_unanswered_invitation_again_but_not_another_organisations(
    org_admin_client, organisation, other_organisation, django_capture_on_commit_callbacks
):
    from attend.organisations.invitations import ToOffer, invitations_offer
    from attend.organisations.models import Invitation

    def offered(org):
        [result] = invitations_offer(
            organisation=org,
            kind=Invitation.Kind.ORGANISATION,
            target_id=org.pk,
            people=[ToOffer(email="ivy@example.test")],
            by=None,
            base_url="http://testserver/",
            queue_emails=False,
        )
        return result.invitation

    ours, theirs = offered(organisation), offered(other_organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(reverse("organisations:invitation_resend", args=[ours.pk]))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["ivy@example.test"]]
    response = org_admin_client.post(reverse("organisations:invitation_resend", args=[theirs.pk]))
    assert response.status_code == 404


# Importing people from a CSV file


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_line(org_admin_client):
    before = counts()

    response = org_admin_client.post(
        reverse("organisations:people_import"),
        {
            "file": csv_upload(
                "Amara Okafor,amara@example.nhs.uk,Community Nursing,leader,",
                "Ben Fletcher,not-an-email,Community Nursing,team member,",
            )
        },
    )

    assert response.status_code == 422
    page = text(response)
    assert "Nothing was imported" in page
    assert "Fix this problem in your file, then upload it again." in page
    assert 'Line 3: "not-an-email" is not a valid email address' in page
    assert counts() == before
    assert mail.outbox == []


def test_a_good_file_is_queued_and_its_progress_page_shows_the_counts(
    org_admin_client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = org_admin_client.post(
            reverse("organisations:people_import"),
            {
                "file": csv_upload(
                    "Amara Okafor,amara@example.nhs.uk,Community Nursing,leader,",
                    "Ben Fletcher,ben@example.nhs.uk,Community Nursing,team member,",
                )
            },
        )

    [people_import] = PeopleImport.objects.all()
    assert response.status_code == 302
    assert response.url == reverse("organisations:people_import_progress", args=[people_import.pk])
    assert len(queued) == 1  # one task, once the request's writes are committed
    waiting = org_admin_client.get(response.url)
    assert "Importing 2 people…" in text(waiting)
    assert 'aria-live="polite"' in text(waiting)
    assert not organisation.invitations.exists()  # nothing of the file is written yet
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the worker runs the task, which queues the emails

    assert len(mail.outbox) == 2
    assert organisation.invitations.filter(email__in=["amara@example.nhs.uk", "ben@example.nhs.uk"]).count() == 2
    done = text(org_admin_client.get(response.url))
    assert "Read 2 people and added 1 team. 2 invitations are on their way." in done
    assert "hx-get" not in done  # finished: the page stops asking
    assert reverse("organisations:invited") in done


def test_the_progress_fragment_keeps_the_live_region_for_htmx(org_admin_client, org_admin):
    started = services.people_import_start(
        organisation=org_admin.organisation,
        data=people_csv("Amara Okafor,amara@example.nhs.uk,Community Nursing,leader,"),
        by=org_admin.user,
        base_url="https://attend.example/",
    )
    url = reverse("organisations:people_import_progress", args=[started.people_import.pk])

    fragment = text(org_admin_client.get(url, headers={"HX-Request": "true"}))

    assert 'hx-swap-oob="innerHTML"' in fragment
    assert "Importing 1 person…" in fragment
    assert "<html" not in fragment
    assert f'hx-get="{url}"' in fragment


def test_a_failed_import_says_so_and_offers_the_upload_again(org_admin_client, org_admin):
    started = services.people_import_start(
        organisation=org_admin.organisation,
        data=people_csv("Amara Okafor,amara@example.nhs.uk,Community Nursing,leader,"),
        by=org_admin.user,
        base_url="https://attend.example/",
    )
    services.people_import_task_failed(args=[str(started.people_import.pk)], kwargs={}, reason="time")

    page = text(org_admin_client.get(reverse("organisations:people_import_progress", args=[started.people_import.pk])))

    assert "Nothing was imported" in page
    assert "took longer than Attend allows" in page
    assert reverse("organisations:people_import") in page
    assert "hx-get" not in page


@pytest.fixture
def someone_elses_import(org_admin):
    started = services.people_import_start(
        organisation=org_admin.organisation,
        data=people_csv("Amara Okafor,amara@example.nhs.uk,Community Nursing,leader,"),
        by=org_admin.user,
        base_url="https://attend.example/",
    )
    return reverse("organisations:people_import_progress", args=[started.people_import.pk])


def test_another_organisations_admin_cannot_see_an_import(someone_elses_import, other_organisation):
    """Attack: the import's page names how many people an organisation is adding and what it did; an admin of
    another organisation who has its address gets the same 404 as for an import that is not there."""
    other_admin = person_in(other_organisation, role=Role.ADMIN)
    client = Client()
    client.force_login(other_admin.user)

    response = client.get(someone_elses_import)

    assert response.status_code == 404
    assert "Importing" not in text(response)


@pytest.mark.parametrize("who", ["member", "leader", "facilitator", "former_admin"])
def test_nobody_but_the_organisations_admins_sees_an_import(
    someone_elses_import, organisation, member, leader, facilitator, who
):
    """Attack: the organisation's own people who are not its admins (or no longer are) get 404."""
    if who == "former_admin":
        person = person_in(organisation, role=Role.ADMIN)
        person.is_active = False
        person.save()
    else:
        person = {"member": member, "leader": leader, "facilitator": facilitator}[who]
    client = Client()
    client.force_login(person.user)

    assert client.get(someone_elses_import).status_code == 404


def test_another_admin_of_the_same_organisation_sees_an_import(someone_elses_import, organisation):
    client = Client()
    client.force_login(person_in(organisation, role=Role.ADMIN).user)

    assert client.get(someone_elses_import).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a CSV file to upload"),
        (
            {"file": SimpleUploadedFile("people.xlsx", b"PK\x03\x04binary", content_type="application/vnd.ms-excel")},
            "The file must be a CSV file",
        ),
    ],
    ids=["missing file", "not a CSV file"],
)
def test_a_missing_or_wrong_file_is_a_field_error(org_admin_client, data, message):
    before = counts()

    response = org_admin_client.post(reverse("organisations:people_import"), data)

    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert counts() == before


def test_a_file_that_is_not_utf8_gives_the_csv_utf8_message(org_admin_client):
    upload = SimpleUploadedFile("people.csv", "name,email,team,role\nZoë,z@example.test,Ward,member\n".encode("cp1252"))

    response = org_admin_client.post(reverse("organisations:people_import"), {"file": upload})

    assert response.status_code == 422
    assert 'save it as "CSV UTF-8"' in text(response)


# The people list


def test_people_can_be_searched_by_name_or_email(org_admin_client, organisation):
    person_in(organisation, name="Priya Patel", email="p.patel@example.test")
    person_in(organisation, name="Sam Jones", email="sam.j@example.test")
    person_in(organisation, name="Tom Other", email="priya.fan@example.test")
    url = reverse("organisations:people")

    by_name = text(org_admin_client.get(url, {"q": "  patel "}))
    by_email = text(org_admin_client.get(url, {"q": "PRIYA"}))
    nobody = text(org_admin_client.get(url, {"q": "zzz"}))

    assert "Priya Patel" in by_name and "Sam Jones" not in by_name and "Tom Other" not in by_name
    assert "Tom Other" in by_email and "Sam Jones" not in by_email
    assert "No one matches “zzz”." in nobody


def test_the_people_list_shows_only_this_organisation(org_admin_client, other_leader):
    page = text(org_admin_client.get(reverse("organisations:people")))

    assert "Ade Admin" in page
    assert "Oli Other" not in page


def test_the_people_list_paginates(org_admin_client, organisation):
    for n in range(55):
        person_in(organisation, name=f"Person {n:02d}", email=f"person{n:02d}@example.test")
    url = reverse("organisations:people")

    first = text(org_admin_client.get(url))
    second = text(org_admin_client.get(url, {"page": 2}))
    searched = text(org_admin_client.get(url, {"q": "person", "page": 2}))

    # 56 people in name order: Ade Admin, then Person 00 to Person 54; 50 a page.
    assert "Person 48" in first and "Person 49" not in first
    assert "Person 49" in second and "Person 54" in second and "Person 00" not in second
    assert "?page=1" in second
    assert "?page=2" in first
    assert "Person 54" in searched and "admin@example.test" not in searched


def test_another_organisations_people_never_take_a_place_on_a_page(org_admin_client, organisation, other_organisation):
    """A page is found by walking everyone's names in order: only this organisation's people count towards it."""
    for n in range(60):
        person_in(other_organisation, name=f"Aaron {n:02d}", email=f"aaron{n:02d}@elsewhere.test")
    for n in range(55):
        person_in(organisation, name=f"Person {n:02d}", email=f"person{n:02d}@example.test")

    first = page(org_admin_client.get(reverse("organisations:people")))

    listed = first.one("ul", cls="nhsuk-list--border")
    names = [link.text for link in listed.select("a")]
    assert names == ["Ade Admin"] + [f"Person {n:02d}" for n in range(49)]


def test_a_search_is_kept_whole_on_the_next_page(org_admin_client, organisation):
    """An address with a plus (common in NHS mail aliases) once lost it in the page links: "+" read as a space."""
    for n in range(55):
        person_in(organisation, name=f"Person {n:02d}", email=f"ward+{n:02d}@example.test")
    url = reverse("organisations:people")

    first = page(org_admin_client.get(url, {"q": "ward+"}))
    next_href = first.one("a", rel="next").get("href")
    second = text(org_admin_client.get(url + next_href))

    assert next_href == "?q=ward%2B&page=2"
    assert "Person 54" in second and "Person 00" not in second


# Organisations never mix


@pytest.fixture
def stranger(other_organisation):
    return person_in(other_organisation, name="Stella Stranger", email="stella@elsewhere.test")


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "person"),
        ("get", "person_roles"),
        ("post", "person_roles"),
        ("get", "person_deactivate"),
        ("post", "person_deactivate"),
        ("post", "person_reactivate"),
    ],
)
def test_a_person_from_another_organisation_is_not_found(org_admin_client, stranger, method, name):
    before = counts()

    response = getattr(org_admin_client, method)(
        reverse(f"organisations:{name}", args=[stranger.pk]), {"organisation_roles": ["admin"]}
    )

    assert response.status_code == 404
    assert counts() == before
    stranger.refresh_from_db()
    assert stranger.is_active and not stranger.is_admin


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_team_from_another_organisation_is_not_found(org_admin_client, other_team, method):
    response = getattr(org_admin_client, method)(
        reverse("organisations:team_rename", args=[other_team.pk]), {"name": "Taken Over"}
    )

    assert response.status_code == 404
    other_team.refresh_from_db()
    assert other_team.name == "Beech House"


def test_an_admin_sees_their_own_person_page(org_admin_client, member):
    response = org_admin_client.get(reverse("organisations:person", args=[member.pk]))

    assert response.status_code == 200
    assert "Mo Member" in text(response)


def test_a_person_in_two_teams_has_each_on_its_own_line(org_admin_client, organisation, member):
    # Jinja's join escapes a plain separator when the items are escaped: "<br>" came out as text.
    TeamMembership.objects.create(team=TeamFactory(organisation=organisation, name="Bay <1>"), membership=member)

    response = org_admin_client.get(reverse("organisations:person", args=[member.pk]))

    row = [r for r in page(response).select(cls="nhsuk-summary-list__row") if "Teams" in r.text][0]
    value = row.one(cls="nhsuk-summary-list__value")
    assert len(value.select("br")) == 1 and "&lt;br&gt;" not in response.content.decode()
    assert value.text == "Bay <1> (team member) Ward 7 (team member)"


# Teams


def test_adding_a_team_with_a_taken_name_is_a_field_error(org_admin_client, team):
    response = org_admin_client.post(reverse("organisations:team_add"), {"name": "ward 7", "parent": ""})

    assert response.status_code == 422
    assert "There is already a team with this name" in text(response)
    assert Team.objects.count() == 1


def test_adding_and_renaming_a_team(org_admin_client, organisation, team):
    added = org_admin_client.post(reverse("organisations:team_add"), {"name": "Bay 1", "parent": str(team.pk)})
    bay = organisation.teams.get(name="Bay 1")
    renamed = org_admin_client.post(reverse("organisations:team_rename", args=[bay.pk]), {"name": "Bay One"})

    assert added.status_code == 302 and renamed.status_code == 302
    bay.refresh_from_db()
    assert (bay.name, bay.parent) == ("Bay One", team)


# Roles and deactivation through the pages


def test_the_last_admin_cannot_remove_their_own_admin_role(org_admin_client, org_admin):
    response = org_admin_client.post(reverse("organisations:person_roles", args=[org_admin.pk]), {"add_team": ""})

    assert response.status_code == 422
    assert "An organisation needs at least one active organisation admin" in text(response)
    org_admin.refresh_from_db()
    assert org_admin.is_admin


def test_an_admin_cannot_deactivate_themselves(org_admin_client, org_admin):
    response = org_admin_client.post(reverse("organisations:person_deactivate", args=[org_admin.pk]))

    assert response.status_code == 422
    assert "You cannot deactivate yourself" in text(response)
    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_deactivating_and_reactivating_a_person(org_admin_client, member):
    deactivated = org_admin_client.post(reverse("organisations:person_deactivate", args=[member.pk]))
    member.refresh_from_db()
    assert deactivated.status_code == 302 and not member.is_active

    reactivated = org_admin_client.post(reverse("organisations:person_reactivate", args=[member.pk]))
    member.refresh_from_db()
    assert reactivated.status_code == 302 and member.is_active


# A leader's own team


def test_my_team_lists_only_the_active_people_of_the_leaders_team(leader_client, organisation, team, leader, member):
    gone = person_in(organisation, team=team, name="Gwen Gone")
    Membership.objects.filter(pk=gone.pk).update(is_active=False)
    ward_8 = TeamFactory(organisation=organisation, name="Ward 8")
    person_in(organisation, team=ward_8, name="Walt Ward-Eight")
    admin = person_in(organisation, role=Role.ADMIN, name="Ada Admin")

    response = leader_client.get(reverse("organisations:my_team", args=[team.pk]))

    assert response.status_code == 200
    page = text(response)
    assert "Lee Leader (you)" in page
    assert "Mo Member" in page
    assert "Gwen Gone" not in page
    assert "Walt Ward-Eight" not in page
    assert admin.user.name not in page


def test_my_team_is_not_found_for_a_team_the_person_does_not_lead(leader_client, organisation, leader, other_team):
    not_led = TeamFactory(organisation=organisation, name="Ward 8")
    member_of = TeamFactory(organisation=organisation, name="Ward 9")
    TeamMembership.objects.create(team=member_of, membership=leader, role=Role.MEMBER)

    for team in (not_led, member_of, other_team):
        assert leader_client.get(reverse("organisations:my_team", args=[team.pk])).status_code == 404


def test_my_team_is_refused_to_someone_who_leads_no_team(member_client, team):
    assert member_client.get(reverse("organisations:my_team", args=[team.pk])).status_code == 403


def test_another_organisations_leader_cannot_see_this_team(other_leader_client, team):
    assert other_leader_client.get(reverse("organisations:my_team", args=[team.pk])).status_code == 404


# Working in two organisations


@pytest.fixture
def two_organisation_admin(org_admin, other_organisation):
    MembershipFactory(organisation=other_organisation, user=org_admin.user, is_admin=True)
    return org_admin


def test_switching_organisation(org_admin_client, two_organisation_admin, other_organisation):
    assert "Northgate Community Care" in text(org_admin_client.get(reverse("organisations:home")))

    response = org_admin_client.post(reverse("organisations:switch"), {"organisation": str(other_organisation.pk)})

    assert response.status_code == 302
    assert response.url == reverse("core:today")
    assert org_admin_client.session[CURRENT_ORGANISATION_SESSION_KEY] == str(other_organisation.pk)
    page = text(org_admin_client.get(reverse("organisations:home")))
    assert "Elsewhere Care Homes" in page


def summary(response) -> dict[str, str]:
    """The organisation page's summary list, key to value, as read out."""
    rows = page(response).select(cls="nhsuk-summary-list__row")
    return {row.one(cls="nhsuk-summary-list__key").text: row.one(cls="nhsuk-summary-list__value").text for row in rows}


def test_the_organisation_page_counts_people_and_teams_in_plain_words(org_admin_client, organisation):
    first = summary(org_admin_client.get(reverse("organisations:home")))
    assert (first["People"], first["Teams"]) == ("1 active person", "No teams yet")

    TeamFactory(organisation=organisation, name="Ward 1")
    person_in(organisation, role=Role.MEMBER, email="second@example.test")
    then = summary(org_admin_client.get(reverse("organisations:home")))
    assert (then["People"], then["Teams"]) == ("2 active people", "1 team")


def test_switching_to_an_organisation_you_are_not_in_is_refused(org_admin_client, two_organisation_admin):
    third = MembershipFactory().organisation

    response = org_admin_client.post(reverse("organisations:switch"), {"organisation": str(third.pk)})

    assert response.status_code == 422
    assert "There is a problem" in text(response)
    assert CURRENT_ORGANISATION_SESSION_KEY not in org_admin_client.session


def test_a_session_pointing_at_an_organisation_you_left_falls_back_to_your_own(
    org_admin_client, org_admin, other_organisation
):
    session = org_admin_client.session
    session[CURRENT_ORGANISATION_SESSION_KEY] = str(other_organisation.pk)
    session.save()

    page = text(org_admin_client.get(reverse("organisations:home")))

    assert "Northgate Community Care" in page
    assert "Elsewhere Care Homes" not in page


# Accepting an invitation


@pytest.fixture
def invitation_token(invite, organisation, team):
    invite(name="Nia New", email="nia@example.test", team=team)
    [token] = invitation_tokens()
    return token


def test_an_unknown_invitation_link_is_not_found(client, db):
    response = client.get(reverse("organisations:invitation_accept", args=[Invitation.new_token()]))

    assert response.status_code == 404
    assert "This invitation link does not work" in text(response)
    assert "used, has expired, or was replaced" in text(response)


@pytest.mark.parametrize("cut", [1, 10, 42], ids=["one character", "ten characters", "all but one"])
def test_a_link_cut_short_says_it_looks_incomplete(client, invitation_token, cut, django_assert_num_queries):
    with django_assert_num_queries(0):  # told by the token's shape, never by looking it up
        response = client.get(reverse("organisations:invitation_accept", args=[invitation_token[:cut]]))

    assert response.status_code == 404
    page = text(response)
    assert "This link looks incomplete. Copy the whole link from the email, or ask for a new one." in page
    assert "used, has expired" not in page
    assert client.get(reverse("organisations:invitation_accept", args=[invitation_token])).status_code == 200


def test_a_token_with_characters_no_real_token_has_looks_incomplete(client, db):
    response = client.get(reverse("organisations:invitation_accept", args=["=" * 43]))

    assert "This link looks incomplete" in text(response)


def test_the_invitation_page_welcomes_the_person(client, invitation_token):
    response = client.get(reverse("organisations:invitation_accept", args=[invitation_token]))

    assert response.status_code == 200
    page = text(response)
    assert "has invited you to join Northgate Community Care on Attend" in page
    assert "Ward 7 (team member)" in page
    assert "nia@example.test" in page


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("short", "short", "This password is too short"),
        ("password1234", "password1234", "This password is too common"),
        ("a-good-long-passphrase-9", "a-different-passphrase-9", "The passwords do not match"),
        ("", "", "Create a password"),
    ],
)
def test_a_weak_or_mismatched_password_answers_422(client, invitation_token, first, second, message):
    response = client.post(
        reverse("organisations:invitation_accept", args=[invitation_token]),
        {"answer": "accept", "name": "Nia New", "new_password1": first, "new_password2": second},
    )

    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert SESSION_KEY not in client.session
    assert not User.objects.filter(email="nia@example.test").exists()


def test_a_good_password_signs_the_person_in_and_opens_today(client, invitation_token, organisation):
    url = reverse("organisations:invitation_accept", args=[invitation_token])

    response = client.post(
        url,
        {
            "answer": "accept",
            "name": "Nia New",
            "new_password1": "lantern-orchard-meadow-42",
            "new_password2": "lantern-orchard-meadow-42",
        },
    )

    user = User.objects.get(email="nia@example.test")
    assert response.status_code == 302
    assert response.url == reverse("core:today")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session[CURRENT_ORGANISATION_SESSION_KEY] == str(organisation.pk)
    assert user.check_password("lantern-orchard-meadow-42")
    assert client.get(response.url).status_code == 200

    used_again = Client().get(url)
    assert used_again.status_code == 404
    assert "This invitation link does not work" in text(used_again)


def test_a_link_used_up_while_the_form_was_being_sent_shows_the_not_working_page(client, invitation_token, monkeypatch):
    stale = selectors.invitation_for_token(invitation_token)
    invitations.invitation_accept_with_new_account(invitation=stale, name="Nia", password="first-request-passphrase-7")
    monkeypatch.setattr(selectors, "invitation_for_token", lambda token: stale)  # looked up before the other request
    monkeypatch.setattr(selectors, "account_for_invitation", lambda invitation: None)

    response = client.post(
        reverse("organisations:invitation_accept", args=[invitation_token]),
        {
            "answer": "accept",
            "name": "Nia",
            "new_password1": "second-request-passphrase-8",
            "new_password2": "second-request-passphrase-8",
        },
    )

    assert response.status_code == 404
    assert "This invitation link does not work" in text(response)
    assert SESSION_KEY not in client.session
    assert User.objects.get(email="nia@example.test").check_password("first-request-passphrase-7")


def test_the_invited_page_asks_no_more_queries_for_more_invitations_offering_team_places(
    org_admin_client, organisation, org_admin, django_capture_on_commit_callbacks
):
    """Issue 21: each row offering a team place asked for its teams again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from attend.organisations import services
    from attend.organisations.tests.factories import TeamFactory
    from attend.organisations.tests.support import BASE_URL, people_csv

    def invite(start: int, count: int) -> None:
        team = TeamFactory(organisation=organisation, name=f"Bay {start}")
        lines = [f"P {n},p{n}@example.nhs.uk,{team.name},team member," for n in range(start, start + count)]
        with django_capture_on_commit_callbacks(execute=True):
            services.people_import(
                organisation=organisation, data=people_csv(*lines), by=org_admin.user, base_url=BASE_URL
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = org_admin_client.get(reverse("organisations:invited"))
        assert page.status_code == 200
        assert "team member" in page.content.decode()
        return len(captured)

    invite(0, 2)
    queries()  # a session's first page of the day also notes where it is signed in
    few = queries()
    invite(10, 6)
    assert queries() == few


def test_a_trusts_teams_are_listed_a_page_at_a_time(org_admin_client, organisation):
    """Hundreds of teams: the list shows fifty at a time with links to the rest (issue 21)."""
    Team.objects.bulk_create([Team(organisation=organisation, name=f"Ward {n:03d}") for n in range(60)])

    first = org_admin_client.get(reverse("organisations:teams")).content.decode()
    second = org_admin_client.get(reverse("organisations:teams"), {"page": 2}).content.decode()

    assert "Ward 049" in first and "Ward 050" not in first
    assert "?page=2" in first
    assert "Ward 050" in second and "Ward 059" in second and "Ward 000" not in second
    assert "60 teams" in first


def test_my_team_is_shown_a_page_at_a_time(leader_client, organisation, team):
    """A big team lists fifty people a page, with a link to the rest (issue 21)."""
    for n in range(55):
        person_in(organisation, team=team, role=Role.MEMBER, email=f"p{n}@example.test", name=f"Person {n:02d}")

    first = leader_client.get(reverse("organisations:my_team", args=[team.pk])).content.decode()
    second = leader_client.get(reverse("organisations:my_team", args=[team.pk]), {"page": 2}).content.decode()

    assert first.count('<li class="app-break-words">') == 50
    assert "?page=2" in first
    assert second.count('<li class="app-break-words">') == 6  # the leader and 55 more: 56 in all
