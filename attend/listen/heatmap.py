"""The organisation's heatmap ("Teams by theme"): each team's scores by theme, pooled with its sub-teams', against the
whole organisation's, over all rounds or a quarter. Reads only: it hands pooled figures to
`kept_figures.pooled_heatmap`, which asks `anonymity` about every cell (ADR 0026)."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import CharField, Sum
from django.db.models.functions import Cast

from attend.listen import kept_figures, question_bank
from attend.listen.anonymity import Thresholds
from attend.listen.models import AskedItem, InviteMethod, PooledTeamFigure
from attend.organisations.selectors import TreeTeam, id_as_text, teams_as_tree


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


quarter_of = kept_figures.quarter_of


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
    kept = AskedItem.objects.filter(organisation=organisation, period=quarter or kept_figures.ALL_ROUNDS)
    return set(kept.values_list("item_key", flat=True))


def _pooled(organisation, quarter: str | None, theme_keys):
    """The organisation's pooled figures (`PooledTeamFigure`) over all rounds or those opened in `quarter`."""
    return PooledTeamFigure.objects.filter(
        organisation=organisation, period=quarter or kept_figures.ALL_ROUNDS, theme__in=theme_keys
    )


def heatmap_tree(organisation) -> list[tuple[int, TreeTeam]]:
    """`teams_as_tree` for the heatmap: every team once, parents before children (by name), with its depth and path,
    but each id (`pk`, `parent_id`) as the database writes it out as text (`id_as_text`), not a UUID. The heatmap
    matches thousands of pooled rows to the tree on every request, and building (then collecting) a UUID a row
    cost more than its figures; `ShownTeam` (a row's team) and `shown_team` give the ids back as UUIDs where a page
    needs them. The tree itself is kept per process (`teams_as_tree`)."""
    return teams_as_tree(organisation, ids_as_text=True)


def shown_team(team: TreeTeam) -> TreeTeam:
    """A team of `heatmap_tree` with its ids as UUIDs again, as links and forms name teams."""
    parent_id = None if team.parent_id is None else uuid.UUID(team.parent_id)
    return TreeTeam(pk=uuid.UUID(team.pk), name=team.name, parent_id=parent_id, path=team.path)


class ShownTeam:
    """A heatmap row's team: a team of `heatmap_tree` whose ids read as UUIDs, each made only when read (a page links
    50 teams; the CSV, which names 600 by their paths, needs none)."""

    __slots__ = ("_team",)

    def __init__(self, team: TreeTeam):
        self._team = team

    name = property(lambda self: self._team.name)
    path = property(lambda self: self._team.path)
    pk = property(lambda self: uuid.UUID(self._team.pk))
    parent_id = property(lambda self: None if self._team.parent_id is None else uuid.UUID(self._team.parent_id))

    def __eq__(self, other):
        return isinstance(other, ShownTeam) and other._team == self._team

    def __hash__(self):
        return hash(self._team)


def as_tree_id(team_id) -> str:
    """A team's id (a UUID, or its text in either form) as `heatmap_tree` writes it."""
    return id_as_text()(uuid.UUID(str(team_id)))


def _own_sums(organisation, quarter: str | None, theme_keys, teams, fetch) -> dict:
    """(theme key, batch size) → three lists by tree position: each team's own pooled batches, respondents and the
    sum of their scores (`kept_figures.exact`), for the teams at the positions in `fetch` (None: every team), 0 for the
    others. One query of a few rows a team, however many rounds there have been."""
    rows = _pooled(organisation, quarter, theme_keys)
    if fetch is not None:
        rows = rows.filter(team_id__in=[teams[i].pk for i in fetch])
    position = {team.pk: i for i, team in enumerate(teams)}  # ids as text on both sides (`heatmap_tree`)
    found: dict = {}
    exact = kept_figures.exact
    team_text = Cast("team_id", output_field=CharField())
    for team_id, theme, batch_size, batches, answering, total in rows.values_list(
        team_text, "theme", "batch_size", "batches", "answering", "total"
    ):
        sums = found.get((theme, batch_size))
        if sums is None:
            sums = found[(theme, batch_size)] = ([0] * len(teams), [0] * len(teams), [0] * len(teams))
        i = position[team_id]  # one row a team, period, theme and size (a unique constraint)
        sums[0][i], sums[1][i], sums[2][i] = batches, answering, exact(total)
    return found


def _pooled_organisation(organisation, quarter: str | None, theme_keys) -> dict:
    """theme key → the whole organisation's pooled figures, one per batch size, added up by the database: a few rows
    however many teams and rounds. Batches of one size pool exactly (see `kept_figures.PooledFigures`)."""
    found: dict = {}
    rows = (
        _pooled(organisation, quarter, theme_keys)
        .values("theme", "batch_size")
        .annotate(n=Sum("batches"), answered=Sum("answering"), sum_of_scores=Sum("total"))
        .values_list("theme", "batch_size", "n", "answered", "sum_of_scores")
        .order_by()
    )
    for theme, batch_size, batches, answering, total in rows:
        figures = kept_figures.PooledFigures(batch_size=batch_size, batches=batches, answering=answering, total=total)
        found.setdefault(theme, []).append(figures)
    return found


