"""Reads for Listen's pages. They hand plain data to `results`, which asks `anonymity` about every figure: nothing
here decides what may be shown. Populations are always whole rounds, so every figure is a union of whole batches.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from attend.core.prepared import PreparedRead
from attend.listen import kept_figures, question_bank, results
from attend.listen.anonymity import Thresholds
from attend.listen.models import (
    Action,
    Invitation,
    InviteMethod,
    ListenSettings,
    PulseRound,
    Response,
    SealedBatch,
    SelfView,
    TeamLink,
)
from attend.organisations.models import Membership, Role, Team, TeamMembership, teams_led_by


@dataclass(frozen=True)
class RoundView:
    round: PulseRound
    results: results.RoundResults
    items: tuple[question_bank.Item, ...]


def thresholds_of(organisation) -> Thresholds:
    """The organisation's anonymity thresholds, or the defaults until an admin has chosen."""
    saved = ListenSettings.objects.filter(organisation=organisation).first()
    return saved.thresholds() if saved else Thresholds()


def sub_team_ids(team) -> list:
    """The ids of every team below `team` (children, their children, and so on), nearest first. One query."""
    children: dict = {}
    for team_id, parent_id in team.organisation.teams.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(team_id)
    found, frontier = [], [team.pk]
    while frontier:
        frontier = [child for parent in frontier for child in children.get(parent, [])]
        found += frontier
    return found


def included_team_ids(pulse_round: PulseRound) -> list:
    """The teams whose people a round asks: its own team, and every sub-team when it includes them."""
    return [pulse_round.team_id, *(sub_team_ids(pulse_round.team) if pulse_round.includes_sub_teams else [])]


def included_team_names(pulse_round: PulseRound) -> list[str]:
    """The names of the sub-teams a round asked, by name (empty for a round of its own team only)."""
    ids = included_team_ids(pulse_round)[1:]
    return list(pulse_round.organisation.teams.filter(pk__in=ids).order_by("name").values_list("name", flat=True))


def people_asked(team, *, opened_by=None, include_sub_teams: bool = False):
    """The team memberships a round asks, in the roster's order, one per person: the active members of the team (and
    of its sub-teams, when included), never anyone who leads any of those teams (co-leaders too) nor whoever opened
    the round: nobody may answer a pulse whose results they read, or pad one a sub-team's leader could read of.
    Someone in several of the teams is asked once, through the membership of theirs that is oldest."""
    team_ids = [team.pk, *(sub_team_ids(team) if include_sub_teams else [])]
    rows = TeamMembership.objects.filter(team_id__in=team_ids)
    leaders = rows.filter(role=Role.LEADER).values("membership_id")
    members = (
        rows.filter(membership__is_active=True, role=Role.MEMBER)
        .exclude(membership_id__in=leaders)
        .select_related("membership__user")
        .order_by("membership__user__name", "created_at")
    )
    asked, seen = [], set()
    for row in members:
        if row.membership_id in seen or (opened_by is not None and row.membership.user_id == opened_by.pk):
            continue
        seen.add(row.membership_id)
        asked.append(row)
    return asked


@dataclass(frozen=True)
class SmallTeam:
    """A team whose round by email would ask fewer people than a batch: it could never show a figure."""

    team: object
    asked: int
    needed: int


def team_children(organisation) -> dict:
    """parent id → the ids of its teams: the organisation's team tree as two columns, read once (one query)."""
    children: dict = {}
    for team_id, parent_id in organisation.teams.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(team_id)
    return children


def _askable(opened_by):
    """The team memberships a round by email asks, before leaders of the teams asked are left out: active members
    with an email, never whoever opens it. (A person has one place in a team, so a team's own leaders are never
    among its members.)"""
    rows = TeamMembership.objects.filter(role=Role.MEMBER, membership__is_active=True).exclude(
        membership__user__email=""
    )
    return rows if opened_by is None else rows.exclude(membership__user_id=opened_by.pk)


def asked_by_team(team_ids, *, opened_by=None) -> dict:
    """team id → how many people its own round by email would ask (as `pulse_round_open` counts), counted by the
    database: one query of a row per team, never a row per person."""
    counted = _askable(opened_by).filter(team_id__in=list(team_ids)).values("team_id").annotate(n=Count("pk"))
    return dict(counted.order_by().values_list("team_id", "n"))


def too_small_teams(teams, thresholds: Thresholds, *, opened_by=None) -> list[SmallTeam]:
    """The teams among `teams` a round could never show results for, counted as `pulse_round_open` would ask:
    members with an email, never the team's leaders nor whoever opens it. One query, whatever the number of teams."""
    teams = list(teams)
    asked = asked_by_team([team.pk for team in teams], opened_by=opened_by) if teams else {}
    needed = thresholds.batch_size
    return [SmallTeam(team=t, asked=asked.get(t.pk, 0), needed=needed) for t in teams if asked.get(t.pk, 0) < needed]


