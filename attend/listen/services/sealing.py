"""Sealing: the round's lock, whole batches sealed in a fresh order with fresh ids (ADR 0012), and the figures each
batch adds up to kept as it seals (ADR 0026), so pages read a few rows and never rescore every answer."""

import datetime

from django.db import connection
from django.db.models import F, Max

from attend.listen import anonymity, results, selectors
from attend.listen.models import PulseRound, Response, SealedBatch


def lock_round(pulse_round_id) -> PulseRound:
    """The round, row-locked until the transaction ends. SQLite ignores SELECT ... FOR UPDATE, and a transaction
    that has read before it writes fails at once ("database is locked") when another wrote meanwhile, so there a
    no-op write takes the database's write lock first: concurrent submissions then wait their turn."""
    if connection.vendor == "sqlite":
        PulseRound.objects.filter(pk=pulse_round_id).update(is_closed=F("is_closed"))
    return PulseRound.objects.select_for_update().get(pk=pulse_round_id)


def seal_ready_batches(pulse_round: PulseRound, *, today: datetime.date) -> None:
    """Called under the round's row lock, so two submissions can never both seal, or lose, a response.

    Pending rows are rewritten on every submission too, so no pending row keeps the transaction (PostgreSQL's
    xmin), the physical position or the day that it shares with the invitation used to send it."""
    pending = list(pulse_round.responses.filter(batch__isnull=True))
    while anonymity.batch_to_seal(len(pending), pulse_round.batch_size):
        sealing, pending = pending[: pulse_round.batch_size], pending[pulse_round.batch_size :]
        last = pulse_round.responses.aggregate(last=Max("batch"))["last"] or 0
        rewrite(sealing, batch=last + 1, day=today)
        sealed_batch_keep(
            pulse_round=pulse_round,
            batch=last + 1,
            answers=[row.answers for row in sealing],
            items=selectors.round_items(pulse_round),
        )
    rewrite(pending, batch=None, day=today)


def sealed_batch_keep(*, pulse_round: PulseRound, batch: int, answers, items) -> SealedBatch:
    """Keep what a batch that has just sealed adds up to (`results.batch_figures`), in the same transaction as the
    sealing, so the kept figures and the answers can never disagree. Also used to back-fill batches sealed before
    figures were kept (migration `0006_keep_figures_of_sealed_batches`); keeping a batch twice changes nothing."""
    figures = results.batch_figures(batch, answers, items)
    kept, _ = SealedBatch.objects.update_or_create(
        round_id=pulse_round.pk,
        batch=batch,
        defaults={
            "size": figures.size,
            "themes": {key: list(value) for key, value in figures.themes.items()},
            "items": {key: list(value) for key, value in figures.items.items()},
        },
    )
    return kept


def rewrite(rows: list[Response], *, batch: int | None, day: datetime.date) -> None:
    """Rewrite rows in a fresh random order with fresh random ids, so neither reveals who answered when.

    Every row rewritten together takes the same day (today's), so within a batch (or the pending rows) the day no
    longer tells one response from another: otherwise a response alone on its day could be matched with the one
    person who opened their invitation that day (a notification's read time says when)."""
    if not rows:
        return
    Response.objects.filter(pk__in=[row.pk for row in rows]).delete()
    Response.objects.bulk_create(
        [
            Response(
                id=anonymity.new_response_id(),
                round_id=row.round_id,
                batch=batch,
                answered_on=day,
                answers=row.answers,
                comment=row.comment,
            )
            for row in anonymity.sealing_order(rows)
        ]
    )
