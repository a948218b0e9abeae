"""The producers each dispatch runs: things Attend notices on its own schedule, named here as
`attend.core.periodic` names its jobs, so Nudges runs them without importing the modules that own them.

A producer takes `now` and `send` (the simulation's stand-in for the worker, else None), looks at the clock and
creates notifications through `services.notification_create`. Dedupe keys make running one twice harmless.
To add one, write it in its own module and add its dotted path here.
"""

from collections.abc import Callable, Sequence
from datetime import datetime

from django.utils.module_loading import import_string

NUDGE_PRODUCERS = [
    "attend.practice.nudges.practice_reminders",
    "attend.organisations.nudges.expiring_invitations",
]


def run_producers(*, now: datetime, send=None, producers: Sequence[str] | None = None) -> None:
    """Run every producer once, in order."""
    for path in NUDGE_PRODUCERS if producers is None else producers:
        producer: Callable[..., None] = import_string(path)
        producer(now=now, send=send)
