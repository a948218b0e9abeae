"""A question an organisation saved before the text rules still reads, so its rounds and answer pages work."""

import pytest

from attend.listen.models import OrganisationItem

pytestmark = pytest.mark.django_db


def test_a_listen_question_saved_before_the_text_rules_still_reads(org_admin):
    # An escape character: SQLite kept any control character before the rules (PostgreSQL refuses only NUL).
    item = OrganisationItem.objects.create(
        organisation=org_admin.organisation, key=OrganisationItem.new_key(), text="I feel\x1b heard"
    )

    assert item.as_item().text == "I feel\ufffd heard"
