"""Deployment settings and the security headers every page carries."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string

from attend.accounts.tests.factories import TEST_PASSWORD
from attend.core.crypto import new_key
from attend.core.tests.pages import page

PRODUCTION = "attend.config.settings.production"
ALLOWED_SOURCES = {"'self'", "'none'", "data:"}
NONCE = re.compile(r"'nonce-[A-Za-z0-9+/=_-]+'")


def run_with_production_settings(args: list[str], tmp_path, **environment) -> subprocess.CompletedProcess:
    """Run the venv's Python with production settings and only the environment given here."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "ATTEND_ENCRYPTION_KEYS",
            "SITE_URL",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(DJANGO_SETTINGS_MODULE=PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}")
    env.update(environment)
    return subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def a_secret_key() -> str:
    key = secrets.token_urlsafe(48)
    assert len(key) == 64
    return key


def complete_environment(**overrides) -> dict[str, str]:
    """Everything production needs; tests remove one thing at a time."""
    environment = {
        "SECRET_KEY": a_secret_key(),
        "ALLOWED_HOSTS": "attend.example.nhs.uk",
        "ATTEND_ENCRYPTION_KEYS": f"{new_key()},{new_key()}",
        "SITE_URL": "https://attend.example.nhs.uk",
    }
    environment.update(overrides)
    return {name: value for name, value in environment.items() if value is not None}


@pytest.mark.slow
class TestProductionSettings:
    def test_they_refuse_to_load_without_an_https_site_address_for_emails(self, tmp_path):
        for site_url in (None, "http://attend.example.nhs.uk"):
            result = run_with_production_settings(
                ["-c", f"import {PRODUCTION}"], tmp_path, **complete_environment(SITE_URL=site_url)
            )

            assert result.returncode != 0
            assert "Set SITE_URL" in result.stderr

    def test_they_refuse_to_load_without_a_secret_key(self, tmp_path):
        result = run_with_production_settings(["-c", f"import {PRODUCTION}"], tmp_path)

        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "Set SECRET_KEY" in result.stderr

    def test_they_refuse_a_short_secret_key(self, tmp_path):
        result = run_with_production_settings(["-c", f"import {PRODUCTION}"], tmp_path, SECRET_KEY="k" * 49)

        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr

    @pytest.mark.parametrize(
        ("missing", "message"),
        [("ALLOWED_HOSTS", "Set ALLOWED_HOSTS"), ("ATTEND_ENCRYPTION_KEYS", "Set ATTEND_ENCRYPTION_KEYS")],
    )
    def test_they_refuse_to_load_without_each_required_setting(self, tmp_path, missing, message):
        result = run_with_production_settings(
            ["-c", f"import {PRODUCTION}"], tmp_path, **complete_environment(**{missing: None})
        )

        assert result.returncode != 0
        assert message in result.stderr

    def test_the_deployment_check_passes_without_warnings(self, tmp_path):
        result = run_with_production_settings(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            tmp_path,
            **complete_environment(),
        )

        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "System check identified no issues (0 silenced)." in result.stdout
        assert "WARNING" not in output

    def test_they_secure_cookies_and_connections(self, tmp_path):
        script = (
            "import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps({name: getattr(s, name) for name in ["
            "'DEBUG', 'ALLOW_DEMO_DATA', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
            "'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_AGE', 'ALLOWED_HOSTS']}))"
        )
        result = run_with_production_settings(["-c", script], tmp_path, **complete_environment())

        assert result.returncode == 0, result.stderr
        values = json.loads(result.stdout)
        assert values["DEBUG"] is False
        assert values["ALLOW_DEMO_DATA"] is False
        assert values["SESSION_COOKIE_SECURE"] is True
        assert values["CSRF_COOKIE_SECURE"] is True
        assert values["SECURE_SSL_REDIRECT"] is True
        assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
        assert values["SESSION_COOKIE_AGE"] == 8 * 60 * 60
        assert values["ALLOWED_HOSTS"] == ["attend.example.nhs.uk"]

    def test_demo_data_is_not_even_installed_in_production(self, tmp_path):
        result = run_with_production_settings(["manage.py", "demo_data"], tmp_path, **complete_environment())

        assert result.returncode != 0
        assert "Unknown command: 'demo_data'" in result.stderr

    def test_no_demo_code_is_installed_in_production(self, tmp_path):
        result = run_with_production_settings(
            ["-c", "import django; django.setup(); from django.conf import settings; print(settings.INSTALLED_APPS)"],
            tmp_path,
            **complete_environment(),
        )

        assert result.returncode == 0, result.stderr
        assert "attend.demo" not in result.stdout and "attend.practice" in result.stdout


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def permissions_policy(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(","))


