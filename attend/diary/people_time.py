"""Time for people (pure: no Django): which events in a diary are time with people, by a rule the person sets.

Three ways an event counts (docs/adr/0010-diary-engine.md, "Time for people"):
- its title says it is a one-to-one ("1:1", "one to one", "catch-up with": words the person can change);
- it is a small meeting (at most `small_meeting` attendees) with someone from one of their teams, by email;
- it is a Connect conversation they hold (the selector adds those; they are never meetings here).
Only confirmed, busy time counts: tentative, declined, cancelled, free and out-of-office events never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from attend.diary.calendar_read import Event

DEFAULT_TITLE_WORDS = ("1:1", "1-1", "one to one", "catch up with", "check in with")
DEFAULT_SMALL_MEETING = 4
LARGEST_SMALL_MEETING = 20
_SPACES = re.compile(r"[\s\-–—_]+")


@dataclass(frozen=True)
class PeopleRule:
    """What counts as time with people. `small_meeting` 0 switches the team rule off."""

    title_words: tuple[str, ...] = DEFAULT_TITLE_WORDS
    small_meeting: int = DEFAULT_SMALL_MEETING
    team_emails: frozenset[str] = frozenset()  # lower case; never the person's own address
    connect: bool = True


DEFAULT_RULE = PeopleRule()


def normalise(text: str) -> str:
    """Lower case, with hyphens and runs of spaces as one space: "Catch-up  with" reads as "catch up with"."""
    return _SPACES.sub(" ", text.strip().lower())


def why_people_time(event: Event, rule: PeopleRule) -> str | None:
    """ "title", "team" or "connect" when the event is time with people by `rule`, else None."""
    if not event.busy or event.all_day or event.end <= event.start:
        return None
    if event.origin == "connect":
        return "connect" if rule.connect else None
    title = normalise(event.title)
    if any(word and normalise(word) in title for word in rule.title_words):
        return "title"
    if (
        rule.small_meeting
        and rule.team_emails
        and 0 < event.attendees <= rule.small_meeting
        and not rule.team_emails.isdisjoint(event.attendee_emails)
    ):
        return "team"
    return None
