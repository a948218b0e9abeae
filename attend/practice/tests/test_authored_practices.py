"""Attack: an organisation's own practice saved through the service with a script its page cannot show used to
make `/practice/` and `/sw.js` answer 500 for everyone in the organisation. The service now refuses it with the
field named; and a row that is already broken (saved before this check) is left out, not fatal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from attend.practice import services
from attend.practice.models import OrganisationPractice
from attend.practice.tests.support import own_practice

pytestmark = pytest.mark.django_db

GOOD_SCRIPT = "0:00 Stop where you are.\n0:20 Feel your feet.\n0:45 Go in."


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"script": "Settle into your seat"}, "script", "Line 1: start with a time"),
        ({"script": "0:30 Late start"}, "script", "the first cue starts at 0:00"),
        ({"script": "0:00 Sit.\n0:55 Too near the end."}, "script", "seconds before the end"),
        ({"script": "0:00 Sit.\x00\n0:20 Breathe."}, "script", "null character"),
        ({"script": "0:00 Sit.\n0:20 \ud83dBreathe."}, "script", "broken character"),
        ({"title": "Arriving\x1b[2J"}, "title", "hidden control character"),
        ({"title": "A" * 101}, "title", "100 characters or fewer"),
        ({"purpose": "One line\nand another"}, "purpose", "line break"),
        ({"when": "x" * 141}, "when", "140 characters or fewer"),
        ({"length_seconds": 0}, "length_seconds", "between 0:11 and 60:00"),
        ({"length_seconds": 10**9}, "length_seconds", "between 0:11 and 60:00"),
    ],
)
def test_the_service_refuses_a_practice_its_pages_cannot_show(facilitator, fields, field, words):
    with pytest.raises(ValidationError) as refused:
        own_practice(facilitator.organisation, facilitator.user, **fields)

    assert field in refused.value.message_dict
    assert any(words in message for message in refused.value.message_dict[field])
    assert not OrganisationPractice.objects.exists()


def test_changing_a_practice_to_a_broken_script_leaves_it_as_it_was(facilitator):
    practice = own_practice(facilitator.organisation, facilitator.user)

    with pytest.raises(ValidationError):
        services.organisation_practice_save(
            organisation=facilitator.organisation,
            by=facilitator.user,
            practice=practice,
            title="Changed",
            purpose="p",
            when="w",
            length_seconds=60,
            script="no times at all",
        )

    practice.refresh_from_db()
    assert (practice.title, practice.script) == ("Before handover", GOOD_SCRIPT)


def test_the_service_saves_text_normalised(facilitator):
    practice = own_practice(
        facilitator.organisation, facilitator.user, title="Cafe\u0301 pause", script="0:00 Sit.\r\n0:20 Breathe."
    )

    assert practice.title == "Caf\u00e9 pause"
    assert practice.script == "0:00 Sit.\n0:20 Breathe."


def test_a_broken_practice_already_saved_does_not_break_the_library_or_the_service_worker(
    facilitator, member_client, facilitator_client
):
    # As a row saved before the service checked scripts: written straight to the table.
    OrganisationPractice.objects.create(
        organisation=facilitator.organisation,
        title="Broken",
        purpose="p",
        when="w",
        length_seconds=60,
        script="no times here",
    )
    good = own_practice(facilitator.organisation, facilitator.user, title="Still here")

    library = member_client.get(reverse("practice:index"))
    worker = member_client.get(reverse("service_worker"))

    assert library.status_code == 200
    assert "Still here" in library.content.decode()
    assert "Broken" not in library.content.decode()
    assert worker.status_code == 200
    assert str(good.pk) in worker.content.decode()
    # The facilitators' own list still shows it, so they can open it and put it right.
    assert "Broken" in facilitator_client.get(reverse("practice:organisation_practices")).content.decode()
