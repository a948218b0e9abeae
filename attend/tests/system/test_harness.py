"""The browser checks judge a page as a person sees it, not half-loaded (CI once caught axe ahead of a script)."""

import re
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from attend.tests.system.conftest import VIEWPORTS, check_page, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

SCRIPT_DELAY_SECONDS = 1.5


def slow_script_server(script: bytes) -> ThreadingHTTPServer:
    """Serve one script after a pause, as a slow network would; module scripts from another origin need CORS."""

    class SlowScript(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(SCRIPT_DELAY_SECONDS)
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(script)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowScript)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_check_page_waits_for_the_header_script_on_a_narrow_screen(browser, live_server, leader, server_warmed):
    # Given a leader on a 320px screen whose NHS.UK script arrives late. Until it runs, the menu is one row
    # running past the blue header, so a check made then would find the last link unreadable.
    context = browser.new_context(viewport=VIEWPORTS["mobile"], base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    sign_in(page, leader.user.email)
    with urllib.request.urlopen(f"{live_server.url}/static/js/nhsuk-frontend.min.js") as response:
        server = slow_script_server(response.read())
    slow_url = f"http://127.0.0.1:{server.server_port}/nhsuk-frontend.min.js"
    redirect_to_slow = {"status": 302, "headers": {"Location": slow_url}}
    page.route(re.compile(r".*/nhsuk-frontend\.min\.js$"), lambda route: route.fulfill(**redirect_to_slow))

    try:
        # When the page's heading shows before the script has run
        page.goto("/", wait_until="commit")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Lee")

        # Then the check waits for the script, and the page it judges has the menu folded under "More"
        check_page(page)
        menu = page.get_by_role("navigation", name="Menu")
        expect(menu.get_by_role("button", name="More")).to_be_visible()
    finally:
        server.shutdown()
        context.close()
