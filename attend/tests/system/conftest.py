"""Real-browser journeys: Playwright driving Debian's Chromium against a live Attend server.

Every page a journey visits is checked with axe-core against WCAG 2.2 A and AA; see `check_accessibility`.
"""

import json
import os
import re
import shutil
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Locator, Page, expect, sync_playwright

from attend.accounts.tests.factories import TEST_PASSWORD
from attend.accounts.tests.two_factor_support import unused_totp_code_for

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SOURCE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 320, "height": 640}}


def chromium_path() -> str:
    # ATTEND_CHROMIUM tries another build (say, an older Debian package unpacked to a folder).
    path = os.environ.get("ATTEND_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it")
    return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return VIEWPORTS[request.param]


@pytest.fixture(scope="session")
def server_warmed(live_server):
    """Ask for one page before any journey starts, with room to spare: the first request loads every view and
    compiles the layout, which can take longer than a step's 10 seconds on a busy machine."""
    with urllib.request.urlopen(f"{live_server.url}/account/sign-in/", timeout=120):
        pass


@pytest.fixture
def new_page(browser, live_server, viewport, server_warmed):
    """Open pages in fresh browser contexts, each with its own cookies: another person, or the same person elsewhere.

    Every page is at the test's viewport and may request nothing outside the live server.
    """
    contexts = []
    requests_outside = []

    def open_page(*, service_workers: str = "allow") -> Page:
        # bypass_csp lets the test inject axe-core; Attend's own pages never need it. service_workers="block"
        # makes every request of the page reach page.route, which some Chromium builds skip for a page a
        # service worker controls.
        context = browser.new_context(
            viewport=viewport, base_url=live_server.url, bypass_csp=True, service_workers=service_workers
        )
        context.on(
            "request",
            lambda request: (
                requests_outside.append(request.url)
                if not request.url.startswith((live_server.url, "data:", "about:"))
                else None
            ),
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert requests_outside == [], f"pages requested something outside the server: {requests_outside}"


@pytest.fixture
def page(new_page):
    return new_page()


def heading(page: Page) -> Locator:
    """The page's one h1."""
    return page.get_by_role("heading", level=1)


def check_accessibility(page: Page) -> None:
    """Run axe-core on the current page; fail with each violation's rule and the elements it names."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE.read_text())
    results = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [
        {"rule": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]} for v in results["violations"]
    ]
    assert violations == [], f"axe found problems on {page.url}:\n{json.dumps(violations, indent=2)}"


def assert_no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def visit_checked(page: Page, path_or_url: str) -> None:
    page.goto(path_or_url)
    check_page(page)


def wait_until_settled(page: Page) -> None:
    """Wait for the page's scripts to have run and laid it out, as a person would see it.

    An assertion on text can pass while the page is still loading. Until NHS.UK's header script has run, a
    narrow screen's menu is one row that overflows the blue header, so axe would judge links it is about to fold
    under "More". Two animation frames let the header's resize handler finish too.
    """
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def check_page(page: Page) -> None:
    wait_until_settled(page)
    check_accessibility(page)
    assert_no_horizontal_scroll(page)


def follow(page: Page, target: Locator) -> None:
    """Click a link or button that opens another page, wait for that page, then check it.

    Checking straight after the click races the navigation: axe can land on a page being torn down.
    """
    with page.expect_navigation():
        target.click()
    check_page(page)


def sign_in(page: Page, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/account/sign-in/")
    check_page(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile("Good|Enter your security code"))
    if "security code" in heading.inner_text():
        complete_second_step(page, email)
    expect(heading).to_contain_text("Good")


def complete_second_step(page: Page, email: str) -> None:
    """The second step of signing in, for a person with an authenticator app: the code their app shows now."""
    check_page(page)
    page.get_by_label("Security code").fill(unused_totp_code_for(email))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def tab_to(page: Page, target: Locator, *, limit: int = 60) -> None:
    """Press Tab, as a keyboard user would, until `target` has focus; fail if it is never reached."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} was not reached after pressing Tab {limit} times on {page.url}")


def open_from_menu(page: Page, name: str) -> None:
    """Follow a header menu link; on a narrow screen the header folds some links under "More"."""
    menu = page.get_by_role("navigation", name="Menu")
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        menu.get_by_role("button", name="More").click()
    with page.expect_navigation():
        link.click()
