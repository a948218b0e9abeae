"""The demo leader's team: six monthly pulses in which listening improves, one still under the threshold, a few
actions; every row obeys the anonymity design, and loading twice changes nothing."""

from collections import Counter

import pytest

from attend.demo import listen as demo
from attend.demo import organisations as organisations_demo
from attend.listen import selectors
from attend.listen.models import Action, PulseRound, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    organisations_demo.load()
    demo.load()
    return list(PulseRound.objects.order_by("opens_on"))


def test_six_monthly_rounds_in_whole_batches(loaded):
    assert len(loaded) == 6 and {r.cadence for r in loaded} == {"monthly"}
    for pulse_round in loaded:
        sizes = Counter(Response.objects.filter(round=pulse_round).exclude(batch=None).values_list("batch", flat=True))
        assert set(sizes.values()) <= {pulse_round.batch_size}


def test_listening_improves_and_the_open_round_shows_nothing_yet(loaded):
    views = [selectors.round_view(pulse_round) for pulse_round in loaded]
    attending = [view.results.score("attending") for view in views]
    assert all(score is not None for score in attending[:5])
    assert attending[0] < attending[2] < attending[4]
    assert not views[-1].results.visible and views[-1].results.responses == demo.OPEN_ROUND_ANSWERS
    assert views[-1].round.is_closed is False and all(view.round.is_closed for view in views[:5])
    assert any(view.results.comments for view in views[:5])
    assert not any(view.round.joined_before for view in views), "nobody joined just before a round"


def test_loading_again_changes_nothing(loaded):
    counts = (PulseRound.objects.count(), Response.objects.count(), Action.objects.count())
    assert demo.load() == "Demo pulses are already loaded."
    assert (PulseRound.objects.count(), Response.objects.count(), Action.objects.count()) == counts
    assert Action.objects.count() == len(demo.ACTIONS)