@dataclass(frozen=True)
class HelpedBySubTeams:
    """A team whose round, including its sub-teams, would count the people of sub-teams too small on their own."""

    team: object
    small: list  # the sub-teams (Team) that could never show results on their own


def helped_by_sub_teams(teams, thresholds: Thresholds, *, opened_by=None, children=None) -> list[HelpedBySubTeams]:
    """Among `teams`, those with a sub-team (at any depth) too small to ever show results on its own. At most three
    queries (the tree unless given as `children`, a count per team below, the small ones' names)."""
    teams = list(teams)
    if not teams:
        return []
    children = team_children(teams[0].organisation) if children is None else children
    below = {team.pk: descendants(team.pk, children)[1:] for team in teams}
    wanted = {team_id for ids in below.values() for team_id in ids}
    if not wanted:
        return []
    asked = asked_by_team(wanted, opened_by=opened_by)
    small_ids = {team_id for team_id in wanted if asked.get(team_id, 0) < thresholds.batch_size}
    small = {team.pk: team for team in Team.objects.filter(pk__in=small_ids)} if small_ids else {}
    found = []
    for team in teams:
        small_below = sorted((small[i] for i in below[team.pk] if i in small), key=lambda t: t.name)
        if small_below:
            found.append(HelpedBySubTeams(team=team, small=small_below))
    return found


def asked_with_sub_teams(small_teams, *, opened_by=None, children=None) -> dict:
    """For each of `small_teams` (SmallTeam) that has sub-teams: how many people a round including them would ask
    by email, counted as `pulse_round_open` asks (`people_asked`): each person once, never anyone who leads one of
    the teams asked. Two queries however many teams (the tree unless given, then one count per team, all made by
    the database in one query)."""
    if not small_teams:
        return {}
    children = team_children(small_teams[0].team.organisation) if children is None else children
    covered = {s.team.pk: descendants(s.team.pk, children) for s in small_teams if children.get(s.team.pk)}
    if not covered:
        return {}
    counts = {}
    for n, team_ids in enumerate(covered.values()):
        leaders = TeamMembership.objects.filter(team_id__in=team_ids, role=Role.LEADER).values("membership_id")
        within = Q(team_id__in=team_ids) & ~Q(membership_id__in=leaders)
        counts[f"team_{n}"] = Count("membership_id", distinct=True, filter=within)
    every = {team_id for team_ids in covered.values() for team_id in team_ids}
    counted = _askable(opened_by).filter(team_id__in=every).aggregate(**counts)
    return {team_id: counted[f"team_{n}"] for n, team_id in enumerate(covered)}


def teams_with_sub_teams(teams):
    """Those of `teams` (a queryset) that have at least one sub-team: the ones a round can include sub-teams for."""
    return teams.filter(children__isnull=False).distinct()


def leader_names(team) -> list[str]:
    """The names of the team's active leaders, as its members know them."""
    return list(
        team.team_memberships.filter(role=Role.LEADER, membership__is_active=True)
        .order_by("membership__user__name")
        .values_list("membership__user__name", flat=True)
    )


def never_shows(pulse_round: PulseRound) -> bool:
    """A round by email that asked fewer people than its batch: no batch can ever fill, so no figure ever shows."""
    return pulse_round.invite == InviteMethod.EMAIL and pulse_round.invited < pulse_round.batch_size


def is_team_link(token: str) -> bool:
    return TeamLink.objects.filter(token_hash__in=Invitation.hashes(token)).exists()


def organisation_items(organisation, *, include_archived: bool = True):
    items = organisation.listen_items.all()
    return items if include_archived else items.filter(is_archived=False)


def round_items(pulse_round: PulseRound) -> tuple[question_bank.Item, ...]:
    """The round's items in the order asked. Organisation items keep their key, so archived ones still show."""
    extra = [item.as_item() for item in pulse_round.organisation.listen_items.all()]
    return question_bank.items_for(pulse_round.item_keys, extra)


def _batch_id(pulse_round_id, batch: int | None):
    """Batch numbers count per round; results need ids unique across rounds."""
    return None if batch is None else (str(pulse_round_id), batch)


