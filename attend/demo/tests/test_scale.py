"""The scale generator (attend/demo/scale/): deterministic from its seed, and every answer sealed by Listen."""

import pytest

from attend.demo import scale
from attend.listen.models import PulseRound, Response
from attend.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _answer_pattern(organisation) -> list:
    rounds = PulseRound.objects.filter(organisation=organisation).order_by("team__name", "opens_on")
    return [
        (r.team.name, r.invited, r.responses.count(), r.responses.filter(batch__isnull=False).count()) for r in rounds
    ]


def test_the_same_seed_grows_the_same_trust():
    first, second = OrganisationFactory(slug="first"), OrganisationFactory(slug="second")

    counts = [scale.grow(organisation=org, size=scale.TINY, seed=7) for org in (first, second)]

    assert counts[0] == counts[1]
    assert _answer_pattern(first) == _answer_pattern(second)


def test_every_round_is_closed_with_only_whole_sealed_batches_counted():
    organisation = OrganisationFactory(slug="sealed")

    scale.grow(organisation=organisation, size=scale.TINY, seed=3)

    rounds = PulseRound.objects.filter(organisation=organisation)
    assert rounds.exists() and not rounds.filter(is_closed=False).exists()
    for pulse_round in rounds:
        sealed = pulse_round.responses.filter(batch__isnull=False).count()
        assert sealed % pulse_round.batch_size == 0
        assert pulse_round.responses.count() - sealed < pulse_round.batch_size  # a remainder never counts
    assert Response.objects.filter(round__organisation=organisation, batch__isnull=False).exists()
