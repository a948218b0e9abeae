"""Account writes: sign-in throttling and profile changes."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from attend.accounts.models import SignInFailure, User
from attend.core.validators import clean_model_text


def _keyed_hash(value: str) -> str:
    # A keyed hash: the table never holds an email or network address, and cannot be reversed
    # by guessing without the installation's secret key.
    return hmac.new(settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256).hexdigest()


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.SIGN_IN_THROTTLE["window_seconds"])


def sign_in_is_throttled(*, email: str, address: str) -> bool:
    """True when this account or this network address has failed too often in the window."""
    limits = settings.SIGN_IN_THROTTLE
    recent = SignInFailure.objects.filter(at__gte=_window_start())
    account_failures = recent.filter(kind=SignInFailure.Kind.ACCOUNT, key_hash=_keyed_hash(email)).count()
    if account_failures >= limits["per_account"]:
        return True
    address_failures = recent.filter(kind=SignInFailure.Kind.ADDRESS, key_hash=_keyed_hash(address)).count()
    return address_failures >= limits["per_address"]


def sign_in_failure_record(*, email: str, address: str) -> None:
    SignInFailure.objects.filter(at__lt=_window_start()).delete()
    SignInFailure.objects.bulk_create(
        [
            SignInFailure(kind=SignInFailure.Kind.ACCOUNT, key_hash=_keyed_hash(email)),
            SignInFailure(kind=SignInFailure.Kind.ADDRESS, key_hash=_keyed_hash(address)),
        ]
    )


def sign_in_failures_clear(*, email: str) -> None:
    SignInFailure.objects.filter(kind=SignInFailure.Kind.ACCOUNT, key_hash=_keyed_hash(email)).delete()


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
