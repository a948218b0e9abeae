"""The work that comes round on a clock: each module names a job here, and one loop runs them all.

A job takes `now` and returns a short line saying what it did. A job is not one transaction: it writes in short
ones, one per unit of its work (a person's digest, a round, a calendar), so no job holds the database's write lock
(SQLite has one for the whole database) for longer than a unit takes, whatever the size of the trust (issue 21).
A failing unit leaves nothing of itself half-written, the units before it stay done, and jobs are safe to run
again. One job's failure is logged and never stops the others, or the next round.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

PERIODIC_JOBS = [
    "attend.nudges.services.nudges_dispatch_job",
    "attend.listen.services.pulse_rounds_job",
    "attend.diary.services.diary_refresh_job",
    "attend.core.worker.task_orphans_job",
    "attend.organisations.services.people_imports_tidy_job",
    "attend.accounts.services.attempt_counts_forget_job",
    "attend.accounts.signed_in.signed_in_sessions_forget_job",
    "attend.programme.services.cohort_places_job",
    "attend.connect.services.quarter_figures_job",
]


def periodic_round(*, jobs: Sequence[str] | None = None, now: datetime | None = None) -> list[str]:
    """Run every job once; return what each said, or that it failed."""
    now = now or timezone.now()
    said = []
    for path in PERIODIC_JOBS if jobs is None else jobs:
        job: Callable[..., str] = import_string(path)
        try:
            said.append(job(now=now))
        except Exception:
            logger.exception("Periodic job %s failed; the others carry on", path)
            said.append(f"{path} failed (see the log).")
    return said
