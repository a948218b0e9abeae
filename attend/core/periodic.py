"""The work that comes round on a clock: each module names a job here, and one loop runs them all.

A job takes `now` and returns a short line saying what it did. Each runs in its own transaction, and one job's
failure is logged and never stops the others, or the next round.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

PERIODIC_JOBS = [
    "attend.nudges.services.nudges_dispatch_job",
    "attend.listen.services.pulse_rounds_job",
    "attend.diary.services.diary_refresh_job",
    "attend.core.worker.task_orphans_job",
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
            with transaction.atomic():
                said.append(job(now=now))
        except Exception:
            logger.exception("Periodic job %s failed; the others carry on", path)
            said.append(f"{path} failed (see the log).")
    return said
