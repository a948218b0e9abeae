"""What Listen's pages say about counts and waiting: plain words, always true to the batch rule."""

import datetime

from attend.listen import presenters, results
from attend.listen.anonymity import Thresholds
from attend.listen.models import InviteMethod, PulseRound

ITEMS = ()
DEFAULT = Thresholds()


def figures(sealed: int, pending: int, *, thresholds=DEFAULT, batch: int = 5) -> results.RoundResults:
    responses = [results.ResponseData(batch=("r", n // batch + 1), answers={}) for n in range(sealed)]
    responses += [results.ResponseData(batch=None, answers={}) for _ in range(pending)]
    return results.round_results(responses, items=ITEMS, thresholds=thresholds, invited=12)


def a_round(**fields) -> PulseRound:
    defaults = {"batch_size": 5, "invited": 12, "invite": InviteMethod.EMAIL, "is_closed": False}
    return PulseRound(opens_on=datetime.date(2026, 12, 1), closes_on=datetime.date(2026, 12, 14), **defaults | fields)


def test_before_the_fifth_answer_the_page_says_when_results_appear():
    message = presenters.waiting_message(figures(0, 4), a_round())
    assert message == "Not enough answers yet: results appear when 5 people have answered."


def test_between_batches_the_page_says_how_many_more_are_needed():
    message = presenters.waiting_message(figures(5, 3), a_round())
    assert message.startswith("The results below rest on 5 answers. They update when 2 more people answer")


def test_a_closed_round_explains_the_remainder_it_never_counts():
    assert "2 of the answers are not in these results" in presenters.waiting_message(
        figures(10, 2), a_round(is_closed=True)
    )
    assert "closed with fewer than 5" in presenters.waiting_message(figures(0, 4), a_round(is_closed=True))


def test_a_raised_threshold_hides_smaller_batches_and_says_so():
    message = presenters.waiting_message(figures(5, 0, thresholds=Thresholds(figures=6, comments=10)), a_round())
    assert "now asks for 6 answers" in message


def test_response_rate_in_words():
    assert presenters.response_rate(figures(5, 2), a_round()) == "7 of 12 answered"
    assert presenters.response_rate(figures(0, 1), a_round(invite=InviteMethod.LINK)) == "1 answer, from a team of 12"