@pytest.fixture(params=["sign in", "today", "not found"])
def any_page(request, member_client, client):
    if request.param == "sign in":
        return client.get("/account/sign-in/")
    if request.param == "today":
        return member_client.get("/")
    return member_client.get("/no-such-page/")


class TestContentSecurityPolicy:
    def test_every_page_carries_the_policy(self, any_page):
        directives = csp_directives(any_page)

        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["form-action"] == ["'self'"]
        assert directives["base-uri"] == ["'self'"]

    def test_the_policy_allows_nothing_from_another_host(self, any_page):
        for name, sources in csp_directives(any_page).items():
            for source in sources:
                assert source in ALLOWED_SOURCES or NONCE.fullmatch(source), f"{name} allows {source}"

    def test_scripts_run_only_from_this_server_or_with_the_pages_nonce(self, any_page):
        script_sources = csp_directives(any_page)["script-src"]
        nonces = [source for source in script_sources if NONCE.fullmatch(source)]
        assert len(nonces) == 1
        nonce = nonces[0][len("'nonce-") : -1]

        for script in page(any_page).select("script"):
            if script.get("src"):
                assert script.get("src").startswith("/static/")
            else:
                assert script.get("nonce") == nonce

    def test_stylesheets_and_icons_come_from_this_server(self, any_page):
        for link in page(any_page).select("link"):
            assert link.get("href").startswith("/static/")

    def test_each_response_gets_a_fresh_nonce(self, client):
        first = csp_directives(client.get("/account/sign-in/"))["script-src"]
        second = csp_directives(client.get("/account/sign-in/"))["script-src"]

        assert first != second


class TestOtherHeaders:
    def test_pages_cannot_be_framed_sniffed_or_leak_their_address(self, any_page):
        assert any_page.headers["X-Frame-Options"] == "DENY"
        assert any_page.headers["X-Content-Type-Options"] == "nosniff"
        assert any_page.headers["Referrer-Policy"] == "same-origin"

    def test_powerful_browser_features_are_switched_off(self, any_page):
        policy = permissions_policy(any_page)

        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"):
            assert policy[feature] == "()", feature
        assert policy["display-capture"] == "()"
        assert policy["browsing-topics"] == "()"

    def test_practice_keeps_the_screen_awake_and_nothing_else_is_granted_beyond_this_site(self, member_client):
        policy = permissions_policy(member_client.get("/practice/"))

        assert policy["screen-wake-lock"] == "(self)"
        assert set(policy.values()) <= {"()", "(self)"}

    def test_the_session_cookie_is_out_of_reach_of_scripts_and_other_sites(self, client, member):
        response = client.post("/account/sign-in/", {"email": member.user.email, "password": TEST_PASSWORD})

        cookie = response.cookies["sessionid"]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


class TestTemplates:
    def test_pages_escape_what_people_type(self):
        template = engines["jinja2"].from_string("<p>{{ name }}</p>")

        assert template.render({"name": "<b>O'Neill</b>"}) == "<p>&lt;b&gt;O&#39;Neill&lt;/b&gt;</p>"

    def test_plain_text_emails_keep_names_as_written(self):
        body = render_to_string(
            "accounts/email/password_reset.txt",
            {
                "user": {"name": "Siobhán O'Neill & Co"},
                "link": "https://attend.example/account/password-reset/MQ/set-by-django/",
            },
        )

        assert body.startswith("Hello Siobhán O'Neill & Co,")
        assert "https://attend.example/account/password-reset/MQ/set-by-django/" in body
