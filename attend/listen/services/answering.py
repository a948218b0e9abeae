"""Answering a pulse: checking a link, and saving one response anonymously, in the two transactions ADR 0018 asks
for, with the round's row lock while the response is saved and whole batches are sealed (ADR 0012)."""

import datetime

from django.db import transaction

from attend.core.validators import clean_text
from attend.listen import anonymity, question_bank
from attend.listen.models import Invitation, PulseRound, Response, TeamLink
from attend.listen.services.sealing import lock_round, seal_ready_batches


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
    locked = lock_round(pulse_round.pk)
    _check_open(locked, today)
    if team_link and locked.responses.count() >= locked.invited:
        raise LinkProblem(LinkProblem.FULL, locked)
    Response.objects.create(
        round=locked,
        answered_on=anonymity.answered_on(today),
        answers={key: int(answers[key]) for key in locked.item_keys},
        comment=comment.strip() or None,
    )
    seal_ready_batches(locked, today=anonymity.answered_on(today))
    return locked


def _check_answers(pulse_round: PulseRound, answers: dict[str, int]) -> None:
    missing = [key for key in pulse_round.item_keys if answers.get(key) not in question_bank.AGREE_SCALE]
    if missing or set(answers) - set(pulse_round.item_keys):
        raise ValueError("Every question needs one of the five answers, and nothing else")
