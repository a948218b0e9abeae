"""Error pages keep the NHS.UK layout, so a person is never left on a bare page."""

import pytest
from django.test import Client, RequestFactory

from attend.accounts.tests.factories import UserFactory
from attend.core.tests.pages import main_heading, page, page_title
from attend.core.views import server_error

pytestmark = pytest.mark.django_db


def assert_nhsuk_layout(response):
    html = page(response)
    assert html.one("header", cls="nhsuk-header")
    assert html.one("main", id="maincontent")
    footer = html.one("footer")
    assert footer.select("a", href="/accessibility/")
    assert html.one("a", cls="nhsuk-skip-link").get("href") == "#maincontent"
    assert "Go to Today" in [link.text for link in html.one("main").select("a", href="/")]


class TestNotFound:
    def test_a_missing_page_is_explained_in_the_layout(self, client):
        response = client.get("/no-such-page/")

        assert response.status_code == 404
        assert_nhsuk_layout(response)
        assert main_heading(response) == "Page not found"
        assert page_title(response) == "Page not found – Attend"
        assert "check it is correct" in page(response).one("main").text

    def test_a_signed_in_person_keeps_their_navigation(self, member_client):
        response = member_client.get("/no-such-page/")

        assert response.status_code == 404
        assert_nhsuk_layout(response)
        assert page(response).select("a", cls="nhsuk-header__navigation-link")

    def test_a_person_in_no_organisation_gets_the_page_too(self, db):
        client = Client()
        client.force_login(UserFactory())

        response = client.get("/no-such-page/")

        assert response.status_code == 404
        assert main_heading(response) == "Page not found"


class TestForbidden:
    def test_a_page_beyond_a_persons_roles_is_explained_in_the_layout(self, member_client):
        response = member_client.get("/organisation/")

        assert response.status_code == 403
        assert_nhsuk_layout(response)
        assert main_heading(response) == "You cannot open this page"
        assert page_title(response) == "You cannot open this page – Attend"
        assert "ask your organisation admin" in page(response).one("main").text


class TestServerError:
    @pytest.mark.urls("attend.core.tests.error_urls")
    def test_a_failure_shows_an_apology_in_the_layout(self, member):
        client = Client(raise_request_exception=False)
        client.force_login(member.user)

        response = client.get("/broken/")

        assert response.status_code == 500
        assert_nhsuk_layout(response)
        assert main_heading(response) == "Sorry, there is a problem"
        assert b"Broken on purpose" not in response.content


def test_the_500_page_renders_even_when_the_request_failed_before_the_organisation_was_known(member):
    request = RequestFactory().get("/")
    request.user = member.user  # signed in, but the organisation middleware never ran

    response = server_error(request)

    assert response.status_code == 500
    assert "Sorry, there is a problem" in response.content.decode()


class TestRefusedInput:
    @pytest.mark.urls("attend.core.tests.error_urls")
    def test_a_refusal_that_escapes_a_view_says_what_to_fix_not_500(self, member):
        client = Client(raise_request_exception=False)
        client.force_login(member.user)

        response = client.get("/refused/", {"name": "Ben\x1bFletcher"})

        assert response.status_code == 400
        assert_nhsuk_layout(response)
        assert main_heading(response) == "Sorry, we could not save that"
        assert "The name contains a hidden control character (character 4)" in page(response).one("main").text

    @pytest.mark.urls("attend.core.tests.error_urls")
    def test_postgresql_refusing_a_nul_byte_is_a_400_not_a_500(self, member):
        client = Client(raise_request_exception=False)
        client.force_login(member.user)

        response = client.get("/nul/")

        assert response.status_code == 400
        assert "contains a null character" in page(response).one("main").text
