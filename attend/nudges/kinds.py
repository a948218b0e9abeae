"""Every kind of thing Attend tells people about. Each can be switched off for email by the person."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # completes "Emails about ..."


KINDS = (
    Kind("practice_reminder", "practice reminders you asked for"),
    Kind("reflection_shared", "reflections a colleague shares with you"),
    Kind("invitation_expiring", "invitations to Attend that are about to expire"),
    Kind("pulse_invitation", "team pulses to answer"),
    Kind("conversation_reminder", "wellbeing conversations"),
    Kind("session_reminder", "programme sessions"),
    Kind("calendar_link_broken", "calendar links that have stopped refreshing"),
)
KIND_KEYS = tuple(kind.key for kind in KINDS)
LABELS = {kind.key: kind.label for kind in KINDS}
