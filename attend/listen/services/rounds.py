"""Opening, closing and repeating rounds; inviting people with single-use links (ADR 0018)."""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import long_date, weekday_date
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.listen import anonymity, question_bank, selectors
from attend.listen.models import Cadence, Invitation, InviteMethod, PulseRound, Response, TeamLink, new_token
from attend.listen.services.sealing import asked_items_keep, lock_round, rewrite
from attend.nudges.services import notification_create

DEFAULT_WINDOW_DAYS = 14


@dataclass(frozen=True)
class Opened:
    round: PulseRound
    team_link_token: str | None  # shown once to whoever opened a team-link round; only its hash is kept
    invited: int


# Opening and closing rounds


# How far back a round looks for people who joined the team just before it (shown with its results).
JOINED_BEFORE_DAYS = 28


def _team_people(team, *, opened_by=None, include_sub_teams: bool = False):
    return selectors.people_asked(team, opened_by=opened_by, include_sub_teams=include_sub_teams)


def _joined_before(rows, opens_on: datetime.date) -> int:
    """How many of these joined the team in the weeks before the round opens (or since: they are asked too)."""
    opening = min(timezone.now(), datetime.datetime.combine(opens_on, datetime.time(), tzinfo=datetime.UTC))
    since = opening - datetime.timedelta(days=JOINED_BEFORE_DAYS)
    return sum(1 for row in rows if row.created_at >= since)


def round_item_keys(organisation, template_key: str) -> list[str]:
    template = question_bank.template(template_key)
    extra = organisation.listen_items.filter(is_archived=False).values_list("key", flat=True)
    return [*template.item_keys, *extra]


def answer_path(token: str) -> str:
    return reverse("listen:answer", kwargs={"pulse_token": token})


@transaction.atomic
def pulse_round_open(
    *,
    team,
    by,
    template_key: str,
    opens_on: datetime.date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    cadence: str = Cadence.NONE,
    invite: str = InviteMethod.EMAIL,
    include_sub_teams: bool = False,
) -> Opened:
    """Open a round: a single-use link for each member with an email (sent through Nudges), or one team link.

    `include_sub_teams` asks the people of every team below `team` too (single-use links only: a team link's figures
    never show, so it would help nobody be heard). Raises ValueError, saving nothing, when asked with a team link."""
    if include_sub_teams and invite == InviteMethod.LINK:
        raise ValueError("A round can include sub-teams only with single-use links")
    organisation = team.organisation
    thresholds = selectors.thresholds_of(organisation)
    pulse_round = PulseRound.objects.create(
        organisation=organisation,
        team=team,
        template_key=template_key,
        item_keys=round_item_keys(organisation, template_key),
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=window_days - 1),
        cadence=cadence,
        invite=invite,
        includes_sub_teams=include_sub_teams,
        batch_size=thresholds.batch_size,
        comment_threshold=thresholds.comments,
        opened_by=by,
    )
    asked_items_keep(pulse_round=pulse_round)
    rows = _team_people(team, opened_by=by, include_sub_teams=include_sub_teams)
    people = [row.membership.user for row in rows]
    pulse_round.joined_before = _joined_before(rows, opens_on)
    team_link_token = None
    if invite == InviteMethod.LINK:
        team_link_token = new_token()
        TeamLink.objects.create(round=pulse_round, token_hash=Invitation.hash(team_link_token), token=team_link_token)
        invited = len(people)
    else:
        invited = _invite_by_email(pulse_round, people)
    pulse_round.invited = invited
    pulse_round.save(update_fields=["invited", "joined_before", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.PULSE_ROUND_OPENED,
        target=(
            f"{team.name}{' with its sub-teams' if include_sub_teams else ''}, "
            f"{long_date(opens_on)} to {long_date(pulse_round.closes_on)}"
        ),
        details={
            "round": str(pulse_round.pk),
            "invite": invite,
            "invited": invited,
            "includes_sub_teams": include_sub_teams,
        },
    )
    return Opened(round=pulse_round, team_link_token=team_link_token, invited=invited)


def _invite_by_email(pulse_round: PulseRound, people) -> int:
    """One invitation per person with an email. The invitation keeps no trace of who it was for: the rows are
    created together in a fresh random order, with random ids and a keyed hash of the token (ADR 0018)."""
    title = f"Your team's pulse is open until {weekday_date(pulse_round.closes_on)}: about two minutes, and anonymous"
    tokens = {person.pk: new_token() for person in people if person.email}
    Invitation.objects.bulk_create(
        [
            Invitation(round=pulse_round, token_hash=Invitation.hash(token))
            for token in anonymity.sealing_order(tokens.values())
        ]
    )
    for person in people:
        if person.pk not in tokens:
            continue
        notification_create(
            person=person,
            organisation=pulse_round.organisation,
            kind="pulse_invitation",
            title=title,
            link=answer_path(tokens[person.pk]),
            time_critical=False,
            expires_at=datetime.datetime.combine(
                pulse_round.closes_on + datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC
            ),
            dedupe_key=f"pulse:{pulse_round.pk}:{person.pk}",
        )
    return len(tokens)


@transaction.atomic
def pulse_round_close(*, pulse_round: PulseRound, by=None) -> PulseRound:
    """Close a round. A pending remainder smaller than the batch never counts; it is reshuffled so its rows keep
    no arrival order either."""
    locked = lock_round(pulse_round.pk)
    if locked.is_closed:
        return locked
    locked.is_closed = True
    locked.save(update_fields=["is_closed", "updated_at"])
    rewrite(list(locked.responses.filter(batch__isnull=True)), batch=None, day=timezone.localdate())
    audit_event_record(
        actor=by,
        organisation=locked.organisation,
        action=AuditEvent.Action.PULSE_ROUND_CLOSED,
        target=f"{locked.team.name}, opened {long_date(locked.opens_on)}",
        details={"round": str(locked.pk)},
    )
    return locked


def _next_opening(pulse_round: PulseRound) -> datetime.date:
    months = 1 if pulse_round.cadence == Cadence.MONTHLY else 3
    month_index = pulse_round.opens_on.month - 1 + months
    year, month = pulse_round.opens_on.year + month_index // 12, month_index % 12 + 1
    last_day = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(pulse_round.opens_on.day, last_day))


