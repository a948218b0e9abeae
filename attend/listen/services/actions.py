"""The leader's own view of themselves, and "You said, we did": what they did about the results."""

import datetime

from attend.core.validators import clean_model_text, clean_text
from attend.listen.models import Action, PulseRound, SelfView

# The leader's own view, and what they did


def self_view_save(*, pulse_round: PulseRound, leader, answers: dict[str, int]) -> SelfView:
    view, _ = SelfView.objects.update_or_create(round=pulse_round, leader=leader, defaults={"answers": answers})
    return view


def pulse_action_add(
    *,
    pulse_round: PulseRound,
    by,
    text: str,
    theme: str = "",
    quote: str = "",
    owner: str = "",
    due_on: datetime.date | None = None,
) -> Action:
    """`theme` or `quote` (a comment shown on the round's page) says what the action answers. The team sees the
    action with its owner (whoever recorded it, unless `owner` names someone) and `due_on`."""
    text = clean_model_text(Action, "text", text.strip(), label="The action")
    quote = clean_text(quote, field="quote", multiline=True)
    owner = clean_model_text(Action, "owner", owner.strip(), label="Who is doing it")
    return Action.objects.create(
        round=pulse_round,
        team=pulse_round.team,
        by=by,
        text=text,
        theme=theme,
        quote=quote,
        owner=owner,
        due_on=due_on,
    )


def pulse_action_update(
    *,
    action: Action,
    text: str,
    status: str,
    theme: str | None = None,
    owner: str = "",
    due_on: datetime.date | None = None,
) -> Action:
    action.text, action.status = clean_model_text(Action, "text", text.strip(), label="The action"), status
    action.owner = clean_model_text(Action, "owner", owner.strip(), label="Who is doing it")
    action.due_on = due_on
    fields = ["text", "status", "owner", "due_on", "updated_at"]
    if theme is not None:
        action.theme = theme
        fields.append("theme")
    action.save(update_fields=fields)
    return action
