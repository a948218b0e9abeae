"""Given an organisation admin, when they invite a person, then that person accepts, creating their account, and is
signed in; someone who already has an account elsewhere accepts from Today without a new password."""

import re

import pytest
from playwright.sync_api import expect

from attend.tests.system.conftest import check_page, follow, sign_in, visit_checked

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

INVITATION_LINK = re.compile(r"http://\S+/organisation/invitation/[^/\s]+/")


def test_an_invited_person_sets_a_password_and_the_link_then_stops_working(page, new_page, org_admin, team, mailoutbox):
    # Given an organisation admin on the People page
    sign_in(page, org_admin.user.email)
    visit_checked(page, "/organisation/people/")

    # When they invite a person to a team
    follow(page, page.get_by_role("button", name="Invite a person"))
    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Work email address").fill("nia.newcomer@example.test")
    page.get_by_label("Team", exact=True).select_option(label="Ward 7")
    page.get_by_role("radio", name="Leader of this team").check()
    page.get_by_role("button", name="Send invitation").click()

    # Then the Invited page says the invitation is on its way, and one email holds the link
    expect(page.get_by_role("heading", level=1)).to_have_text("Invited")
    expect(page.get_by_role("alert")).to_contain_text("We have sent an invitation to nia.newcomer@example.test")
    expect(page.get_by_role("main")).to_contain_text("Ward 7 (leader)")
    expect(page.get_by_role("main")).to_contain_text("Invited")
    check_page(page)
    assert [email.to for email in mailoutbox] == [["nia.newcomer@example.test"]]
    link = INVITATION_LINK.search(mailoutbox[0].body).group()

    # When the invited person opens the link in their own browser and tries a weak password
    newcomer = new_page()
    visit_checked(newcomer, link)
    expect(newcomer.get_by_role("heading", level=1)).to_contain_text("has invited you to join Northgate Community Care")
    expect(newcomer.get_by_label("Your full name")).to_have_value("Nia Newcomer")
    newcomer.get_by_label("Create a password", exact=True).fill("password1")
    newcomer.get_by_label("Confirm your password", exact=True).fill("password1")
    newcomer.get_by_role("button", name="Accept and create account").click()

    # Then the error summary explains why, and nothing is set yet
    expect(newcomer.locator(".nhsuk-error-summary")).to_contain_text("This password is too short")
    expect(newcomer).to_have_title(re.compile("^Error: "))
    check_page(newcomer)

    # When they choose a strong password
    newcomer.get_by_label("Create a password", exact=True).fill("violet-meadow-kettle-42")
    newcomer.get_by_label("Confirm your password", exact=True).fill("violet-meadow-kettle-42")
    newcomer.get_by_role("button", name="Accept and create account").click()

    # Then they land on Today, signed in
    expect(newcomer.get_by_role("heading", level=1)).to_contain_text("Nia")
    expect(newcomer).to_have_title("Today – Attend")
    expect(newcomer.get_by_role("alert")).to_contain_text("You have accepted")
    expect(newcomer.get_by_role("button", name="Sign out")).to_be_attached()
    check_page(newcomer)

    # And the link no longer works
    visit_checked(newcomer, link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("This invitation link does not work")


def test_the_invite_form_explains_each_problem_and_links_to_its_field(page, org_admin, team):
    # Given an organisation admin on the invite form
    sign_in(page, org_admin.user.email)
    visit_checked(page, "/organisation/people/invite/")

    # When they send it with no name and an email address that is not one
    page.get_by_label("Work email address").fill("nia.example.test")
    page.get_by_label("Team", exact=True).select_option(label="Ward 7")
    page.get_by_role("button", name="Send invitation").click()

    # Then the error summary lists both problems, and nothing is sent
    expect(page).to_have_title("Error: Invite a person – Attend")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    check_page(page)

    # And each link in the summary moves focus to its field
    summary.get_by_role("link", name="Enter the person's name").click()
    expect(page.get_by_label("Full name")).to_be_focused()
    summary.get_by_role("link", name="Enter an email address in the correct format").click()
    expect(page.get_by_label("Work email address")).to_be_focused()
    expect(page.get_by_label("Work email address")).to_have_value("nia.example.test")


def test_someone_from_another_organisation_accepts_from_today_without_a_new_password(
    page, new_page, org_admin, other_leader, team
):
    # Given an admin who invites an address that has an account in another organisation
    sign_in(page, org_admin.user.email)
    visit_checked(page, "/organisation/people/invite/")
    page.get_by_label("Full name").fill("Someone Elsewhere")
    page.get_by_label("Work email address").fill(other_leader.user.email)
    page.get_by_label("Team", exact=True).select_option(label="Ward 7")
    page.get_by_role("button", name="Send invitation").click()

    # Then the admin is told only that an invitation was sent, and sees nothing of the account
    expect(page.get_by_role("alert")).to_contain_text(f"We have sent an invitation to {other_leader.user.email}")
    expect(page.get_by_role("main")).not_to_contain_text(other_leader.user.name)
    expect(page.get_by_role("main")).not_to_contain_text(other_leader.organisation.name)
    check_page(page)

    # When the invited person signs in as themselves, Today shows the invitation
    them = new_page()
    sign_in(them, other_leader.user.email)
    follow(them, them.get_by_role("link", name="Invitations for you"))
    expect(them.get_by_role("heading", level=1)).to_have_text("Your invitations")

    # And they accept it, with no password to set
    with them.expect_navigation():
        them.get_by_role("button", name="Accept the invitation to join Northgate Community Care on Attend").click()
    expect(them).to_have_title("Today – Attend")
    expect(them.get_by_role("alert")).to_contain_text("You have accepted")
    check_page(them)

    # Then the admin finds them on the People page
    visit_checked(page, "/organisation/people/")
    expect(page.get_by_role("link", name=other_leader.user.name)).to_be_visible()