def _responses(pulse_round: PulseRound, *, with_comments: bool) -> list[results.ResponseData]:
    # Comments are read (and decrypted) only when the round's comments show, and only for sealed rows: a pending
    # comment is in no figure and on no page.
    fields = ("batch", "answers", "comment") if with_comments else ("batch", "answers")
    return [
        results.ResponseData(
            batch=_batch_id(pulse_round.pk, row[0]),
            answers=row[1],
            comment=row[2] if with_comments and row[0] is not None else None,
        )
        for row in pulse_round.responses.values_list(*fields)
    ]


def withheld(pulse_round: PulseRound, responses: int) -> str | None:
    """Why a round's figures are withheld whatever the count (ADR 0018), or None.

    A team link cannot tell one person from another, so its leader (or anyone holding it) could send any number of
    answers they know and read a colleague's from the figures: its answers are counted, never shown as figures."""
    if pulse_round.invite != InviteMethod.LINK:
        return None
    return results.WITHHELD_OVER_ROSTER if responses > pulse_round.invited else results.WITHHELD_TEAM_LINK


def round_view(pulse_round: PulseRound, thresholds: Thresholds | None = None) -> RoundView:
    """One round's results from its answers, comments included when they show: the round's own page and its CSV."""
    thresholds = thresholds or thresholds_of(pulse_round.organisation)
    items = round_items(pulse_round)

    def scored(responses):
        return results.round_results(
            responses,
            items=items,
            thresholds=thresholds,
            invited=pulse_round.invited or None,
            comment_seed=str(pulse_round.pk),
            withheld=withheld(pulse_round, len(responses)),
        )

    figures = scored(_responses(pulse_round, with_comments=False))
    if figures.comments_visible:
        figures = scored(_responses(pulse_round, with_comments=True))
    return RoundView(round=pulse_round, results=figures, items=items)


def _kept_batches(round_ids) -> dict:
    """Each round's kept batch figures (round id → [kept_figures.BatchFigures]), in one query."""
    found: dict = {}
    rows = SealedBatch.objects.filter(round_id__in=list(round_ids)).values_list(
        "round_id", "batch", "size", "themes", "items"
    )
    for round_id, batch, size, themes, items in rows:
        found.setdefault(round_id, []).append(
            kept_figures.BatchFigures(batch=_batch_id(round_id, batch), size=size, themes=themes, items=items)
        )
    return found


def kept_round_views(rounds, thresholds: Thresholds) -> list[RoundView]:
    """Rounds' results read from their kept batch figures (ADR 0026), never their answers: the same figures as
    `round_view`, hidden by the same rules, without comments. `rounds` must carry `answered` (see `with_answered`).
    Three queries, whatever the number of rounds."""
    rounds = list(rounds)
    if not rounds:
        return []
    extra = [item.as_item() for item in rounds[0].organisation.listen_items.all()]
    kept = _kept_batches(r.pk for r in rounds)
    views = []
    for pulse_round in rounds:
        items = question_bank.items_for(pulse_round.item_keys, extra)
        figures = kept_figures.kept_results(
            kept.get(pulse_round.pk, []),
            responses=pulse_round.answered,
            items=items,
            thresholds=thresholds,
            invited=pulse_round.invited or None,
            withheld=withheld(pulse_round, pulse_round.answered),
        )
        views.append(RoundView(round=pulse_round, results=figures, items=items))
    return views


def answered_counts(rounds) -> dict:
    """round id → how many responses it has had, pending included: one query for a page of rounds (counting after
    paging, so a trust's thousands of rounds are never all grouped to show 25)."""
    ids = [pulse_round.pk for pulse_round in rounds]
    counted = Response.objects.filter(round_id__in=ids).values("round_id").annotate(n=Count("id"))
    found = {row["round_id"]: row["n"] for row in counted}
    return {round_id: found.get(round_id, 0) for round_id in ids}


def with_answered(rounds):
    """Rounds with `answered`: how many responses each has had, pending included, counted in the same query. A count
    per round by its index rather than a join grouped by every column of the rounds (and their team and
    organisation): 7 ms for a team's page of rounds on SQLite at a trust's size."""
    per_round = Response.objects.filter(round=OuterRef("pk")).order_by().values("round").annotate(n=Count("pk"))
    return rounds.annotate(answered=Coalesce(Subquery(per_round.values("n"), output_field=IntegerField()), 0))


def team_rounds(team) -> list[PulseRound]:
    return list(
        with_answered(team.pulse_rounds.select_related("organisation", "team")).order_by("opens_on", "created_at")
    )


def team_trend(team, thresholds: Thresholds, rounds=None) -> tuple[list[RoundView], tuple[results.ThemeTrend, ...]]:
    """The team's rounds (or `rounds` of it, oldest first) and each theme's score round by round."""
    views = kept_round_views(team_rounds(team) if rounds is None else rounds, thresholds)
    labels = [(f"{view.round.opens_on:%b %Y}", view.results) for view in views]
    return views, results.trend(labels)


