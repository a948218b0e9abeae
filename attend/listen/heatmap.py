"""The organisation's heatmap ("Teams by theme"): each team's scores by theme, pooled with its sub-teams', against the
whole organisation's, over all rounds or a quarter. Reads only: it hands pooled figures to `results.pooled_heatmap`,
which asks `anonymity` about every cell (ADR 0026)."""

import datetime
from dataclasses import dataclass

from django.db.models import Sum

from attend.listen import question_bank, results
from attend.listen.anonymity import Thresholds
from attend.listen.models import AskedItem, InviteMethod, PooledTeamFigure
from attend.listen.selectors import descendants
from attend.organisations.selectors import teams_as_tree


@dataclass(frozen=True)
class HeatmapRow:
    team: object  # None for the whole organisation
    depth: int
    title: str
    scores: list[float | None]
    # Each score's change since the previous quarter, when a quarter is chosen and both figures show.
    changes: list[float | None] = ()
    earlier: list[float | None] = ()


ORGANISATION = "organisation"
WHOLE_ORGANISATION = "Whole organisation"


quarter_of = results.quarter_of


def previous_quarter(quarter: str) -> str:
    year, number = quarter.split(" Q")
    return f"{int(year) - 1} Q4" if number == "1" else f"{year} Q{int(number) - 1}"


def quarters(organisation) -> list[str]:
    # The days rounds opened on, distinct in the database: a few hundred rows at most however many rounds there are.
    days = organisation.pulse_rounds.order_by().values_list("opens_on", flat=True).distinct()
    return sorted({quarter_of(day) for day in days}, reverse=True)


def _quarter_days(quarter: str) -> tuple[datetime.date, datetime.date]:
    year, number = (int(part) for part in quarter.split(" Q"))
    first = datetime.date(year, 3 * number - 2, 1)
    after = datetime.date(year + 1, 1, 1) if number == 4 else datetime.date(year, 3 * number + 1, 1)
    return first, after - datetime.timedelta(days=1)


def _rounds_in(organisation, quarter: str | None):
    # Team-link rounds never show figures, alone or inside a bigger group (ADR 0018).
    rounds = organisation.pulse_rounds.exclude(invite=InviteMethod.LINK)
    if quarter is not None:
        rounds = rounds.filter(opens_on__range=_quarter_days(quarter))
    return rounds


def asked_item_keys(organisation, quarter: str | None) -> set[str]:
    """The items the organisation's rounds by single-use links asked, over all rounds or those opened in `quarter`:
    kept as rounds open (`AskedItem`), a few dozen rows however many rounds."""
    kept = AskedItem.objects.filter(organisation=organisation, period=quarter or results.ALL_ROUNDS)
    return set(kept.values_list("item_key", flat=True))


def _pooled(organisation, quarter: str | None, theme_keys):
    """The organisation's pooled figures (`PooledTeamFigure`) over all rounds or those opened in `quarter`."""
    return PooledTeamFigure.objects.filter(
        organisation=organisation, period=quarter or results.ALL_ROUNDS, theme__in=theme_keys
    )


def _pooled_by_team(organisation, quarter: str | None, theme_keys, team_ids) -> dict:
    """team id → theme key → the pooled figures (`results.PooledFigures`, one per batch size) of these teams' rounds.
    One query of a few rows a team, however many rounds there have been."""
    found: dict = {}
    rows = _pooled(organisation, quarter, theme_keys)
    if team_ids is not None:  # None: every team (the CSV)
        rows = rows.filter(team_id__in=team_ids)
    rows = rows.values_list("team_id", "theme", "batch_size", "batches", "answering", "total")
    for team_id, theme, batch_size, batches, answering, total in rows:
        figures = results.PooledFigures(batch_size=batch_size, batches=batches, answering=answering, total=total)
        found.setdefault(team_id, {}).setdefault(theme, []).append(figures)
    return found


def _pooled_organisation(organisation, quarter: str | None, theme_keys) -> dict:
    """theme key → the whole organisation's pooled figures, one per batch size, added up by the database: a few rows
    however many teams and rounds. Batches of one size pool exactly (see `results.PooledFigures`)."""
    found: dict = {}
    rows = (
        _pooled(organisation, quarter, theme_keys)
        .values("theme", "batch_size")
        .annotate(n=Sum("batches"), answered=Sum("answering"), sum_of_scores=Sum("total"))
        .values_list("theme", "batch_size", "n", "answered", "sum_of_scores")
        .order_by()
    )
    for theme, batch_size, batches, answering, total in rows:
        figures = results.PooledFigures(batch_size=batch_size, batches=batches, answering=answering, total=total)
        found.setdefault(theme, []).append(figures)
    return found


