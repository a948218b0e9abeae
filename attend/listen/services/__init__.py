"""Writes for Listen, one module per journey. Callers reach rounds, teams and actions through `access` first.

- `settings`: the organisation's thresholds and its own questions;
- `rounds`: opening, closing and repeating rounds, inviting people;
- `answering`: checking a link and saving a response (ADR 0012, 0018);
- `sealing`: the round's lock, sealing whole batches and keeping their figures (ADR 0012, 0022);
- `actions`: the leader's self-view and "You said, we did".

Everything is importable from here too (`from attend.listen.services import pulse_round_open`).
"""

from attend.listen.models import new_token
from attend.listen.services.actions import pulse_action_add, pulse_action_update, self_view_save
from attend.listen.services.answering import LinkProblem, pulse_link_check, pulse_response_submit
from attend.listen.services.rounds import (
    DEFAULT_WINDOW_DAYS,
    JOINED_BEFORE_DAYS,
    Opened,
    answer_path,
    pulse_answers_vacuum,
    pulse_round_close,
    pulse_round_open,
    pulse_rounds_job,
    pulse_rounds_roll,
)
from attend.listen.services.sealing import sealed_batch_keep, team_figures_keep
from attend.listen.services.settings import (
    listen_item_add,
    listen_item_archive,
    listen_item_edit,
    listen_settings_update,
)

__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "JOINED_BEFORE_DAYS",
    "LinkProblem",
    "Opened",
    "answer_path",
    "listen_item_add",
    "listen_item_archive",
    "listen_item_edit",
    "listen_settings_update",
    "new_token",
    "pulse_action_add",
    "pulse_action_update",
    "pulse_answers_vacuum",
    "pulse_link_check",
    "pulse_response_submit",
    "pulse_round_close",
    "pulse_round_open",
    "pulse_rounds_job",
    "pulse_rounds_roll",
    "sealed_batch_keep",
    "team_figures_keep",
    "self_view_save",
]
