"""Given a person with a password, when they add a passkey, then they sign in with the password and the passkey;
passkeys are tried in Chromium's virtual authenticator (CDP WebAuthn domain)."""

import json

import pytest
from playwright.sync_api import expect

from attend.accounts.tests.factories import TEST_PASSWORD
from attend.tests.system.conftest import check_page, follow, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def virtual_authenticator(page) -> None:
    """A platform authenticator that keeps discoverable credentials and verifies the person (a fingerprint)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def add_passkey(page, email: str) -> None:
    sign_in(page, email)
    page.goto("/account/")
    follow(page, page.get_by_role("link", name="Add a passkey"))
    follow(page, page.get_by_role("button", name="Add a passkey"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.get_by_text("Your passkey has been added")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")


def password_step(page, email: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    check_page(page)


def test_a_person_adds_a_passkey_then_signs_in_with_it(page, member):
    # Given a person whose device has a passkey authenticator, who adds a passkey from their account page
    virtual_authenticator(page)
    add_passkey(page, member.user.email)

    # When they sign in with their password, then their passkey
    password_step(page, member.user.email)
    follow(page, page.get_by_role("button", name="Use your passkey"))

    # Then they are signed in
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good")
    assert member.user.passkeys.get().last_used_on is not None

    # And they can remove it, with their password
    page.goto("/account/")
    check_page(page)
    follow(page, page.get_by_role("link", name="Remove passkeys"))
    page.get_by_label("Your password").fill(TEST_PASSWORD)
    follow(page, page.get_by_role("button", name="Remove passkeys"))
    expect(page.get_by_text("Your passkeys have been removed")).to_be_visible()
    assert not member.user.passkeys.exists()


def test_another_persons_passkey_is_refused(new_page, member, leader):
    # Given two people who have each added a passkey, each on their own device
    mine, theirs = new_page(), new_page()
    virtual_authenticator(mine)
    virtual_authenticator(theirs)
    add_passkey(mine, member.user.email)
    add_passkey(theirs, leader.user.email)

    # When the member, knowing the leader's password, signs in as the leader on the member's own device and
    # makes the page offer any passkey (so their own device answers with the member's passkey)
    password_step(mine, leader.user.email)
    options = json.loads(mine.locator("#passkey-options").text_content())
    options["allowCredentials"] = []
    mine.evaluate("(text) => { document.getElementById('passkey-options').textContent = text; }", json.dumps(options))
    follow(mine, mine.get_by_role("button", name="Use your passkey"))

    # Then the answer is refused and nobody is signed in
    expect(mine.locator(".nhsuk-error-summary")).to_contain_text("Your passkey could not be checked")
    mine.goto("/")
    expect(mine.get_by_role("heading", level=1)).to_have_text("Sign in to Attend")


def test_a_person_signs_in_with_a_passkey_alone(page, member):
    # Given a person who has added a passkey on this device
    virtual_authenticator(page)
    add_passkey(page, member.user.email)

    # When they choose to sign in with a passkey, with no email address or password
    page.goto("/account/sign-in/")
    follow(page, page.get_by_role("link", name="Sign in with a passkey"))
    follow(page, page.get_by_role("button", name="Sign in with a passkey"))

    # Then they are signed in
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good")
