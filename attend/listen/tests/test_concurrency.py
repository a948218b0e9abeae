"""Many people answering at once: none lost, none counted twice, a link used twice at the same moment counts once,
and every sealed batch holds exactly five. On PostgreSQL submissions truly run in parallel (the round's row lock
orders them); on SQLite they queue for the database's write lock (see `services._lock_round`)."""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connections

from attend.listen import services
from attend.listen.models import Invitation, Response
from attend.listen.tests.support import OPENS, open_round, staff, tokens_of

pytestmark = [pytest.mark.django_db(transaction=True)]
PEOPLE = 33


def _answer_all_at_once(pulse_round, tokens: list[str]) -> list[str]:
    """Each submission in its own thread and database connection, released together by a barrier."""
    barrier = threading.Barrier(len(tokens))
    outcomes: list[str] = []
    lock = threading.Lock()

    def answer(token: str) -> None:
        try:
            barrier.wait()
            services.pulse_response_submit(
                token=token,
                answers=dict.fromkeys(pulse_round.item_keys, 4),
                comment="",
                today=OPENS + datetime.timedelta(days=1),
            )
            outcome = "saved"
        except services.LinkProblem as problem:
            outcome = problem.kind
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=answer, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_simultaneous_answers_are_all_counted_once_in_whole_batches(team, leader):
    staff(team, PEOPLE)
    pulse_round = open_round(team, leader.user).round
    tokens = tokens_of(pulse_round)
    twice = tokens[0]
    outcomes = _answer_all_at_once(pulse_round, [*tokens, twice])

    assert Counter(outcomes) == {"saved": PEOPLE, services.LinkProblem.USED: 1}
    assert Response.objects.filter(round=pulse_round).count() == PEOPLE
    assert Invitation.objects.filter(round=pulse_round, used=True).count() == PEOPLE
    batches = Counter(Response.objects.filter(round=pulse_round).values_list("batch", flat=True))
    pending = batches.pop(None, 0)
    assert set(batches.values()) == {pulse_round.batch_size}
    assert sorted(batches) == list(range(1, PEOPLE // pulse_round.batch_size + 1))
    assert pending == PEOPLE % pulse_round.batch_size
