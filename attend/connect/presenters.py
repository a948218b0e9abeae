"""Connect's panel on Today (the next conversation, and a gentle word when it has been a while), and the
actions on a pairing's page with what the reader may do with each."""

import datetime
import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from attend.connect import selectors, services
from attend.core.formatting import clock, counted, weekday_date
from attend.core.presenters import TodayPanel
from attend.organisations.models import Role


def today_panels(request) -> list[TodayPanel]:
    membership = request.membership
    # A current pairing needs a team place on both sides (access._current): without one, nothing to read.
    if membership is None or not membership.has_role(Role.LEADER, Role.MEMBER):
        return []
    now = timezone.now()
    figures = selectors.today_figures(membership, now=now)
    a_while = figures.a_while
    if figures.next_starts_at is None and not a_while:
        return []
    parts = []
    if figures.next_starts_at is not None:
        when = timezone.localtime(figures.next_starts_at)
        parts.append(f"Next: with {figures.next_with}, {weekday_date(when)} at {clock(when)}.")
    if a_while:
        parts.append(f"It has been a while since you talked with {_names(a_while)}.")
    return [TodayPanel(heading="Connect", description=" ".join(parts), href=reverse("connect:index"))]


def pairing_hrefs(pairing_ids) -> dict:
    """Each pairing's page, by pairing id: one `reverse` for a roster of 60 rather than one a row (issue 21)."""
    sentinel = uuid.UUID(int=0)
    pattern = reverse("connect:pairing", args=[sentinel])
    return {pk: pattern.replace(str(sentinel), str(pk)) for pk in pairing_ids}


def _names(names: list[str]) -> str:
    """Three names at most, then how many more: no one drops silently off the end of the list."""
    if len(names) <= 3:
        return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    return f"{', '.join(names[:3])} and {counted(len(names) - 3, 'other')}"


@dataclass(frozen=True)
class ActionRow:
    action: object
    text: str
    overdue: bool
    can_change: bool  # change and delete: its author
    can_mark: bool  # done and not done: its author or the person it is for


def action_rows(actions, user, *, today: datetime.date) -> list[ActionRow]:
    return [
        ActionRow(
            action=action,
            text=action.content.get("text", ""),
            overdue=selectors.is_overdue(action, today=today),
            can_change=services.action_may_change(action, user),
            can_mark=services.action_may_mark(action, user),
        )
        for action in actions
    ]
