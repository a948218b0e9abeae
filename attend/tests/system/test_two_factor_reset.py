"""Given a person who has lost their phone, in an organisation that asks everyone for a second factor, when its
admin resets their two-factor authentication from the person's page, then the admin sees it done and in the audit
log, the person's open browser is signed out, and at their next sign-in they are asked to set up a factor again."""

import pytest
from playwright.sync_api import expect

from attend.accounts.tests.factories import TEST_PASSWORD
from attend.accounts.tests.two_factor_support import totp_device_for
from attend.accounts.two_factor.services import recovery_codes_replace
from attend.organisations.models import TwoFactorRule
from attend.tests.system.conftest import check_page, follow, heading, sign_in, visit_checked

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_an_admin_resets_a_lost_second_factor_and_the_person_sets_one_up_again(new_page, org_admin, member):
    # Given an organisation that asks everyone for a second factor, and a person with an app and recovery codes
    organisation = org_admin.organisation
    organisation.two_factor_required_for = TwoFactorRule.EVERYONE
    organisation.save()
    totp_device_for(org_admin.user)
    totp_device_for(member.user)
    recovery_codes_replace(user=member.user)
    admin, persons_laptop = new_page(), new_page()
    sign_in(persons_laptop, member.user.email)

    # When the admin opens the person's page, they see the person's second factor
    sign_in(admin, org_admin.user.email)
    visit_checked(admin, f"/organisation/people/{member.pk}/")
    expect(admin.get_by_text("10 recovery codes left")).to_be_visible()

    # And they follow "Reset two-factor authentication": the page says what will happen before anything does
    follow(admin, admin.get_by_role("link", name="Reset two-factor authentication"))
    expect(heading(admin)).to_have_text("Reset two-factor authentication for Mo Member?")
    expect(admin.get_by_text("sign them out of Attend on every device")).to_be_visible()

    # When they confirm
    follow(admin, admin.get_by_role("button", name="Reset two-factor authentication"))

    # Then they are back on the person's page with a message, and nothing is set up any more
    expect(heading(admin)).to_have_text("Mo Member")
    expect(admin.get_by_text("Two-factor authentication has been reset for Mo Member")).to_be_visible()
    expect(admin.get_by_text("Not set up")).to_be_visible()

    # And the organisation's audit log says who did it, to whom, and what was removed
    visit_checked(admin, "/organisation/audit/")
    first_row = admin.locator("tbody tr").first
    expect(first_row).to_contain_text("Ade Admin")
    expect(first_row).to_contain_text(
        "Two-factor authentication reset: removed an authenticator app and 10 unused recovery codes"
    )
    expect(first_row).to_contain_text(member.user.email)

    # And the person's open browser is signed out
    persons_laptop.goto("/")
    expect(heading(persons_laptop)).to_have_text("Sign in to Attend")
    check_page(persons_laptop)

    # When the person signs in with their password, they are asked to set up a factor before anything else
    persons_laptop.get_by_label("Email address").fill(member.user.email)
    persons_laptop.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    follow(persons_laptop, persons_laptop.get_by_role("button", name="Sign in"))
    expect(heading(persons_laptop)).to_have_text("Set up an authenticator app")
    persons_laptop.goto("/reflect/")
    expect(heading(persons_laptop)).to_have_text("Set up an authenticator app")
