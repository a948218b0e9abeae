"""Writes for Listen. Callers reach rounds, teams and actions through `access` first.

Submitting a response follows the anonymity design (ADR 0012) exactly: one transaction, a row lock on the round,
a conditional update that uses the invitation once, the response saved pending, and sealing whole batches through
`anonymity.batch_to_seal` and `anonymity.sealing_order`.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import long_date, weekday_date
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.validators import clean_model_text, clean_text
from attend.listen import anonymity, question_bank, selectors
from attend.listen.models import (
    Action,
    Cadence,
    Invitation,
    InviteMethod,
    ListenSettings,
    OrganisationItem,
    PulseRound,
    Response,
    SelfView,
    TeamLink,
    new_token,
)
from attend.nudges.services import notification_create

DEFAULT_WINDOW_DAYS = 14


class LinkProblem(Exception):
    """A link that cannot be answered; `kind` names which page explains it."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    NOT_YET = "not_yet"
    FULL = "full"  # a team link that has had as many answers as the team has people
    LEADER = "leader"  # a leader of the team: nobody answers a pulse whose results they read

    def __init__(self, kind: str, pulse_round: PulseRound | None = None):
        super().__init__(kind)
        self.kind = kind
        self.round = pulse_round


@dataclass(frozen=True)
class Opened:
    round: PulseRound
    team_link_token: str | None  # shown once to whoever opened a team-link round; only its hash is kept
    invited: int


# Settings


@transaction.atomic
def listen_settings_update(*, organisation, by, figure_threshold: int, comment_threshold: int) -> ListenSettings:
    """Raises ValueError (from anonymity.Thresholds) when the thresholds break the rules; nothing is saved."""
    thresholds = anonymity.Thresholds(figures=figure_threshold, comments=comment_threshold)
    saved, _ = ListenSettings.objects.get_or_create(organisation=organisation)
    before = {"figures": saved.figure_threshold, "comments": saved.comment_threshold}
    saved.figure_threshold, saved.comment_threshold = thresholds.figures, thresholds.comments
    saved.save()
    after = {"figures": thresholds.figures, "comments": thresholds.comments}
    if before != after:
        audit_event_record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.ANONYMITY_THRESHOLD_CHANGED,
            target=f"Listen thresholds: {thresholds.figures} for figures, {thresholds.comments} for comments",
            details={"before": before, "after": after},
        )
    return saved


# Organisation items


@transaction.atomic
def listen_item_add(*, organisation, by, text: str) -> OrganisationItem:
    """Raises question_bank.BankError when the text is empty or too long."""
    key = OrganisationItem.new_key()
    checked = question_bank.organisation_item(key=key, text=text)
    item = OrganisationItem.objects.create(organisation=organisation, key=key, text=checked.text)
    audit_event_record(actor=by, organisation=organisation, action=AuditEvent.Action.PULSE_QUESTION_ADDED, target=text)
    return item


@transaction.atomic
def listen_item_edit(*, item: OrganisationItem, by, text: str) -> OrganisationItem:
    checked = question_bank.organisation_item(key=item.key, text=text)
    before = item.text
    item.text = checked.text
    item.save(update_fields=["text", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=item.organisation,
        action=AuditEvent.Action.PULSE_QUESTION_CHANGED,
        target=item.text,
        details={"before": before},
    )
    return item


@transaction.atomic
def listen_item_archive(*, item: OrganisationItem, by, archived: bool = True) -> OrganisationItem:
    item.is_archived = archived
    item.save(update_fields=["is_archived", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=item.organisation,
        action=AuditEvent.Action.PULSE_QUESTION_CHANGED,
        target=item.text,
        details={"archived": archived},
    )
    return item


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


def _item_keys(organisation, template_key: str) -> list[str]:
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
        item_keys=_item_keys(organisation, template_key),
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=window_days - 1),
        cadence=cadence,
        invite=invite,
        includes_sub_teams=include_sub_teams,
        batch_size=thresholds.batch_size,
        comment_threshold=thresholds.comments,
        opened_by=by,
    )
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
    locked = _lock_round(pulse_round.pk)
    if locked.is_closed:
        return locked
    locked.is_closed = True
    locked.save(update_fields=["is_closed", "updated_at"])
    _rewrite(list(locked.responses.filter(batch__isnull=True)), batch=None, day=timezone.localdate())
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


# Answering


def _find_link(token: str):
    hashes = Invitation.hashes(token)
    invitation = Invitation.objects.filter(token_hash__in=hashes).select_related("round").first()
    if invitation:
        return invitation.round, invitation
    link = TeamLink.objects.filter(token_hash__in=hashes).select_related("round").first()
    if link:
        return link.round, None
    raise LinkProblem(LinkProblem.UNKNOWN)


def pulse_link_check(*, token: str, today: datetime.date) -> PulseRound:
    """The round a token answers, or LinkProblem saying kindly why it cannot be answered now."""
    pulse_round, invitation = _find_link(token)
    if invitation is not None and invitation.used:
        raise LinkProblem(LinkProblem.USED, pulse_round)
    _check_open(pulse_round, today)
    return pulse_round


def _check_open(pulse_round: PulseRound, today: datetime.date) -> None:
    if pulse_round.is_closed or pulse_round.closes_on < today:
        raise LinkProblem(LinkProblem.EXPIRED, pulse_round)
    if pulse_round.opens_on > today:
        raise LinkProblem(LinkProblem.NOT_YET, pulse_round)


