"""Write chosen protected-time blocks as an .ics file (RFC 5545) with stable UIDs (pure).

icalendar writes the file, so folding, escaping and CRLF line ends follow RFC 5545. Each block's UID is a
uuid5 of the owner and the proposal key, and a newer export carries a higher SEQUENCE: importing it updates
the same events rather than adding copies. Times are written in UTC, which every calendar reads the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import icalendar

from attend.diary.proposals import Proposal

UID_NAMESPACE = uuid.UUID("6f1d7c1e-2b7a-5d0e-9d54-8a3c0f1d2a10")
SEQUENCE_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def proposal_uid(*, owner_id: str, key: str) -> str:
    """uuid5 of owner id and proposal key: exporting the same block again updates, never duplicates."""
    return f"{uuid.uuid5(UID_NAMESPACE, f'{owner_id}/{key}')}@attend"


def export_sequence(stamp: datetime) -> int:
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))


def protected_time_ics(
    proposals: Sequence[Proposal],
    *,
    owner_id: str,
    product: str = "-//Attend//Diary//EN",
    stamp: datetime | None = None,
    base_url: str = "",
) -> bytes:
    """A VCALENDAR with one opaque VEVENT per proposal (CRLF, folded lines). `stamp` defaults to now (UTC).

    `base_url` (such as "https://attend.example") turns a proposal's link into a full address in the
    description, so the calendar entry can open Practice or Connect.
    """
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = icalendar.Calendar()
    calendar.add("PRODID", product)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", "Protected time")
    for proposal in proposals:
        calendar.add_component(_event(proposal, owner_id=owner_id, stamp=stamp, base_url=base_url))
    return calendar.to_ical()


def _event(proposal: Proposal, *, owner_id: str, stamp: datetime, base_url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("UID", proposal_uid(owner_id=owner_id, key=proposal.key))
    event.add("DTSTAMP", stamp)
    # Calendars replace an event with the same UID only when its SEQUENCE is higher (RFC 5546). Attend keeps no
    # history of exports, so the minutes since a fixed date stand in: a later export always counts as newer.
    event.add("SEQUENCE", export_sequence(stamp))
    event.add("DTSTART", proposal.start.astimezone(UTC))
    event.add("DTEND", proposal.end.astimezone(UTC))
    event.add("SUMMARY", proposal.title)
    description = proposal.reason
    if proposal.link:
        description += f"\n{base_url.rstrip('/')}{proposal.link}"
    event.add("DESCRIPTION", description)
    event.add("TRANSP", "OPAQUE")
    event.add("STATUS", "CONFIRMED")
    event.add("CATEGORIES", ["Protected time"])
    event.add("X-ATTEND-KIND", proposal.kind)
    return event