def _heat_scores(organisation, quarter, *, teams, parents, themes, thresholds, shown, readable) -> dict:
    """Row → each theme's score (None when hidden), for the whole organisation's row (ORGANISATION) and the teams at
    the tree positions in `shown` (a list): each cell over whole rounds' kept batches (all rounds, or those opened in
    `quarter`) pooled by batch size, suppressed by the batch rule of `anonymity` (`kept_figures.pooled_scores`: the same
    rule and the same float as `kept_figures.pooled_heatmap` over the same teams' figures).

    A team's cell pools its own rounds and every team's below it, added up bottom up in one pass over the tree (the
    sums are exact, so the grouping changes nothing). `readable` (tree positions, None for an admin): only those
    teams' own rounds are pooled, so a leader's row pools only the teams they lead: a sub-team's results are its own
    leaders' (and admins') to read. The whole organisation's row pools every team (two queries, whatever the size
    of the organisation)."""
    needed, rows = [False] * len(teams), set(shown)
    for i, parent in enumerate(parents):  # parents come before their sub-teams in the tree
        needed[i] = i in rows or (parent is not None and needed[parent])
    fetch = [i for i, need in enumerate(needed) if need and (readable is None or i in readable)]
    every = len(fetch) == len(teams)  # the CSV, or a part that is the whole organisation: no list of ids to send
    theme_keys = [theme.key for theme in themes]
    own = _own_sums(organisation, quarter, theme_keys, teams, None if every else fetch)
    kept_figures.add_up_subtrees(own.values(), parents, needed)
    sizes_of: dict = {}
    for (key, size), sums in own.items():
        sizes_of.setdefault(key, []).append((size, *sums))
    columns = [kept_figures.pooled_scores(sizes_of.get(key, []), shown, thresholds=thresholds) for key in theme_keys]
    scores = {i: [column[n] for column in columns] for n, i in enumerate(shown)}
    whole = _pooled_organisation(organisation, quarter, theme_keys)
    organisation_cells = {(ORGANISATION, key): whole.get(key, []) for key in theme_keys}
    organisation_scores = kept_figures.pooled_heatmap(organisation_cells, thresholds=thresholds)
    scores[ORGANISATION] = [organisation_scores[(ORGANISATION, key)] for key in theme_keys]
    return scores


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def tree_part(tree, root_id) -> list:
    """The part of `tree` (from `heatmap_tree`) that is the team `root_id` and everything below it, in tree order."""
    part, depth_of_root, root = [], None, as_tree_id(root_id)
    for depth, team in tree:
        if depth_of_root is not None and depth <= depth_of_root:
            break
        if depth_of_root is not None or team.pk == root:
            depth_of_root = depth if depth_of_root is None else depth_of_root
            part.append((depth, team))
    return part


def heatmap(
    organisation, *, thresholds: Thresholds, quarter: str | None, team_ids=None, rows_of=None, tree=None
) -> tuple[list, list[HeatmapRow]]:
    """The whole organisation, then each team (with its sub-teams) by theme, over the whole rounds opened in
    `quarter` (or all rounds); only the teams in `team_ids` when given (a leader's own). With a quarter, each row
    also carries its change since the previous quarter. `rows_of` (team ids as `tree`, from `heatmap_tree`, holds
    them) limits which teams' rows are built, for a page of an admin's heatmap: each still pools everything below it.

    Each cell is suppressed on its own by the batch rule (`kept_figures.pooled_scores`,
    `kept_figures.pooled_heatmap`): the organisation's row too, a union of whole batches like every other cell.
    """
    tree = tree if tree is not None else heatmap_tree(organisation)
    teams = [team for _, team in tree]
    position = {team.pk: i for i, team in enumerate(teams)}
    parents = [position.get(team.parent_id) for team in teams]
    led = None if team_ids is None else {as_tree_id(team_id) for team_id in team_ids}
    readable = None if led is None else {i for i, team in enumerate(teams) if team.pk in led}
    shown = [
        i
        for i, team in enumerate(teams)
        if (readable is None or i in readable) and (rows_of is None or team.pk in rows_of)
    ]
    extra = [item.as_item() for item in organisation.listen_items.all()]
    all_items = [*question_bank.items(), *extra]
    asked = asked_item_keys(organisation, quarter)
    themes = list(question_bank.themes_for([i for i in all_items if i.key in asked]))
    common = {"teams": teams, "parents": parents, "themes": themes, "thresholds": thresholds}
    common.update(shown=shown, readable=readable)
    scores = _heat_scores(organisation, quarter, **common)
    earlier = _heat_scores(organisation, previous_quarter(quarter), **common) if quarter else {}
    rows_shown = [(i, tree[i][0], teams[i].name, ShownTeam(teams[i])) for i in shown]
    groups = [(ORGANISATION, 0, WHOLE_ORGANISATION, None), *rows_shown]
    rows = []
    for key, depth, title, team in groups:
        now = scores[key]
        before = earlier[key] if quarter else []
        changes = [_change(a, b) for a, b in zip(now, before, strict=True)] if quarter else []
        rows.append(HeatmapRow(team=team, depth=depth, title=title, scores=now, changes=changes, earlier=before))
    return themes, rows
