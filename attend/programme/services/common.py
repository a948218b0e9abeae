"""What every Programme write shares: the error people can put right, text limits, the audit line."""

from attend.core.services import audit_event_record
from attend.programme.models import (
    Cohort,
    Thread,
)


class ProgrammeError(Exception):
    """Something the person can put right, in words to show them."""


# The longest each piece of text may be, as its form says (a TextField has no length of its own).
DESCRIPTION_LENGTH = 3000
MATERIAL_TEXT_LENGTH = 5000
POST_LENGTH = 4000
THREAD_SUFFIX = ": discussion"


def _thread_title(name: str) -> str:
    """A discussion's title from its cohort's or session's name, within the thread's column at any length."""
    room = Thread._meta.get_field("title").max_length - len(THREAD_SUFFIX)
    return f"{name[:room]}{THREAD_SUFFIX}"


def _is_https(link: str) -> bool:
    # The scheme is case-insensitive (RFC 3986), so "HTTPS://" is as safe as "https://".
    return link.lower().startswith("https://")


def _audit(*, by, cohort: Cohort | None = None, organisation=None, action: str, target: str) -> None:
    audit_event_record(
        actor=by, organisation=organisation or cohort.programme.organisation, action=action, target=target
    )
