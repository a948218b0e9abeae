"""An organisation's own identity: the NHS logo only for NHS organisations (NHS identity guidelines)."""

import pytest
from django.test import Client
from django.urls import reverse

from attend.core.models import AuditEvent
from attend.core.tests.pages import page
from attend.organisations import services
from attend.organisations.tests.support import invitation_tokens

pytestmark = pytest.mark.django_db


def header(response):
    return page(response).one("header")


def shows_nhs_logo(response) -> bool:
    return bool(header(response).select("svg", cls="nhsuk-header__logo"))


def header_name(response) -> str:
    names = header(response).select(cls="nhsuk-header__organisation-name")
    return names[0].text if names else ""


def test_an_nhs_organisation_has_the_nhs_logo_beside_its_name(org_admin_client, organisation):
    organisation.is_nhs = True
    organisation.save()

    response = org_admin_client.get("/")

    assert shows_nhs_logo(response)
    assert header_name(response) == "Northgate Community Care"


def test_an_organisation_outside_the_nhs_has_its_name_and_no_nhs_logo(org_admin_client, organisation):
    assert not organisation.is_nhs

    response = org_admin_client.get("/")

    assert not shows_nhs_logo(response)
    assert not header(response).select(aria_label="NHS")
    assert header_name(response) == "Northgate Community Care"
    [mark] = header(response).select("img")
    assert mark.get("alt") == ""
    assert header(response).one("a", cls="nhsuk-header__service-logo").get("aria-label") == (
        "Northgate Community Care, Attend homepage"
    )


def test_pages_outside_any_organisation_carry_no_nhs_logo(client):
    response = client.get(reverse("accounts:sign_in"))

    assert not shows_nhs_logo(response)
    assert header_name(response) == ""


def test_the_set_password_page_wears_the_inviting_organisations_identity(organisation, invite):
    organisation.is_nhs = True
    organisation.save()
    invite()
    [token] = invitation_tokens()

    response = Client().get(reverse("organisations:invitation_accept", args=[token]))

    assert shows_nhs_logo(response)
    assert header_name(response) == "Northgate Community Care"


def test_the_admin_says_the_organisation_is_nhs_and_the_change_is_audited(org_admin_client, organisation):
    response = org_admin_client.post(reverse("organisations:identity"), {"is_nhs": "yes"})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.is_nhs
    [event] = organisation.audit_events.filter(action=AuditEvent.Action.NHS_IDENTITY_CHANGED)
    assert event.details == {"is_nhs": True}
    assert shows_nhs_logo(org_admin_client.get("/"))
    assert (
        "NHS identity changed: an NHS organisation"
        in page(org_admin_client.get(reverse("organisations:audit_log"))).text
    )


def test_saving_the_same_answer_records_nothing(org_admin, organisation):
    services.organisation_identity_set(organisation=organisation, is_nhs=False, by=org_admin.user)

    assert not organisation.audit_events.exists()


def test_no_answer_is_an_error_naming_the_question(org_admin_client):
    response = org_admin_client.post(reverse("organisations:identity"), {})

    assert response.status_code == 422
    assert "Say whether your organisation is part of the NHS" in page(response).one(cls="nhsuk-error-summary").text


def test_the_choice_of_one_organisation_leaves_another_as_it_was(org_admin_client, other_organisation):
    org_admin_client.post(reverse("organisations:identity"), {"is_nhs": "yes"})

    other_organisation.refresh_from_db()
    assert not other_organisation.is_nhs
