"""Given an organisation that asks its admins for a security code, when its admin signs in, then they set up an
authenticator app before anything else (and can make new recovery codes) and use it from then on; and a person
signs out everywhere else."""

import base64
import re

import pytest
from playwright.sync_api import expect

from attend.accounts.tests.factories import TEST_PASSWORD
from attend.accounts.tests.two_factor_support import totp_code
from attend.organisations.models import TwoFactorRule
from attend.tests.system.conftest import check_page, follow, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def key_hex_from_page(page) -> str:
    """What a person who cannot scan does: read the setup key shown as text."""
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator(".attend-secret").inner_text().replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()


def test_an_admin_the_rule_covers_sets_up_an_app_then_signs_in_with_it(page, org_admin):
    # Given an organisation whose admins must use a security code
    organisation = org_admin.organisation
    organisation.two_factor_required_for = TwoFactorRule.ADMINS_AND_FACILITATORS
    organisation.save()

    # When the admin signs in with their password, they are taken to set up an app, and no other page opens
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(org_admin.user.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    check_page(page)
    expect(page.locator(".attend-qr-code svg")).to_be_visible()
    page.goto("/organisation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")

    # When they add the key to their app and enter its code
    page.get_by_label("Code from your app").fill(totp_code(key_hex_from_page(page)))
    follow(page, page.get_by_role("button", name="Turn on security codes"))

    # Then they see their recovery codes once, and can carry on
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator(".attend-recovery-codes li")).to_have_count(10)
    first_codes = page.locator(".attend-recovery-codes li").all_inner_texts()
    follow(page, page.get_by_role("button", name="I have saved my codes"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    # When they make a new set of recovery codes, giving their password again
    follow(page, page.get_by_role("link", name="Make new recovery codes"))
    page.get_by_label("Your password").fill(TEST_PASSWORD)
    follow(page, page.get_by_role("button", name="Make new recovery codes"))

    # Then they see 10 new codes once, none of the old ones
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your new recovery codes")
    expect(page.locator(".attend-recovery-codes li")).to_have_count(10)
    assert not set(page.locator(".attend-recovery-codes li").all_inner_texts()) & set(first_codes)
    follow(page, page.get_by_role("button", name="I have saved my codes"))

    # And next time they sign in with the password and a code from the app (the shared helper's second step)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, org_admin.user.email)
    page.goto("/organisation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(organisation.name)


def test_the_admin_sets_the_rule_on_the_organisation_page(page, org_admin):
    sign_in(page, org_admin.user.email)
    page.goto("/organisation/")
    follow(page, page.get_by_role("link", name="Change who must use security codes"))
    page.get_by_label("Admins and facilitators").check()
    follow(page, page.get_by_role("button", name="Save"))
    # The admin has no app yet, so the rule now applies to them too
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")


def test_a_person_signs_out_of_another_browser(new_page, member):
    # Given a person signed in on two browsers
    here, elsewhere = new_page(), new_page()
    sign_in(here, member.user.email)
    sign_in(elsewhere, member.user.email)

    # When they open where they are signed in from their account page, and sign out everywhere else
    here.goto("/account/")
    follow(here, here.get_by_role("link", name="View where you are signed in"))
    expect(here.locator(".nhsuk-summary-list__row")).to_have_count(2)
    expect(here.get_by_text(re.compile(r"\(this browser\)"))).to_be_visible()
    follow(here, here.get_by_role("button", name="Sign out everywhere else"))

    # Then the other browser is signed out, and this one is not
    expect(here.get_by_text("You have been signed out everywhere else")).to_be_visible()
    elsewhere.goto("/")
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text("Sign in to Attend")
    here.goto("/")
    expect(here.get_by_role("heading", level=1)).to_contain_text("Good")


def test_removing_the_app_asks_for_the_password(page, member):
    from attend.accounts.tests.two_factor_support import totp_device_for

    totp_device_for(member.user)
    sign_in(page, member.user.email)
    page.goto("/account/")
    follow(page, page.get_by_role("link", name="Remove authenticator app"))
    page.get_by_label("Your password").fill("not-my-password")
    follow(page, page.get_by_role("button", name="Remove authenticator app"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("That password is not right")
    page.get_by_label("Your password").fill(TEST_PASSWORD)
    follow(page, page.get_by_role("button", name="Remove authenticator app"))
    expect(page.get_by_text("Your authenticator app and recovery codes have been removed")).to_be_visible()
