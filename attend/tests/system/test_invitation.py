"""Given an organisation admin, when they invite a person, then that person sets a password once and is signed in."""

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

    # Then the person's page says the invitation is on its way, and one email holds the link
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Newcomer")
    expect(page.get_by_role("alert")).to_contain_text("We have sent an invitation to nia.newcomer@example.test")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Ward 7 (leader)")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Invited")
    check_page(page)
    assert [email.to for email in mailoutbox] == [["nia.newcomer@example.test"]]
    link = INVITATION_LINK.search(mailoutbox[0].body).group()

    # When the invited person opens the link in their own browser and tries a weak password
    newcomer = new_page()
    visit_checked(newcomer, link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Welcome to Attend, Nia")
    newcomer.get_by_label("Create a password", exact=True).fill("password1")
    newcomer.get_by_label("Confirm your password", exact=True).fill("password1")
    newcomer.get_by_role("button", name="Create account").click()

    # Then the error summary explains why, and nothing is set yet
    expect(newcomer).to_have_title("Error: Set your password – Attend")
    expect(newcomer.locator(".nhsuk-error-summary")).to_contain_text("This password is too short")
    check_page(newcomer)

    # When they choose a strong password
    newcomer.get_by_label("Create a password", exact=True).fill("violet-meadow-kettle-42")
    newcomer.get_by_label("Confirm your password", exact=True).fill("violet-meadow-kettle-42")
    newcomer.get_by_role("button", name="Create account").click()

    # Then they land on Today, signed in
    expect(newcomer.get_by_role("heading", level=1)).to_contain_text("Nia")
    expect(newcomer).to_have_title("Today – Attend")
    expect(newcomer.get_by_role("alert")).to_contain_text("Your password is set and you are signed in")
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
