"""Every kind of thing Attend tells people about. Each can be switched off for email by the person."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # completes "Emails about ..."
    # A kind whose link is single-use and says something about its person (a pulse's answer link): once it has
    # been emailed, the notification forgets it and points here instead, titled with the day it was sent.
    emailed_link: str = ""
    emailed_title: str = ""  # "{day}" is the day the email went


KINDS = (
    Kind("practice_reminder", "practice reminders you asked for"),
    Kind("reflection_shared", "reflections a colleague shares with you"),
    Kind("invitation_expiring", "invitations to Attend that are about to expire"),
    Kind(
        "pulse_invitation",
        "team pulses to answer",
        emailed_link="/listen/your-team/",
        emailed_title="Your link to the team's pulse was emailed to you on {day}",
    ),
    Kind("conversation_reminder", "wellbeing conversations"),
    Kind("session_reminder", "programme sessions"),
    Kind("calendar_link_broken", "calendar links that have stopped refreshing"),
)
KIND_KEYS = tuple(kind.key for kind in KINDS)
LABELS = {kind.key: kind.label for kind in KINDS}
FORGET_ONCE_EMAILED = {kind.key: kind for kind in KINDS if kind.emailed_link}
