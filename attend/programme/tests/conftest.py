"""Programme fixtures: the facilitator's running cohort, with the leader in it; helpers to fill a cohort."""

import datetime

import pytest
from django.utils import timezone

from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in
from attend.programme import selectors, services
from attend.programme.tests.support import participant_add


@pytest.fixture
def programme(facilitator):
    return services.programme_create(
        organisation=facilitator.organisation, by=facilitator.user, title="Compassionate leadership"
    )


@pytest.fixture
def cohort(programme, facilitator):
    today = timezone.localdate()
    return services.cohort_create(
        programme=programme,
        by=facilitator.user,
        name="Spring cohort",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=60),
        status="running",
    )


@pytest.fixture
def place(cohort, leader, facilitator):
    """The leader's place in the cohort."""
    return participant_add(cohort=cohort, by=facilitator.user, email=leader.user.email)


@pytest.fixture
def session(cohort, facilitator, place):
    return services.session_schedule(
        cohort=cohort,
        by=facilitator.user,
        title="Session 2: attending",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        minutes=120,
        place="Room 2",
    )


@pytest.fixture
def thread(cohort):
    return services.cohort_thread(cohort)


def add_people(cohort, facilitator, count: int, *, start: int = 0) -> list:
    """`count` more people from the facilitator's organisation, each with a place in the cohort."""
    places = []
    for index in range(start, start + count):
        membership = person_in(
            facilitator.organisation, role=Role.MEMBER, email=f"person{index}@example.test", name=f"Person {index}"
        )
        places.append(participant_add(cohort=cohort, by=facilitator.user, email=membership.user.email))
    return places


def full_answers(assignment, value: int = 3) -> dict:
    """An answer to every item of every measure at the assignment's point: `value` clipped to each scale."""
    return {
        measure.key: {item.key: max(measure.scale.min, min(measure.scale.max, value)) for item in measure.items}
        for measure in selectors.assignment_measures(assignment)
    }
