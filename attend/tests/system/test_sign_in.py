"""Given a person with an account, when they sign in, then they reach Today; wrong details are explained."""

import pytest
from playwright.sync_api import expect

from attend.accounts.tests.factories import TEST_PASSWORD
from attend.tests.system.conftest import check_page, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_leader_signs_in_and_reaches_today(page, leader):
    sign_in(page, leader.user.email)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Lee")
    expect(page.get_by_role("link", name="Your team: Ward 7")).to_be_visible()
    check_page(page)


def test_wrong_password_is_explained_and_nothing_else_changes(page, member):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(member.user.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title("Error: Sign in – Attend")
    check_page(page)


def test_sign_in_and_out_by_keyboard_alone(page, member):
    page.goto("/account/sign-in/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.id") != "id_email":
        page.keyboard.press("Tab")
    page.keyboard.type(member.user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mo")

    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    check_page(page)
