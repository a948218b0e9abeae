"""Who may see what in Practice: one practice, session or preset by its key or id, and nothing of anyone else's."""

import uuid
from datetime import UTC, datetime

import pytest

from attend.practice import access, services
from attend.practice.models import OrganisationPractice
from attend.practice.tests.support import own_practice, record
from attend.practice.timing import Stage, TimerSettings

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)


# Which practices a person can open


def test_practice_for_finds_a_built_in_practice_with_or_without_an_organisation(organisation):
    assert access.practice_for(organisation, "stop").title == "STOP"
    assert access.practice_for(None, "stop").title == "STOP"


def test_practice_for_finds_this_organisations_practice_by_its_id(organisation, facilitator):
    row = own_practice(organisation, facilitator.user)

    practice = access.practice_for(organisation, str(row.pk))

    assert practice.key == str(row.pk)
    assert practice.title == "Before handover"
    assert practice.length_seconds == 60
    assert [cue.at for cue in practice.cues] == [0, 20, 45]


def test_practice_for_does_not_find_another_organisations_practice(organisation, other_organisation, other_leader):
    theirs = own_practice(other_organisation, other_leader.user)

    with pytest.raises(OrganisationPractice.DoesNotExist):
        access.practice_for(organisation, str(theirs.pk))
    with pytest.raises(OrganisationPractice.DoesNotExist):
        access.practice_for(None, str(theirs.pk))
    assert access.practice_for(other_organisation, str(theirs.pk)) is not None


def test_practice_for_does_not_find_an_archived_practice(organisation, facilitator):
    row = own_practice(organisation, facilitator.user)
    services.organisation_practice_archive(practice=row, by=facilitator.user)

    with pytest.raises(OrganisationPractice.DoesNotExist):
        access.practice_for(organisation, str(row.pk))


@pytest.mark.parametrize("key", ["", "nonsense", "body-scan-45", "12345", str(uuid.UUID(int=0)), "../stop"])
def test_practice_for_does_not_find_a_junk_key(organisation, key):
    with pytest.raises(OrganisationPractice.DoesNotExist):
        access.practice_for(organisation, key)


# An organisation's own practice, to change or archive


def test_organisation_practice_of_finds_an_archived_practice_of_this_organisation_only(
    organisation, facilitator, other_organisation
):
    row = own_practice(organisation, facilitator.user)
    services.organisation_practice_archive(practice=row, by=facilitator.user)

    assert access.organisation_practice_of(organisation, row.pk) == row
    with pytest.raises(OrganisationPractice.DoesNotExist):
        access.organisation_practice_of(other_organisation, row.pk)
    with pytest.raises(OrganisationPractice.DoesNotExist):
        access.organisation_practice_of(None, row.pk)


# A person's own sessions and presets


def test_another_persons_session_and_preset_are_not_found_by_their_id(leader, member):
    theirs = record(member.user, started_at=NOW)
    preset = services.timer_preset_save(
        person=member.user, name="Theirs", settings=TimerSettings(stages=(Stage("Sit", 600),))
    )

    with pytest.raises(theirs.DoesNotExist):
        access.session_of_person(leader.user, theirs.client_id)
    with pytest.raises(preset.DoesNotExist):
        access.preset_of_person(leader.user, preset.pk)
    assert access.session_of_person(member.user, theirs.client_id) == theirs
