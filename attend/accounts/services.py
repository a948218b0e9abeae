"""Account writes: sign-in and password-reset throttling, the reset email, and profile changes."""

import dataclasses
import datetime
import hashlib
import hmac
from functools import partial

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from attend.accounts import working_pattern as wp
from attend.accounts.models import AttemptCount, User
from attend.accounts.tasks import password_reset_email_send
from attend.core.crypto import encrypt_json
from attend.core.mail import Email
from attend.core.validators import clean_model_text


def _keyed_hash(value: str) -> str:
    # A keyed hash: the table never holds an email or network address, and cannot be reversed
    # by guessing without the installation's secret key.
    return hmac.new(settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256).hexdigest()


def _attempts_take(*keys: tuple[str, str, int, int]) -> bool:
    """Count one attempt against every (kind, value, limit, window seconds), all or none.

    True when every key was under its limit (each now counts this attempt); False, counting nothing, when any was
    full. Each key's row is read under its lock (SELECT ... FOR UPDATE on PostgreSQL; SQLite's transactions take
    the write lock when they begin, see settings), so concurrent attempts queue here and each sees the ones
    before it. Callers always pass their keys in the same order (the account or email, then the address), so
    two attempts never wait on each other in a circle.
    """
    now = timezone.now()
    with transaction.atomic():
        counts = []
        for kind, value, limit, seconds in keys:
            count, _ = AttemptCount.objects.select_for_update().get_or_create(
                kind=kind, key_hash=_keyed_hash(value), defaults={"window_ends_at": now}
            )
            if count.window_ends_at <= now:  # a window ended (or this is the first attempt): a new one begins
                count.attempts, count.window_ends_at = 0, now + datetime.timedelta(seconds=seconds)
            counts.append((count, limit))
        if any(count.attempts >= limit for count, limit in counts):
            return False
        for count, _ in counts:
            count.attempts += 1
            count.save(update_fields=["attempts", "window_ends_at"])
    return True


def _attempts_of(kind: str, value: str) -> int:
    count = AttemptCount.objects.filter(kind=kind, key_hash=_keyed_hash(value), window_ends_at__gt=timezone.now())
    return count.values_list("attempts", flat=True).first() or 0


def sign_in_attempt_count(*, email: str, address: str) -> bool:
    """Count a sign-in attempt before its password is checked. False: too many, so do not check it.

    Counting first is what keeps parallel guesses within the limit: a guess is counted (and so seen by every
    later one) before the slow password check starts. A successful sign-in takes its count back
    (`sign_in_succeeded`), so what remains are failures.
    """
    limits = settings.SIGN_IN_THROTTLE
    return _attempts_take(
        (AttemptCount.Kind.SIGN_IN_ACCOUNT, email, limits["per_account"], limits["window_seconds"]),
        (AttemptCount.Kind.SIGN_IN_ADDRESS, address, limits["per_address"], limits["window_seconds"]),
    )


def sign_in_succeeded(*, email: str, address: str) -> None:
    """The password was right: the account's failures are forgotten, and this attempt no longer counts against
    the address (colleagues behind one trust address sign in all day)."""
    sign_in_failures_clear(email=email)
    AttemptCount.objects.filter(
        kind=AttemptCount.Kind.SIGN_IN_ADDRESS, key_hash=_keyed_hash(address), attempts__gt=0
    ).update(attempts=F("attempts") - 1)


def sign_in_is_throttled(*, email: str, address: str) -> bool:
    """True when this account or this network address has failed too often in its window."""
    limits = settings.SIGN_IN_THROTTLE
    return (
        _attempts_of(AttemptCount.Kind.SIGN_IN_ACCOUNT, email) >= limits["per_account"]
        or _attempts_of(AttemptCount.Kind.SIGN_IN_ADDRESS, address) >= limits["per_address"]
    )


def sign_in_failures_clear(*, email: str) -> None:
    AttemptCount.objects.filter(kind=AttemptCount.Kind.SIGN_IN_ACCOUNT, key_hash=_keyed_hash(email)).delete()


