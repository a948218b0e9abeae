"""Given an organisation that signs its people in through its own OpenID Connect provider (a real one, npm
oidc-provider on loopback), when a person signs in with their work account, then they land on Today; when the
provider vouches for someone the organisation does not let in, they are told why; signing out ends the
provider's session too."""

import pytest
from playwright.sync_api import Page, expect

from attend.accounts.sso.models import SingleSignOn
from attend.accounts.tests.factories import TEST_PASSWORD
from attend.accounts.tests.sso_support import configure
from attend.organisations.models import Role
from attend.organisations.tests.factories import OrganisationFactory, TeamFactory, person_in
from attend.tests.oidc import provider as oidc
from attend.tests.system.conftest import check_page, follow, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def oidc_provider(live_server):
    with oidc.running_provider(
        redirect_uris=[f"{live_server.url}/account/sso/callback/"],
        post_logout_redirect_uris=[f"{live_server.url}/account/signed-out/"],
    ) as provider:
        yield provider


def page_reaching_provider(browser, live_server, provider, *, viewport: dict, outside: list) -> Page:
    """A page in a new browser context (its own cookies) that may reach Attend and the provider and nothing else
    (the provider's sign-in page asks for a web font, which is refused, as everything outside is). What else it
    asked for is added to `outside`; the caller closes `page.context`."""
    context = browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)

    def route(route_request):
        url = route_request.request.url
        if url.startswith((live_server.url, provider.issuer, "data:", "about:")):
            return route_request.continue_()
        if "fonts.googleapis.com" not in url:
            outside.append(url)
        return route_request.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def sso_page(browser, live_server, oidc_provider, server_warmed):
    outside = []
    page = page_reaching_provider(
        browser, live_server, oidc_provider, viewport={"width": 1280, "height": 900}, outside=outside
    )
    yield page
    page.context.close()
    assert outside == []


@pytest.fixture
def northfield(oidc_provider):
    organisation = OrganisationFactory(name="Northfield Community Trust", slug="northfield")
    configure(organisation, oidc_provider, policy=SingleSignOn.Policy.SSO_REQUIRED)
    return organisation


def sign_in_at_provider(page: Page, *, login: str | None = None) -> None:
    """At the provider's own sign-in page (login hint filled in), sign in; wait until back at Attend."""
    provider = page.url.split("/", 3)[:3]
    expect(page.locator("input[name=password]")).to_be_visible()
    if login:
        page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(oidc.PASSWORD)
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(lambda url: url.split("/", 3)[:3] != provider, wait_until="load")


def start_with_work_email(page: Page, email: str) -> None:
    page.goto("/account/sign-in/")
    check_page(page)
    follow(page, page.get_by_role("link", name="Sign in with your organisation's account"))
    page.get_by_label("Your work email address").fill(email)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def test_a_person_signs_in_with_their_work_account_and_lands_on_today(sso_page, northfield, oidc_provider):
    team = TeamFactory(organisation=northfield, name="Ward 7")
    person_in(northfield, team=team, role=Role.MEMBER, email="nurse@northfield.example", name="Nia Nurse")

    start_with_work_email(sso_page, "nurse@northfield.example")
    assert sso_page.url.startswith(oidc_provider.issuer)
    sign_in_at_provider(sso_page)

    expect(sso_page.get_by_role("heading", level=1)).to_contain_text("Nia")
    assert sso_page.url.endswith("/")
    check_page(sso_page)

    # Signing out ends the provider's session too, then comes back to Attend.
    sso_page.get_by_role("button", name="Sign out").click()
    sso_page.wait_for_url(f"{oidc_provider.issuer}/**")
    sso_page.get_by_role("button", name="Yes, sign me out").click()
    expect(sso_page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    check_page(sso_page)


def test_their_password_no_longer_works_and_they_are_told_where_to_go(sso_page, northfield):
    person = person_in(northfield, role=Role.MEMBER, email="nurse@northfield.example").user
    sso_page.goto("/account/sign-in/")
    sso_page.get_by_label("Email address").fill(person.email)
    sso_page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    sso_page.get_by_role("button", name="Sign in").click()
    expect(sso_page.locator(".nhsuk-error-summary")).to_contain_text("sign in with its own account")
    check_page(sso_page)


@pytest.mark.parametrize(
    ("login", "words"),
    [
        ("outsider", "an email address it has approved"),
        ("moved", "There is no Attend account for moved@northfield.example"),
        ("wrong-audience", "meant for another service"),
        ("expired", "had expired"),
    ],
)
def test_each_refusal_is_a_clear_page(sso_page, northfield, login, words):
    person_in(northfield, role=Role.MEMBER, email="nurse@northfield.example")
    person_in(northfield, role=Role.MEMBER, email="someone@elsewhere.example")
    person_in(OrganisationFactory(name="Riverside Care"), role=Role.MEMBER, email="moved@northfield.example")

    start_with_work_email(sso_page, "nurse@northfield.example")
    sign_in_at_provider(sso_page, login=login)

    expect(sso_page.get_by_role("heading", level=1)).to_have_text("You are not signed in")
    expect(sso_page.get_by_role("main")).to_contain_text(words)
    check_page(sso_page)


def test_a_replayed_return_address_is_refused(sso_page, browser, live_server, northfield):
    person_in(northfield, role=Role.MEMBER, email="nurse@northfield.example", name="Nia Nurse")
    returns = []
    sso_page.on("request", lambda request: returns.append(request.url) if "/sso/callback/" in request.url else None)
    start_with_work_email(sso_page, "nurse@northfield.example")
    sign_in_at_provider(sso_page)
    expect(sso_page.get_by_role("heading", level=1)).to_contain_text("Nia")

    # Someone who copied the return address (from a proxy log, a shared screen) tries it in their own browser,
    # and the person's own browser tries it again: neither signs anyone in.
    for page in (sso_page, browser.new_context(base_url=live_server.url).new_page()):
        page.goto(returns[0])
        expect(page.get_by_role("heading", level=1)).to_have_text("You are not signed in")
        expect(page.get_by_role("main")).to_contain_text("already been used or has timed out")
    check_page(sso_page)


def test_an_admin_sets_up_single_sign_on(page, oidc_provider):
    """`page` is the shared fixture: desktop and 320px, nothing requested outside Attend."""
    organisation = OrganisationFactory(name="Northfield Community Trust", slug="northfield")
    admin = person_in(organisation, role=Role.ADMIN, email="admin@northfield.example", name="Ada Admin").user
    sign_in(page, admin.email)
    page.goto("/organisation/")
    follow(page, page.get_by_role("link", name="Change single sign-on"))

    page.get_by_label("Issuer").fill(oidc_provider.issuer)
    page.get_by_label("Client ID").fill(oidc.SECRET_CLIENT)
    page.get_by_label("Client secret or private key").fill(oidc.SECRET)
    page.get_by_label("Email domains that may sign in").fill("northfield.example")
    page.get_by_label("Everyone must sign in with single sign-on").check()
    follow(page, page.get_by_role("button", name="Save"))

    expect(page.get_by_text("Single sign-on settings saved")).to_be_visible()
    expect(page.get_by_label("Client secret or private key")).to_have_value("")
    assert oidc.SECRET not in page.content()
