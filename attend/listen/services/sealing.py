"""Sealing: the round's lock, whole batches sealed in a fresh order with fresh ids (ADR 0012), and the figures each
batch adds up to kept as it seals (ADR 0026), so pages read a few rows and never rescore every answer."""

import datetime

from django.db import connection
from django.db.models import F, Max

from attend.listen import anonymity, kept_figures, selectors
from attend.listen.models import AskedItem, InviteMethod, PooledTeamFigure, PulseRound, Response, SealedBatch
from attend.organisations.models import Team


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
    sealed = False
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
        sealed = True
    if sealed:
        team_figures_keep(pulse_round=pulse_round)
        asked_items_keep(pulse_round=pulse_round)
    rewrite(pending, batch=None, day=today)


def sealed_batch_keep(*, pulse_round: PulseRound, batch: int, answers, items) -> SealedBatch:
    """Keep what a batch that has just sealed adds up to (`kept_figures.batch_figures`), in the same transaction as the
    sealing, so the kept figures and the answers can never disagree. Also used to back-fill batches sealed before
    figures were kept (migration `0006_keep_figures_of_sealed_batches`); keeping a batch twice changes nothing."""
    figures = kept_figures.batch_figures(batch, answers, items)
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


def team_figures_keep(*, pulse_round: PulseRound) -> None:
    """Rebuild the heatmap's pooled figures (`PooledTeamFigure`) of the round's team from its kept batches, in the
    transaction that sealed one: a team's rounds' theme sums, a few dozen rows a year. Team-link rounds never show in
    the heatmap (ADR 0018), so none is pooled. Rebuilding rather than adding means running it twice changes nothing.

    The team's row is locked first, so two rounds of one team sealing at once rebuild one after the other, the second
    reading the first's batches (PostgreSQL reads what committed before each statement)."""
    if pulse_round.invite == InviteMethod.LINK:
        return
    list(Team.objects.select_for_update().filter(pk=pulse_round.team_id).values_list("pk"))
    kept = (
        SealedBatch.objects.filter(round__team_id=pulse_round.team_id)
        .exclude(round__invite=InviteMethod.LINK)
        .values_list("round_id", "round__opens_on", "round__batch_size", "batch", "size", "themes")
    )
    pooled = kept_figures.pooled_team(kept)
    PooledTeamFigure.objects.filter(team_id=pulse_round.team_id).delete()
    PooledTeamFigure.objects.bulk_create(
        PooledTeamFigure(
            organisation_id=pulse_round.organisation_id,
            team_id=pulse_round.team_id,
            period=period,
            theme=theme,
            batch_size=batch_size,
            batches=figures.batches,
            answering=figures.answering,
            total=figures.total,
        )
        for (period, theme, batch_size), figures in pooled.items()
    )


def asked_items_keep(*, pulse_round: PulseRound) -> None:
    """Keep that the round's organisation asked its items (`AskedItem`), over all rounds and in the quarter it opened:
    the heatmap's columns. Called as a round opens, and again as a batch of it seals (so rounds written without
    opening, such as generated ones, count as soon as they have answers); keeping twice changes nothing. Team-link
    rounds never show in the heatmap (ADR 0018), so none is kept."""
    if pulse_round.invite == InviteMethod.LINK:
        return
    AskedItem.objects.bulk_create(
        [
            AskedItem(organisation_id=pulse_round.organisation_id, period=period, item_key=key)
            for period in (kept_figures.ALL_ROUNDS, kept_figures.quarter_of(pulse_round.opens_on))
            for key in pulse_round.item_keys
        ],
        ignore_conflicts=True,
    )


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