def attempt_counts_forget_job(*, now: datetime.datetime) -> str:
    """Delete counts whose window has ended. Rows a sign-in holds right now are skipped (not waited for), so this
    job never waits on a sign-in that might be waiting on it; they go next round."""
    with transaction.atomic():  # the row locks last only as long as this batch (attend/core/periodic.py)
        ended = AttemptCount.objects.filter(window_ends_at__lte=now).select_for_update(skip_locked=True)
        forgotten, _ = AttemptCount.objects.filter(pk__in=list(ended.values_list("pk", flat=True)[:10_000])).delete()
    return f"Forgot {forgotten} ended sign-in and password reset counts."


def password_reset_request(*, email: str, address: str, base_url: str) -> None:
    """Someone asked for a reset link for `email`. The answer they see is the same whatever happens here.

    Counted per email and per network address; within the limits, a task is queued once the transaction
    commits, for every address asked about, whether or not it has an account, so the request does the same work
    (and takes the same time) either way. The worker looks the account up and sends the email. The task's
    argument is the address encrypted, so the task table never holds addresses people typed in clear.
    """
    limits = settings.PASSWORD_RESET_THROTTLE
    allowed = _attempts_take(
        (AttemptCount.Kind.RESET_EMAIL, email, limits["per_email"], limits["window_seconds"]),
        (AttemptCount.Kind.RESET_ADDRESS, address, limits["per_address"], limits["window_seconds"]),
    )
    if allowed:
        transaction.on_commit(partial(password_reset_email_send.enqueue, encrypt_json(email), base_url))


def password_reset_email_deliver(*, email: str, base_url: str) -> None:
    """Send the reset link to each active account with this email and a password, now, in this process."""
    for user in PasswordResetForm().get_users(email):
        context = {
            "user": user,
            "link": base_url.rstrip("/")
            + reverse(
                "accounts:password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            ),
        }
        Email(
            subject="Reset your Attend password",
            body=render_to_string("accounts/email/password_reset.txt", context),
            to=[user.email],
        ).send()


def user_profile_update(
    *,
    user: User,
    name: str,
    time_zone: str,
    working_days: list[int],
    working_day_start: datetime.time,
    working_day_end: datetime.time,
) -> User:
    if name != user.name:  # a name stored before the text rules must not block saving working hours
        user.name = clean_model_text(User, "name", name.strip())
    user.time_zone = time_zone
    user.working_days = sorted(working_days)
    user.working_day_start = working_day_start
    user.working_day_end = working_day_end
    user.save(update_fields=["name", "time_zone", "working_days", "working_day_start", "working_day_end"])
    return user


def working_pattern_save(*, user: User, pattern: wp.Pattern) -> User:
    """Keep the person's working pattern (a rota, calendar rules, shifts, one-off changes), within its bounds."""
    if len(pattern.rota) > wp.MOST_ROTA_WEEKS:
        raise ValidationError({"rota": f"A rota can be at most {wp.MOST_ROTA_WEEKS} weeks long"})
    if len(pattern.shifts) > wp.MOST_SHIFTS or len(pattern.rules) > wp.MOST_RULES:
        raise ValidationError({"shifts": "Too many shifts or title rules"})
    if len(pattern.changes) > wp.MOST_CHANGES:
        raise ValidationError({"changes": f"At most {wp.MOST_CHANGES} one-off changes can be kept"})
    for shift in pattern.shifts:
        clean_model_text(User, "name", shift.name)  # the text rules, with the name column's length as a bound
    user.working_pattern = wp.to_stored(pattern)
    user.save(update_fields=["working_pattern"])
    return user


def working_pattern_change_remove(*, user: User, on: datetime.date, kind: str) -> User:
    pattern = wp.from_stored(
        user.working_pattern, days=user.working_days, starts=user.working_day_start, ends=user.working_day_end
    )
    kept = tuple(change for change in pattern.changes if (change.on, change.kind) != (on, kind))
    return working_pattern_save(user=user, pattern=dataclasses.replace(pattern, changes=kept))