def pulse_rounds_job(*, now: datetime.datetime) -> str:
    """The periodic job (attend.core.periodic): close ended rounds and open the next ones that are due, then (once
    committed) clear the old row versions answering left behind."""
    done = pulse_rounds_roll(today=timezone.localdate(now))
    transaction.on_commit(pulse_answers_vacuum)
    return f"Listen: {done['closed']} round(s) closed, {done['opened']} opened."


def pulse_answers_vacuum() -> bool:
    """On PostgreSQL, VACUUM the answer and invitation tables, so the dead row versions every answer leaves (a
    pending answer's first version, an invitation before it was used) last minutes, not until autovacuum comes
    round (ADR 0018). VACUUM cannot run inside a transaction: returns False, doing nothing, when it would."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (Response, Invitation))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {tables}")
    return True


def pulse_rounds_roll(*, today: datetime.date) -> dict[str, int]:
    """Close rounds whose window has ended, and open the next round of each repeating round when it is due."""
    closed = opened = 0
    for pulse_round in PulseRound.objects.filter(is_closed=False, closes_on__lt=today):
        pulse_round_close(pulse_round=pulse_round)
        closed += 1
    due = PulseRound.objects.filter(next_round_created=False).exclude(cadence=Cadence.NONE).select_related("team")
    for pulse_round in due:
        if _next_opening(pulse_round) <= today and _open_next(pulse_round, today=today):
            opened += 1
    return {"closed": closed, "opened": opened}


@transaction.atomic
def _open_next(pulse_round: PulseRound, *, today: datetime.date) -> bool:
    claimed = PulseRound.objects.filter(pk=pulse_round.pk, next_round_created=False).update(next_round_created=True)
    if not claimed:
        return False  # another worker got there first
    window = (pulse_round.closes_on - pulse_round.opens_on).days + 1
    pulse_round_open(
        team=pulse_round.team,
        by=None,
        template_key=pulse_round.template_key,
        opens_on=max(_next_opening(pulse_round), today),
        window_days=window,
        cadence=pulse_round.cadence,
        invite=pulse_round.invite,
        include_sub_teams=pulse_round.includes_sub_teams,
    )
    return True
