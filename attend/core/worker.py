"""The background worker that no single task can wedge (docs/adr/0015).

`manage.py worker` claims tasks exactly as django-tasks-db's `db_worker` does (it is that worker, subclassed),
but runs each one in a child process forked for it. The parent only watches the clock: at the task's time
limit it sends SIGTERM, and SIGKILL a few seconds later if the child is still there (a task that ignores
SIGTERM, or is stuck in C code, cannot refuse that). The child's address space is capped, so a task that eats
memory fails with MemoryError instead of taking the machine. Whatever ended a task without a result (killed,
crashed, out of memory), the parent records it as failed with a plain message and moves on to the next task.

When a task ends failed, the app that owns it may tidy up: `TASK_FAILURE_HOOKS` maps a task's dotted path to a
function in the app's services (by dotted path, so core imports no module), called as
`hook(args=..., kwargs=..., reason=..., started_at=...)`. Diary fails the import the task was reading, so the
person sees "this stopped" instead of "reading" for ever; Organisations fails a people import the same way.

A worker that dies itself (the machine restarts, the parent is killed) leaves its task marked running:
`task_orphans_job` (a periodic job) fails such tasks once they are well past their time limit.
"""

import ctypes
import datetime
import logging
import multiprocessing
import os
import resource
import signal
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, transaction
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from attend.core.formatting import counted

logger = logging.getLogger(__name__)

TASK_FAILURE_HOOKS = {
    "attend.diary.tasks.diary_import_process": "attend.diary.services.diary_import_task_failed",
    "attend.diary.tasks.diary_calendar_refresh_process": "attend.diary.services.diary_refresh_task_failed",
    "attend.organisations.tasks.people_import_process": "attend.organisations.services.people_import_task_failed",
}

# How long a child has between SIGTERM and SIGKILL.
KILL_GRACE_SECONDS = 5
# A running task this far past its limit has no live worker watching it.
ORPHAN_MARGIN = datetime.timedelta(minutes=5)
POLL_SECONDS = 0.1

# Why a task ended failed, for the owning app's hook.
TIME = "time"
MEMORY = "memory"
CRASHED = "crashed"
SHUTDOWN = "shutdown"
LOST = "lost"
ERROR = "error"

_PR_SET_PDEATHSIG = 1


