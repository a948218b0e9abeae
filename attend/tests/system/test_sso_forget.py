"""Given a nurse whose Attend account is bound to her old account at her organisation's single sign-on provider
(a real one, npm oidc-provider on loopback), when her new account there is refused and her admin forgets the old
one from her person page, then her open browser is signed out and her new account signs in and is bound."""

import pytest
from playwright.sync_api import expect

from attend.accounts.sso.models import SingleSignOnIdentity
from attend.accounts.tests.sso_support import configure
from attend.organisations.models import Role
from attend.organisations.tests.factories import OrganisationFactory, person_in
from attend.tests.oidc import provider as oidc
from attend.tests.system.conftest import check_page, follow, heading, sign_in, visit_checked
from attend.tests.system.test_single_sign_on import (
    page_reaching_provider,
    sign_in_at_provider,
    start_with_work_email,
)

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

EMAIL = "nurse@northfield.example"


@pytest.fixture(scope="module")
def oidc_provider(live_server):
    with oidc.running_provider(redirect_uris=[f"{live_server.url}/account/sso/callback/"]) as provider:
        yield provider


@pytest.fixture
def open_page(browser, live_server, oidc_provider, viewport, server_warmed):
    """Pages at the test's viewport (desktop and 320px), each a browser of its own, reaching Attend and the
    provider only."""
    pages, outside = [], []

    def open_one():
        pages.append(page_reaching_provider(browser, live_server, oidc_provider, viewport=viewport, outside=outside))
        return pages[-1]

    yield open_one
    for page in pages:
        page.context.close()
    assert outside == []


def test_an_admin_forgets_a_changed_single_sign_on_account_and_the_new_one_signs_in(open_page, oidc_provider):
    # Given Northfield signs its people in through its provider, and Nia has signed in once with her old account
    northfield = OrganisationFactory(name="Northfield Community Trust", slug="northfield")
    configure(northfield, oidc_provider)
    admin = person_in(northfield, role=Role.ADMIN, email="admin@northfield.example", name="Ada Admin").user
    nurse = person_in(northfield, role=Role.MEMBER, email=EMAIL, name="Nia Nurse")
    old_laptop = open_page()
    start_with_work_email(old_laptop, EMAIL)
    sign_in_at_provider(old_laptop)
    expect(heading(old_laptop)).to_contain_text("Nia")

    # When she signs in with her new account there (another person to the provider, the same email address)
    new_laptop = open_page()
    start_with_work_email(new_laptop, EMAIL)
    sign_in_at_provider(new_laptop, login="mailbox-reused")

    # Then she is refused, as anyone given her old mailbox would be
    expect(heading(new_laptop)).to_have_text("You are not signed in")
    expect(new_laptop.get_by_role("main")).to_contain_text("not the account that signed in to Attend")
    check_page(new_laptop)

    # When her admin opens her page, they see her account is linked at the provider
    admins_page = open_page()
    sign_in(admins_page, admin.email)
    visit_checked(admins_page, f"/organisation/people/{nurse.pk}/")
    expect(admins_page.get_by_text("Linked to their account at 127.0.0.1")).to_be_visible()

    # And they follow "Forget single sign-on account": the page says what will happen before anything does
    follow(admins_page, admins_page.get_by_role("link", name="Forget single sign-on account"))
    expect(heading(admins_page)).to_have_text("Forget the single sign-on account of Nia Nurse?")
    expect(admins_page.get_by_text("Check it is really them")).to_be_visible()

    # When they confirm
    follow(admins_page, admins_page.get_by_role("button", name="Forget single sign-on account"))

    # Then they are back on her page with a message, and her account is not linked any more
    expect(heading(admins_page)).to_have_text("Nia Nurse")
    expect(admins_page.get_by_text("Nia Nurse's single sign-on account has been forgotten")).to_be_visible()
    expect(admins_page.get_by_text("Not linked yet")).to_be_visible()

    # And the organisation's audit log says who did it and to whom
    visit_checked(admins_page, "/organisation/audit/")
    first_row = admins_page.locator("tbody tr").first
    expect(first_row).to_contain_text("Ada Admin")
    expect(first_row).to_contain_text("Single sign-on account forgotten: 127.0.0.1")
    expect(first_row).to_contain_text(EMAIL)

    # And the browser she signed in with the old account is signed out
    old_laptop.goto("/")
    expect(heading(old_laptop)).to_have_text("Sign in to Attend")
    check_page(old_laptop)

    # When she signs in with her new account (a browser with no session at the provider: a new laptop's)
    newer_laptop = open_page()
    start_with_work_email(newer_laptop, EMAIL)
    sign_in_at_provider(newer_laptop, login="mailbox-reused")

    # Then she is in, and her account is bound to the new account from now on
    expect(heading(newer_laptop)).to_contain_text("Nia")
    check_page(newer_laptop)
    assert list(SingleSignOnIdentity.objects.filter(user=nurse.user).values_list("subject", flat=True)) == [
        "mailbox-reused"
    ]
