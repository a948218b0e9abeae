"""Reads for Nudges."""

from django.core import signing

from attend.accounts.models import User
from attend.nudges.emails import read_unsubscribe_token


class UnknownLink(LookupError):
    pass


def unsubscribe_target(token: str) -> tuple[User, str | None]:
    """The person and the kind (None for every kind) an email's unsubscribe link names; raises UnknownLink."""
    try:
        person_id, kind = read_unsubscribe_token(token)
        return User.objects.get(pk=person_id), kind
    except (signing.BadSignature, User.DoesNotExist, ValueError, KeyError, TypeError):
        raise UnknownLink(token)
