"""Reads for Nudges."""

from datetime import datetime

from django.core import signing
from django.db.models import Q
from django.utils import timezone

from attend.accounts.models import User
from attend.nudges.emails import read_unsubscribe_token
from attend.nudges.models import NudgePreference


def preference_of(person) -> NudgePreference:
    """The person's saved choices, or the defaults (not saved) when they have made none."""
    return NudgePreference.objects.filter(person=person).first() or NudgePreference(person=person)


def current_for(person, *, now: datetime | None = None):
    """Unread and still worth reading: what Today lists."""
    now = now or timezone.now()
    return person.notifications.unread().filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class UnknownLink(LookupError):
    pass


def unsubscribe_target(token: str) -> tuple[User, str | None]:
    """The person and the kind (None for every kind) an email's unsubscribe link names; raises UnknownLink."""
    try:
        person_id, kind = read_unsubscribe_token(token)
        return User.objects.get(pk=person_id), kind
    except (signing.BadSignature, User.DoesNotExist, ValueError, KeyError, TypeError):
        raise UnknownLink(token)
