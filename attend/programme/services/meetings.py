"""Meeting requests and replies: each participant gets a session as a real meeting in their calendar (METHOD
REQUEST, or CANCEL when it is cancelled or they leave), and says in Attend whether they will come.

Emails leave the request: a service queues `session_requests_send` once its transaction commits, in batches, so
a large cohort is many small tasks, never one long one (docs/adr/0024).
"""

import logging
import smtplib
import zoneinfo
from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from attend.accounts.models import User
from attend.core.formatting import weekday_date_time
from attend.core.mail import Email
from attend.core.models import AuditEvent
from attend.nudges.services import notifications_withdraw
from attend.programme import calendar
from attend.programme.models import Participant, Session, SessionReply
from attend.programme.services.common import ProgrammeError, _audit

logger = logging.getLogger(__name__)

# Participants per email task: a 300-person cohort is six tasks of a few seconds each.
BATCH = 50


def session_requests_queue(*, session: Session, method: str, user_ids: list | None = None) -> None:
    """Send the session's meeting request (or cancellation) to these people (everyone in its cohort by
    default), once the caller's transaction commits. People, not places: someone who has just left the cohort
    has no place, and still needs the cancellation."""
    from attend.programme.tasks import session_requests_send

    if user_ids is None:
        user_ids = list(session.cohort.participants.values_list("user_id", flat=True))
    ids = [str(pk) for pk in user_ids]
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        transaction.on_commit(partial(session_requests_send.enqueue, str(session.pk), batch, method))


def _subject(session: Session, method: str, when: str) -> str:
    if method == calendar.CANCEL:
        return f"Cancelled: {session.title}, {when}"
    return f"Invitation: {session.title}, {when}"


def session_request_deliver(*, session: Session, user, method: str, reply: str = "") -> None:
    """Email one person the session as a meeting: the file as the message's calendar part (what Outlook and
    Gmail read to show Accept and Decline) and as an attachment (for every other mail program). `reply` is
    their answer in Attend, if any, so the file does not ask again."""
    ics = calendar.invitation(session, method=method, attendee=user, reply=reply).decode()
    when = weekday_date_time(timezone.localtime(session.starts_at, zoneinfo.ZoneInfo(user.time_zone)))
    context = {
        "name": user.name,
        "session": session,
        "when": when,
        "cancelled": method == calendar.CANCEL,
        "leaving": method == calendar.CANCEL and not session.is_cancelled,
        "link": calendar.session_page(session),
    }
    message = Email(
        subject=_subject(session, method, when),
        body=render_to_string("programme/email/meeting_request.txt", context),
        to=[user.email],
    )
    content_type = f"text/calendar; method={method}; charset=utf-8"
    message.attach_alternative(ics, content_type)
    message.attach("invite.ics", ics, content_type)
    message.send()


def session_requests_deliver(*, session_id: str, user_ids: list[str], method: str) -> int:
    """The task's work: email each person. Returns how many were sent."""
    session = Session.objects.select_related("cohort__programme").filter(pk=session_id).first()
    if session is None or (method == calendar.REQUEST and session.is_cancelled):
        return 0  # gone, or cancelled since this was queued: the cancellation has its own tasks
    if method == calendar.REQUEST:  # only people still in the cohort: someone may have left since
        users = [place.user for place in session.cohort.participants.select_related("user").filter(user__in=user_ids)]
    else:
        users = list(User.objects.filter(pk__in=user_ids))
    replies = dict(session.replies.filter(participant__user__in=users).values_list("participant__user", "answer"))
    sent = 0
    for user in users:
        try:
            session_request_deliver(session=session, user=user, method=method, reply=replies.get(user.pk, ""))
            sent += 1
        except (smtplib.SMTPException, OSError):  # one refused address must not stop the rest
            logger.exception("Session %s: the meeting request to person %s could not be sent", session_id, user.pk)
    return sent


def session_leaving_cancel(*, place: Participant) -> None:
    """Someone leaves a cohort: the sessions still to come are cancelled in their calendar only."""
    for session in place.cohort.sessions.filter(starts_at__gt=timezone.now(), cancelled_at__isnull=True):
        session_requests_queue(session=session, method=calendar.CANCEL, user_ids=[place.user_id])


@transaction.atomic
def session_cancel(*, session: Session, by) -> Session:
    """Cancel a session: its calendar event is cancelled for everyone and its reminder withdrawn. It stays in
    Attend, marked cancelled, with its discussion and any attendance already recorded."""
    if session.is_cancelled:
        raise ProgrammeError("This session is already cancelled")
    from attend.programme.services.sessions import _session_key

    session.cancelled_at = timezone.now()
    session.sequence += 1
    session.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    notifications_withdraw(dedupe_key=_session_key(session))
    cohort = session.cohort
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.SESSION_CANCELLED, target=f"{cohort.name}: {session.title}")
    session_requests_queue(session=session, method=calendar.CANCEL)
    return session


def session_reply_set(*, session: Session, place: Participant, answer: str) -> SessionReply:
    """A participant says whether they will come. Theirs to change until the session starts."""
    if place.cohort_id != session.cohort_id:
        raise ProgrammeError("This session is for another cohort")
    if answer not in SessionReply.Answer.values:
        raise ProgrammeError("Choose attending, not attending or maybe")
    if session.is_cancelled:
        raise ProgrammeError("This session is cancelled")
    if session.starts_at <= timezone.now():
        raise ProgrammeError("This session has started, so you can no longer change your answer")
    reply, _ = SessionReply.objects.update_or_create(session=session, participant=place, defaults={"answer": answer})
    return reply