# Rounds on a page of a team's trend: a year of monthly pulses. A team's years of rounds are pages further on, so a
# page reads and shows as much in its tenth year as in its first.
TREND_ROUNDS = 12


def team_trend_page(team, thresholds: Thresholds, number) -> tuple:
    """(page, views, trend): the team's latest `TREND_ROUNDS` rounds (page 1), or earlier ones, shown oldest first."""
    newest_first = with_answered(team.pulse_rounds.select_related("organisation", "team")).order_by(
        "-opens_on", "-created_at"
    )
    page = Paginator(newest_first, TREND_ROUNDS).get_page(number)
    views, trend = team_trend(team, thresholds, rounds=list(reversed(page.object_list)))
    return page, views, trend


# How many of a team's latest rounds its members' page looks at: a page's queries must not grow with the years.
TEAM_PAGE_ROUNDS = 6


def shown_rounds(team, thresholds: Thresholds) -> list[RoundView]:
    """The team's latest rounds whose figures show, newest first, read from their kept figures under the same rules
    (and so the same suppression) as the leader's page, no comment read or decrypted: a round whose figures are
    hidden or withheld is not there at all. A round of a team above this one that included its sub-teams is there
    too, as that team's: the figures of the whole round."""
    above = [ancestor.pk for ancestor in team.ancestors()]
    recent = (
        PulseRound.objects.filter(Q(team=team) | Q(team_id__in=above, includes_sub_teams=True))
        .select_related("organisation", "team")
        .order_by("-opens_on", "-created_at")
    )
    views = kept_round_views(with_answered(recent)[:TEAM_PAGE_ROUNDS], thresholds)
    return [view for view in views if view.results.visible]


def team_actions(team, *, most: int = 20) -> list[Action]:
    """You said, we did: everything the team's leaders recorded, newest round first."""
    return list(
        Action.objects.filter(team=team).select_related("by", "round").order_by("-round__opens_on", "created_at")[:most]
    )


def answered_count(pulse_round: PulseRound) -> int:
    return pulse_round.responses.count()


def self_view(pulse_round: PulseRound, leader) -> SelfView | None:
    return SelfView.objects.filter(round=pulse_round, leader=leader).first()


def self_view_items(pulse_round: PulseRound) -> list[question_bank.Item]:
    return [item for item in round_items(pulse_round) if item.self_text]


def round_actions(pulse_round: PulseRound):
    return pulse_round.actions.select_related("by")


def earlier_actions(pulse_round: PulseRound) -> list[Action]:
    """You said, we did: what the team's leaders recorded on the team's earlier rounds, newest first."""
    return list(
        Action.objects.filter(team=pulse_round.team, round__opens_on__lt=pulse_round.opens_on)
        .exclude(round=pulse_round)
        .order_by("-round__opens_on", "created_at")[:10]
    )


@dataclass(frozen=True)
class OpenRound:
    pk: object
    team_name: str
    answered: int
    closes_on: datetime.date


def _open_rounds_led_by_query(*, membership, organisation, today: datetime.date):
    # `teams_led_by` is already the organisation's teams. Filtering rounds by organisation as well led SQLite to
    # walk every round of the organisation by its (organisation, opens_on) index: 17 ms on each Today of a trust.
    return (
        with_answered(PulseRound.objects.open_on(today))
        .filter(team__in=teams_led_by(membership=membership, organisation=organisation))
        .order_by("closes_on")
        .values("pk", "team__name", "answered", "closes_on")
    )


# Built once (core/prepared.py): Today asks it on every visit of a leader.
_open_rounds_led_by = PreparedRead(
    _open_rounds_led_by_query,
    PulseRound,
    membership=Membership._meta.pk,
    organisation=Team._meta.get_field("organisation"),
    today=PulseRound._meta.get_field("opens_on"),
)


def open_rounds_led_by(membership, *, today: datetime.date) -> list[OpenRound]:
    """For Today: open rounds of the teams this person leads (not every team an admin could see)."""
    rows = _open_rounds_led_by(membership=membership.pk, organisation=membership.organisation_id, today=today)
    return [
        OpenRound(pk=row["pk"], team_name=row["team__name"], answered=row["answered"], closes_on=row["closes_on"])
        for row in rows
    ]


def descendants(team_id, children: dict) -> list:
    found = [team_id]
    for child in children.get(team_id, []):
        found += descendants(child, children)
    return found


def batch_sizes(pulse_round: PulseRound) -> Counter:
    return Counter(pulse_round.responses.exclude(batch=None).values_list("batch", flat=True))