def _heat_scores(organisation, quarter, *, tree, children, themes, thresholds, team_ids=None, rows_of=None) -> dict:
    """(team id or ORGANISATION, theme key) -> score, each cell over whole rounds' kept batches (all rounds, or those
    opened in `quarter`) pooled by batch size, suppressed by `results.pooled_heatmap` (the batch rule of `anonymity`).

    With `team_ids` (a leader's own teams), only those rows, and each pools only the rounds of teams the reader
    leads: a sub-team's results are its own leaders' (and admins') to read, pooled into a parent's cell or not. The
    whole organisation's row pools every team (two queries, whatever the size of the organisation)."""
    readable = None if team_ids is None else set(team_ids)

    def covered(team_id) -> list:
        below = descendants(team_id, children)
        return below if readable is None else [t for t in below if t in readable]

    teams = [
        team
        for _, team in tree
        if (readable is None or team.pk in readable) and (rows_of is None or team.pk in rows_of)
    ]
    groups = [(team.pk, covered(team.pk)) for team in teams]
    theme_keys = [theme.key for theme in themes]
    needed = None if readable is None and rows_of is None else {t for _, below in groups for t in below}
    by_team = _pooled_by_team(organisation, quarter, theme_keys, needed)
    whole = _pooled_organisation(organisation, quarter, theme_keys)
    cells = {(ORGANISATION, key): whole.get(key, []) for key in theme_keys}
    for key, team_ids_covered in groups:
        for theme in themes:
            cells[(key, theme.key)] = [
                figures for team_id in team_ids_covered for figures in by_team.get(team_id, {}).get(theme.key, ())
            ]
    return results.pooled_heatmap(cells, thresholds=thresholds)


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def tree_part(tree, root_id) -> list:
    """The part of `tree` (from `teams_as_tree`) that is the team `root_id` and everything below it, in tree order."""
    part, depth_of_root = [], None
    for depth, team in tree:
        if depth_of_root is not None and depth <= depth_of_root:
            break
        if depth_of_root is not None or str(team.pk) == str(root_id):
            depth_of_root = depth if depth_of_root is None else depth_of_root
            part.append((depth, team))
    return part


def heatmap(
    organisation, *, thresholds: Thresholds, quarter: str | None, team_ids=None, rows_of=None, tree=None
) -> tuple[list, list[HeatmapRow]]:
    """The whole organisation, then each team (with its sub-teams) by theme, over the whole rounds opened in
    `quarter` (or all rounds); only the teams in `team_ids` when given (a leader's own). With a quarter, each row
    also carries its change since the previous quarter. `rows_of` (team ids) limits which teams' rows are built, for
    a page of an admin's heatmap: each still pools everything below it.

    Each cell is handed to `results.heatmap`, which suppresses it on its own by the batch rule: the organisation's
    row too, a union of whole batches like every other cell.
    """
    tree = tree if tree is not None else teams_as_tree(organisation)
    children: dict = {}
    for _, team in tree:
        children.setdefault(team.parent_id, []).append(team.pk)
    extra = [item.as_item() for item in organisation.listen_items.all()]
    all_items = [*question_bank.items(), *extra]
    asked = asked_item_keys(organisation, quarter)
    themes = list(question_bank.themes_for([i for i in all_items if i.key in asked]))
    common = {"tree": tree, "children": children, "themes": themes, "thresholds": thresholds}
    common["team_ids"] = team_ids
    common["rows_of"] = rows_of
    scores = _heat_scores(organisation, quarter, **common)
    earlier = _heat_scores(organisation, previous_quarter(quarter), **common) if quarter else {}
    groups = [(ORGANISATION, 0, WHOLE_ORGANISATION, None)] + [
        (team.pk, depth, team.name, team)
        for depth, team in tree
        if (team_ids is None or team.pk in team_ids) and (rows_of is None or team.pk in rows_of)
    ]
    rows = []
    for key, depth, title, team in groups:
        now = [scores[(key, t.key)] for t in themes]
        before = [earlier.get((key, t.key)) for t in themes] if quarter else []
        changes = [_change(a, b) for a, b in zip(now, before, strict=True)] if quarter else []
        rows.append(HeatmapRow(team=team, depth=depth, title=title, scores=now, changes=changes, earlier=before))
    return themes, rows
