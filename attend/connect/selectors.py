"""Reads for Connect's pages: the roster and what is coming up. Privacy rules live in `access.py`."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Lower
from django.utils import timezone

from attend.connect import access, guides, quarters
from attend.connect.models import Action, Conversation, Pairing, QuarterFigure, SupportService
from attend.core.formatting import counted
from attend.core.prepared import PreparedRead
from attend.organisations.models import Membership


@dataclass(frozen=True)
class RosterRow:
    """One current pairing of the person, as Connect's index lists it. `name` is the person led; `leader_name` the
    leader (the person themself on their own roster)."""

    pairing_id: object
    leader_id: object
    leader_name: str
    name: str
    cadence: str
    last_held: datetime.datetime | None
    next_planned: datetime.datetime | None
    a_while: bool
    overdue_actions: int = 0  # open actions past their date, whoever they are for


def roster_of(membership, *, now: datetime.datetime, today: datetime.date | None = None) -> list[RosterRow]:
    """Every current pairing of the person, each once, alphabetically by the person led: never ranked or scored.
    "A while" means longer than the agreed cadence since the last conversation (or since the pairing began), with
    nothing planned. Two queries whatever the number of people: the pairings with their conversation figures (the
    read Today's panel makes, built once), and their overdue actions."""
    rows = _today_rows(
        membership=membership.pk, user=membership.user_id, organisation=membership.organisation_id, now=now
    )
    today = today or timezone.localdate(now)
    overdue = dict(
        Action.objects.filter(pairing__in=[row["pk"] for row in rows], done_at__isnull=True, due_on__lt=today)
        .values("pairing")
        .annotate(count=Count("pk"))
        .values_list("pairing", "count")
    )
    roster = [
        RosterRow(
            pairing_id=row["pk"],
            leader_id=row["leader_id"],
            leader_name=row["leader__name"],
            name=row["person__name"],
            cadence=guides.CADENCE_NAMES.get(row["cadence_days"], "Every " + counted(row["cadence_days"], "day")),
            last_held=row["last_held"],
            next_planned=row["next_planned"],
            a_while=_is_a_while(
                cadence_days=row["cadence_days"],
                began=row["created_at"],
                last_held=row["last_held"],
                next_planned=row["next_planned"],
                now=now,
            ),
            overdue_actions=overdue.get(row["pk"], 0),
        )
        for row in rows
    ]
    return sorted(roster, key=lambda row: (row.name.casefold(), row.leader_name.casefold()))


def _is_a_while(*, cadence_days: int, began, last_held, next_planned, now: datetime.datetime) -> bool:
    return next_planned is None and now - (last_held or began) > datetime.timedelta(days=cadence_days)


def next_conversation(user, organisation, *, now: datetime.datetime) -> Conversation | None:
    pairings = access.pairings_of(user, organisation)
    return (
        Conversation.objects.filter(pairing__in=pairings, status=Conversation.Status.PLANNED, starts_at__gte=now)
        .select_related("pairing__leader", "pairing__person")
        .order_by("starts_at")
        .first()
    )


@dataclass(frozen=True)
class TodayFigures:
    """What Connect says on Today: the soonest planned conversation in any of the person's current pairings (its
    pairing, the other person's name and its time, as `next_conversation` finds it), and the people they lead they
    have not talked with for a while (alphabetically, as on the roster)."""

    next_pairing_id: object | None
    next_with: str | None
    next_starts_at: datetime.datetime | None
    a_while: list[str]


def _today_rows_query(*, membership, user, organisation, now: datetime.datetime):
    return (
        access.current_pairings_for(membership=membership, user=user, organisation=organisation)
        .annotate(
            last_held=Max("conversations__starts_at", filter=Q(conversations__status=Conversation.Status.HELD)),
            next_planned=Min(
                "conversations__starts_at",
                filter=Q(conversations__status=Conversation.Status.PLANNED, conversations__starts_at__gte=now),
            ),
        )
        .values(
            "pk", "leader_id", "leader__name", "person__name", "cadence_days", "created_at", "last_held", "next_planned"
        )
    )


# Built once: the ORM spent 2 ms building it, the database half a millisecond answering (core/prepared.py).
_today_rows = PreparedRead(
    _today_rows_query,
    Pairing,
    membership=Membership._meta.pk,
    user=Pairing._meta.get_field("leader"),
    organisation=Pairing._meta.get_field("organisation"),
    now=Conversation._meta.get_field("starts_at"),
)


def today_figures(membership, *, now: datetime.datetime) -> TodayFigures:
    """One query whatever the number of pairings: the current pairings with their conversation figures, as values
    (a leader's 60 pairings read as models, with both people, cost more than the rest of the panel; issue 21)."""
    rows = [
        tuple(row.values())
        for row in _today_rows(
            membership=membership.pk, user=membership.user_id, organisation=membership.organisation_id, now=now
        )
    ]
    planned = [row for row in rows if row[7] is not None]
    soonest = min(planned, key=lambda row: row[7], default=None)
    a_while = [
        person
        for _pk, leader_id, _leader, person, cadence_days, began, last_held, next_planned in rows
        if leader_id == membership.user_id
        and _is_a_while(cadence_days=cadence_days, began=began, last_held=last_held, next_planned=next_planned, now=now)
    ]
    return TodayFigures(
        next_pairing_id=soonest[0] if soonest else None,
        next_with=(soonest[3] if soonest[1] == membership.user_id else soonest[2]) if soonest else None,
        next_starts_at=soonest[7] if soonest else None,
        a_while=sorted(a_while, key=str.casefold),
    )


def support_services(organisation):
    return organisation.support_services.all() if organisation else SupportService.objects.none()


def is_overdue(action: Action, *, today: datetime.date) -> bool:
    return action.done_at is None and action.due_on is not None and action.due_on < today


@dataclass(frozen=True)
class TeamFigure:
    team_id: object
    team_name: str
    words: str


def quarter_figures(organisation, *, threshold: int) -> tuple[datetime.date | None, list[TeamFigure]]:
    """The latest counted quarter's figure for each team, in words (`quarters.figure_words`). One query."""
    latest = (
        QuarterFigure.objects.filter(organisation=organisation)
        .order_by("-quarter_start")
        .values_list("quarter_start", flat=True)[:1]
    )
    figures = list(
        QuarterFigure.objects.filter(organisation=organisation, quarter_start__in=latest)
        .select_related("team")
        .order_by(Lower("team__name"))
    )
    if not figures:
        return None, []
    return figures[0].quarter_start, [
        TeamFigure(
            team_id=figure.team_id,
            team_name=figure.team.name,
            words=quarters.figure_words(people=figure.people, talked=figure.talked, threshold=threshold),
        )
        for figure in figures
    ]