def pulse_response_submit(
    *, token: str, answers: dict[str, int], comment: str = "", today: datetime.date
) -> PulseRound:
    """Save one response, anonymously; seal a batch when enough are pending. Raises LinkProblem, saving nothing,
    when the link is unknown, used, closed, not yet open or (a team link) full; ValueError when the answers are
    incomplete or the comment too long.

    Two transactions, never one (ADR 0018): the first marks a single-use invitation used, the second writes the
    answer. Had one transaction done both, every version of the answer's row (dead ones too, until VACUUM) would
    carry the same transaction id as the invitation's, and PostgreSQL's pageinspect would pair them. Call it
    outside any transaction for that to hold (views do: Attend does not wrap requests in one)."""
    comment = clean_text(comment, field="comment", multiline=True)  # its length is checked with the round locked
    pulse_round, invitation = _find_link(token)  # before the transaction: see `_lock_round`
    _check_open(pulse_round, today)
    _check_answers(pulse_round, answers)
    if len(comment.strip()) > question_bank.COMMENT_LENGTH:
        raise ValueError(f"Keep your comment under {question_bank.COMMENT_LENGTH} characters")
    if invitation is not None:
        _invitation_use(invitation, pulse_round)
    try:
        with transaction.atomic():
            return _submit_locked(
                pulse_round, team_link=invitation is None, answers=answers, comment=comment, today=today
            )
    except Exception:
        if invitation is not None:  # nothing was saved: the link works again
            with transaction.atomic():
                Invitation.objects.filter(pk=invitation.pk).update(used=False)
        raise


def _invitation_use(invitation: Invitation, pulse_round: PulseRound) -> None:
    """Mark the invitation used, in a transaction that writes nothing else; LinkProblem if it already was."""
    with transaction.atomic():
        if not Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True):
            raise LinkProblem(LinkProblem.USED, pulse_round)


def _submit_locked(pulse_round: PulseRound, *, team_link: bool, answers, comment: str, today) -> PulseRound:
    locked = _lock_round(pulse_round.pk)
    _check_open(locked, today)
    if team_link and locked.responses.count() >= locked.invited:
        raise LinkProblem(LinkProblem.FULL, locked)
    Response.objects.create(
        round=locked,
        answered_on=anonymity.answered_on(today),
        answers={key: int(answers[key]) for key in locked.item_keys},
        comment=comment.strip() or None,
    )
    _seal_ready_batches(locked, today=anonymity.answered_on(today))
    return locked


def _lock_round(pulse_round_id) -> PulseRound:
    """The round, row-locked until the transaction ends. SQLite ignores SELECT ... FOR UPDATE, and a transaction
    that has read before it writes fails at once ("database is locked") when another wrote meanwhile, so there a
    no-op write takes the database's write lock first: concurrent submissions then wait their turn."""
    if connection.vendor == "sqlite":
        PulseRound.objects.filter(pk=pulse_round_id).update(is_closed=F("is_closed"))
    return PulseRound.objects.select_for_update().get(pk=pulse_round_id)


def _check_answers(pulse_round: PulseRound, answers: dict[str, int]) -> None:
    missing = [key for key in pulse_round.item_keys if answers.get(key) not in question_bank.AGREE_SCALE]
    if missing or set(answers) - set(pulse_round.item_keys):
        raise ValueError("Every question needs one of the five answers, and nothing else")


def _seal_ready_batches(pulse_round: PulseRound, *, today: datetime.date) -> None:
    """Called under the round's row lock, so two submissions can never both seal, or lose, a response.

    Pending rows are rewritten on every submission too, so no pending row keeps the transaction (PostgreSQL's
    xmin), the physical position or the day that it shares with the invitation used to send it."""
    pending = list(pulse_round.responses.filter(batch__isnull=True))
    while anonymity.batch_to_seal(len(pending), pulse_round.batch_size):
        sealing, pending = pending[: pulse_round.batch_size], pending[pulse_round.batch_size :]
        last = pulse_round.responses.aggregate(last=Max("batch"))["last"] or 0
        _rewrite(sealing, batch=last + 1, day=today)
    _rewrite(pending, batch=None, day=today)


def _rewrite(rows: list[Response], *, batch: int | None, day: datetime.date) -> None:
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


# The leader's own view, and what they did


def self_view_save(*, pulse_round: PulseRound, leader, answers: dict[str, int]) -> SelfView:
    view, _ = SelfView.objects.update_or_create(round=pulse_round, leader=leader, defaults={"answers": answers})
    return view


def pulse_action_add(
    *,
    pulse_round: PulseRound,
    by,
    text: str,
    theme: str = "",
    quote: str = "",
    owner: str = "",
    due_on: datetime.date | None = None,
) -> Action:
    """`theme` or `quote` (a comment shown on the round's page) says what the action answers. The team sees the
    action with its owner (whoever recorded it, unless `owner` names someone) and `due_on`."""
    text = clean_model_text(Action, "text", text.strip(), label="The action")
    quote = clean_text(quote, field="quote", multiline=True)
    owner = clean_model_text(Action, "owner", owner.strip(), label="Who is doing it")
    return Action.objects.create(
        round=pulse_round,
        team=pulse_round.team,
        by=by,
        text=text,
        theme=theme,
        quote=quote,
        owner=owner,
        due_on=due_on,
    )


def pulse_action_update(
    *,
    action: Action,
    text: str,
    status: str,
    theme: str | None = None,
    owner: str = "",
    due_on: datetime.date | None = None,
) -> Action:
    action.text, action.status = clean_model_text(Action, "text", text.strip(), label="The action"), status
    action.owner = clean_model_text(Action, "owner", owner.strip(), label="Who is doing it")
    action.due_on = due_on
    fields = ["text", "status", "owner", "due_on", "updated_at"]
    if theme is not None:
        action.theme = theme
        fields.append("theme")
    action.save(update_fields=fields)
    return action
