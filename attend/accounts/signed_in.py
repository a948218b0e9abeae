"""Where a person is signed in, and signing out everywhere else (issue 15, docs/adr/0028).

Each session is recorded as a `SignedInSession` row keyed by a SHA-256 hash of its session key, with a coarse
device ("Firefox on Windows") and the day it was last used, written at most once a day. Signing out everywhere
else bumps `User.sessions_ended_count`, which is part of Django's session auth hash: every other session stops
verifying at its next request, and Django's own check flushes it from the session store.
"""

import datetime
import hashlib
from functools import lru_cache, partial

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from attend.accounts.models import SignedInSession, User
from attend.accounts.tasks import security_email_send
from attend.core.formatting import long_date
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record

SEEN_ON_SESSION_KEY = "signed_in_seen_on"


def session_key_hash(session_key: str) -> str:
    # Session keys are 32 random characters, so a plain hash cannot be reversed by guessing.
    return hashlib.sha256(session_key.encode()).hexdigest()


@lru_cache(maxsize=512)
def device_label(user_agent: str) -> str:
    """A coarse name for a device: the browser and operating system families, no versions."""
    from ua_parser import parse  # its rules load on first use; only a session's first request a day needs them

    parsed = parse(user_agent[:512])
    browser = parsed.user_agent.family if parsed.user_agent else "Other"
    system = parsed.os.family if parsed.os else "Other"
    if browser == "Other" and system == "Other":
        return "An unknown device"
    if system == "Other":
        return browser
    if browser == "Other":
        return f"A browser on {system}"
    return f"{browser} on {system}"


def signed_in_session_record(*, user: User, session_key: str, user_agent: str) -> None:
    today = timezone.localdate()
    SignedInSession.objects.update_or_create(
        session_key_hash=session_key_hash(session_key),
        defaults={"user": user, "device": device_label(user_agent)[:100], "last_active_on": today},
    )


def signed_in_sessions_for(user: User, *, current_session_key: str | None) -> list[dict]:
    """The person's sessions, newest day first, the current one marked. Sessions last a working day, so anything
    not used since yesterday has ended and is left out."""
    since = timezone.localdate() - datetime.timedelta(days=1)
    current = session_key_hash(current_session_key) if current_session_key else None
    rows = user.signed_in_sessions.filter(last_active_on__gte=since).order_by("-last_active_on", "device")
    return [
        {"device": row.device, "last_active_on": row.last_active_on, "is_current": row.session_key_hash == current}
        for row in rows[:50]
    ]


def signed_in_session_rows(sessions: list[dict]) -> list[dict]:
    """Summary-list rows for the sessions: the device, and the day it was last used."""
    today = timezone.localdate()
    rows = []
    for session in sessions:
        day = session["last_active_on"]
        when = "Today" if day == today else "Yesterday" if day == today - datetime.timedelta(days=1) else long_date(day)
        device = session["device"] + (" (this browser)" if session["is_current"] else "")
        rows.append({"key": {"text": device}, "value": {"text": f"Last used: {when}"}})
    return rows


def _sessions_ended_count_bump(user: User) -> None:
    # Counted up in the database, not from the value in hand: two bumps at once both count.
    User.objects.filter(pk=user.pk).update(sessions_ended_count=F("sessions_ended_count") + 1)
    user.refresh_from_db(fields=["sessions_ended_count"])


@transaction.atomic
def sessions_end_others(*, request) -> None:
    """Sign the person out of every session but this one. The request's own session is kept (and moved to a new
    key), so the person stays on the page that confirms it."""
    user = request.user
    _sessions_ended_count_bump(user)
    update_session_auth_hash(request, user)  # cycles this session's key and stores the new hash
    user.signed_in_sessions.all().delete()
    signed_in_session_record(
        user=user, session_key=request.session.session_key, user_agent=request.headers.get("User-Agent", "")
    )
    request.session[SEEN_ON_SESSION_KEY] = timezone.localdate().isoformat()
    audit_event_record(actor=user, organisation=None, action=AuditEvent.Action.SESSIONS_ENDED, target=user.email)


@transaction.atomic
def sessions_end_all(*, user: User) -> None:
    """Sign the person out of every session, done by someone else (an admin who reset their second factor):
    each stops verifying at its next request. Not audited here: the caller records who did it and why."""
    _sessions_ended_count_bump(user)
    user.signed_in_sessions.all().delete()


def sign_in_changed_by_another(
    *, user: User, by: User, action: str, details: dict, organisations: list, email: str, about: dict
) -> None:
    """What follows when someone else changes how a person signs in (an admin resetting their second factor or
    forgetting their single sign-on account): every session of theirs ended, a line in the log of each of
    `organisations` (none: the installation's own log), and the security email `email` queued on commit, saying
    who did it and when. `details` and `about` hold names and counts, never a secret."""
    sessions_end_all(user=user)
    for organisation in organisations or [None]:
        audit_event_record(actor=by, organisation=organisation, action=action, target=user.email, details=details)
    about = {"by": by.name, "at": timezone.now().isoformat(), **about}
    transaction.on_commit(partial(security_email_send.enqueue, str(user.pk), email, about))


def signed_in_session_forget(*, session_key: str | None) -> None:
    if session_key:
        SignedInSession.objects.filter(session_key_hash=session_key_hash(session_key)).delete()


def signed_in_sessions_forget_job(*, now) -> str:
    """Forget sessions not used since the day before yesterday: a session lasts a working day."""
    before = timezone.localdate(now) - datetime.timedelta(days=2)
    forgotten, _ = SignedInSession.objects.filter(last_active_on__lt=before).delete()
    return f"Forgot {forgotten} ended signed-in sessions."


def note_where_signed_in(sender, *, request, user, **kwargs) -> None:
    """At sign-in (Django's `user_logged_in`), so the first page after it costs nothing more than any other."""
    session = getattr(request, "session", None)
    if session is None or session.session_key is None:
        return
    session[SEEN_ON_SESSION_KEY] = timezone.localdate().isoformat()
    signed_in_session_record(
        user=user, session_key=session.session_key, user_agent=request.headers.get("User-Agent", "")
    )


class SignedInSessionMiddleware:
    """Record where the person is signed in, at most once a day per session (one session read, no query, on
    every other request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return response
        today = timezone.localdate().isoformat()
        if request.session.get(SEEN_ON_SESSION_KEY) == today:
            return response
        if request.session.session_key is None:
            return response
        request.session[SEEN_ON_SESSION_KEY] = today
        signed_in_session_record(
            user=user, session_key=request.session.session_key, user_agent=request.headers.get("User-Agent", "")
        )
        return response
