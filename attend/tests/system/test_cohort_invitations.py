"""Given a facilitator's cohort, when they invite people from another organisation by pasting their addresses,
then one accepts from Today and one declines from the email's link, and the facilitator sees only "Invited"
until someone has joined, then who joined, and "Declined"."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attend.organisations.tests.factories import person_in
from attend.programme import services
from attend.tests.system.conftest import check_page, follow, sign_in, visit_checked

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

INVITATION_LINK = re.compile(r"http://\S+/organisation/invitation/[^/\s]+/")


def test_people_from_another_organisation_join_a_cohort_only_by_accepting(
    page, new_page, facilitator, other_leader, other_organisation, mailoutbox
):
    other_member = person_in(other_organisation, email="dana@elsewhere.example", name="Dana Decliner")
    programme = services.programme_create(
        organisation=facilitator.organisation, by=facilitator.user, title="Compassionate leadership"
    )
    today = timezone.localdate()
    cohort = services.cohort_create(
        programme=programme,
        by=facilitator.user,
        name="Spring cohort",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
    )
    people_page = f"/programme/cohorts/{cohort.pk}/people/"

    # Given the facilitator on the cohort's people page
    sign_in(page, facilitator.user.email)
    visit_checked(page, people_page)

    # When they paste two addresses from another organisation
    page.get_by_label("Email addresses").fill(f"{other_leader.user.email}\n{other_member.user.email}")
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitations").click()

    # Then they are told only that two invitations are on their way, and see only the addresses
    expect(page.get_by_role("alert")).to_contain_text("2 invitations are on their way")
    main = page.get_by_role("main")
    expect(main).to_contain_text(other_leader.user.email)
    for secret in (other_leader.user.name, other_member.user.name, other_organisation.name):
        expect(main).not_to_contain_text(secret)
    check_page(page)
    assert sorted(email.to[0] for email in mailoutbox) == sorted([other_leader.user.email, other_member.user.email])

    # When the leader signs in as themselves and accepts from Today
    leader_page = new_page()
    sign_in(leader_page, other_leader.user.email)
    check_page(leader_page)
    follow(leader_page, leader_page.get_by_role("link", name="Invitations for you"))
    with leader_page.expect_navigation():
        leader_page.get_by_role("button", name=re.compile("^Accept the invitation to join Spring cohort")).click()
    expect(leader_page.get_by_role("heading", level=1)).to_contain_text("Spring cohort")
    expect(leader_page.get_by_role("alert")).to_contain_text("You have accepted")
    check_page(leader_page)

    # And the other person declines from the email's link, without signing in
    [email] = [message for message in mailoutbox if message.to == [other_member.user.email]]
    decliner = new_page()
    visit_checked(decliner, INVITATION_LINK.search(email.body).group())
    expect(decliner.get_by_role("heading", level=1)).to_contain_text("has invited you to join Spring cohort")
    follow(decliner, decliner.get_by_role("button", name="Decline"))
    expect(decliner.get_by_role("heading", level=1)).to_have_text("You have said no")

    # Then the facilitator's page shows who joined, and the other address as declined, with nothing of theirs
    visit_checked(page, people_page)
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"{other_leader.user.name}, {other_organisation.name}")
    declined = main.get_by_role("listitem").filter(has_text=other_member.user.email)
    expect(declined).to_contain_text("Declined")
    expect(main).not_to_contain_text(other_member.user.name)
    assert cohort.participants.count() == 1