class TaskStopped(Exception):
    """Recorded as the failure of a task the worker had to stop, or lost."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


def task_time_limit(task_path: str) -> int:
    return int(settings.TASK_TIME_LIMITS.get(task_path, settings.TASK_TIME_LIMIT))


@dataclass(frozen=True)
class Limits:
    kill_grace: float = KILL_GRACE_SECONDS
    shutdown_grace: float = 30
    memory_mb: int | None = None


class SupervisedWorker(Worker):
    """django-tasks-db's worker loop (claiming, batches, signals), with each task run in a watched child."""

    def __init__(self, *, limits: Limits, **options):
        super().__init__(**options)
        self.limits = limits
        self._stop_requested_at: float | None = None

    def shutdown(self, signum, frame) -> None:
        self._stop_requested_at = self._stop_requested_at or time.monotonic()
        super().shutdown(signum, frame)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        started = time.monotonic()
        limit = task_time_limit(db_task_result.task_path)
        # The child must open its own database connections: a socket shared across fork corrupts both sides.
        connections.close_all()
        child = multiprocessing.get_context("fork").Process(
            target=self._run_in_child, args=(db_task_result,), name=f"task {db_task_result.id}"
        )
        self.running_task = True
        stopped: TaskStopped | None = None
        try:
            child.start()
            stopped = self._watch(child, started=started, limit=limit)
        except BaseException:  # a second Ctrl+C or SIGTERM: the task cannot outlive its worker
            self._stop(child)
            stopped = TaskStopped("The worker was stopped while this task ran.", reason=SHUTDOWN)
            raise
        finally:
            self.running_task = False
            self._run_tasks += 1
            self._settle(db_task_result, stopped=stopped, exitcode=child.exitcode, seconds=time.monotonic() - started)

    def _run_in_child(self, db_task_result: DBTaskResult) -> None:
        """In the forked child: the worker's own handlers are the parent's business; SIGTERM ends the child."""
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group; the parent decides
        if hasattr(signal, "SIGQUIT"):
            signal.signal(signal.SIGQUIT, signal.SIG_DFL)
        _die_with_parent()
        if self.limits.memory_mb:
            cap = self.limits.memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        Worker.run_task(self, db_task_result)
        connections.close_all()

    def _watch(self, child, *, started: float, limit: float) -> TaskStopped | None:
        while True:
            child.join(POLL_SECONDS)
            if child.exitcode is not None:
                return None
            now = time.monotonic()
            if now - started >= limit:
                self._stop(child)
                return TaskStopped(f"Stopped after its time limit of {counted(int(limit), 'second')}.", reason=TIME)
            if self._stop_requested_at is not None and now - self._stop_requested_at >= self.limits.shutdown_grace:
                self._stop(child)
                return TaskStopped("The worker was stopped while this task ran.", reason=SHUTDOWN)

    def _stop(self, child) -> None:
        """SIGTERM, then SIGKILL: a task may ignore the first, never the second."""
        if child.exitcode is not None or child.pid is None:
            return
        child.terminate()
        child.join(self.limits.kill_grace)
        if child.exitcode is None:
            logger.warning("Task process %s ignored SIGTERM; killing it", child.pid)
            child.kill()
            child.join()

    def _settle(self, db_task_result, *, stopped: TaskStopped | None, exitcode, seconds: float) -> None:
        """Record what the child could not, and let the owning app tidy up after a failure."""
        db_task_result.refresh_from_db()
        if db_task_result.status not in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}:
            stopped = stopped or TaskStopped(_ended_without_result(exitcode), reason=_reason_of_exit(exitcode))
            logger.error("Task %s (%s): %s", db_task_result.id, db_task_result.task_path, stopped)
            db_task_result.set_failed(stopped)
            _send_finished(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            reason = stopped.reason if stopped else _reason_of_exception(db_task_result.exception_class_path)
            task_failure_hook_run(db_task_result, reason=reason)
        logger.info("Task %s %s in %.1f s", db_task_result.task_path, db_task_result.status.lower(), seconds)


def _ended_without_result(exitcode) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        if -exitcode == signal.SIGKILL:
            return f"The process running this task was killed ({name}), perhaps for using too much memory."
        return f"The process running this task ended on signal {name}."
    return f"The process running this task ended (exit code {exitcode}) without recording a result."


def _reason_of_exit(exitcode) -> str:
    return MEMORY if exitcode == -signal.SIGKILL else CRASHED


def _reason_of_exception(exception_class_path: str) -> str:
    return MEMORY if exception_class_path == "builtins.MemoryError" else ERROR


def _send_finished(db_task_result: DBTaskResult) -> None:
    try:
        task_finished.send(sender=type(db_task_result.task.get_backend()), task_result=db_task_result.task_result)
    except Exception:  # the task's code may be gone (renamed in a deploy); its failure is recorded regardless
        logger.exception("Could not announce the end of task %s", db_task_result.id)


def _die_with_parent() -> None:
    """If the worker itself is killed, its child goes too (Linux), rather than running on unwatched."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the systemd unit's KillMode=control-group still applies
        return
    if os.getppid() == 1:  # the parent died before the line above ran
        os._exit(1)


def task_failure_hook_run(db_task_result: DBTaskResult, *, reason: str) -> None:
    path = TASK_FAILURE_HOOKS.get(db_task_result.task_path)
    if path is None:
        return
    arguments = db_task_result.args_kwargs
    try:
        import_string(path)(
            args=arguments.get("args", []),
            kwargs=arguments.get("kwargs", {}),
            reason=reason,
            started_at=db_task_result.started_at,
        )
    except Exception:
        logger.exception("The failure hook %s for task %s failed", path, db_task_result.id)


def task_orphans_job(*, now: datetime.datetime) -> str:
    """For attend.core.periodic: fail tasks left running by a worker that died (it can no longer say so)."""
    count = 0
    for db_task_result in DBTaskResult.objects.running().filter(started_at__lt=now - ORPHAN_MARGIN):
        limit = datetime.timedelta(seconds=task_time_limit(db_task_result.task_path)) + ORPHAN_MARGIN
        if db_task_result.started_at > now - limit:
            continue
        # Only if still running: its worker may have settled it a moment ago.
        stopped = TaskStopped("The worker running this task stopped before it finished.", reason=LOST)
        with transaction.atomic():  # one task at a time (attend/core/periodic.py)
            if not DBTaskResult.objects.running().filter(pk=db_task_result.pk).exists():
                continue
            db_task_result.set_failed(stopped)
            task_failure_hook_run(db_task_result, reason=LOST)
        count += 1
    return f"Worker: {counted(count, 'abandoned task')} marked failed."
