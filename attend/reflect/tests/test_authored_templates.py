"""Attack: an organisation's reflection template saved before the text rules (or any check it now fails) must
not take the journal down for the whole organisation: it is left out, and the others are offered."""

import pytest
from django.urls import reverse

from attend.reflect.models import OrganisationTemplate
from attend.reflect.services import organisation_template_create

pytestmark = pytest.mark.django_db


def test_a_reflection_template_saved_before_the_text_rules_does_not_break_the_journal(
    facilitator, member, member_client
):
    good = organisation_template_create(
        organisation=facilitator.organisation,
        by=facilitator.user,
        name="After a debrief",
        summary="When the team has talked",
        prompts=[("What went well?", "")],
    )
    broken = dict(good.definition, key=f"{good.definition['key']}-old", name="Old\x1b template")
    OrganisationTemplate.objects.create(
        organisation=facilitator.organisation, key="old", definition=broken, created_by=facilitator.user
    )

    response = member_client.get(reverse("reflect:new"))

    assert response.status_code == 200
    assert "After a debrief" in response.content.decode()
    assert "Old" not in response.content.decode()
