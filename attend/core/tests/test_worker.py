"""The background worker (`manage.py worker`): a task that never ends, ignores SIGTERM, eats memory or crashes is
stopped for real, marked failed with a plain message, and the queue moves on to the next task."""

import datetime
import os
import signal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from attend.accounts.tests.factories import UserFactory
from attend.core import worker
from attend.core.tests import worker_tasks
from attend.diary import services as diary_services
from attend.diary import tasks as diary_tasks
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.tests.support import busy_week, calendar_with, ics, this_monday

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

TASKS = "attend.core.tests.worker_tasks"
WORKER = os.environ.get("ATTEND_TEST_WORKER", "worker")


@pytest.fixture(autouse=True)
def database_queue(settings):
    """The suite runs tasks at once; these tests queue them in the database, as production does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.TASK_TIME_LIMIT = 30
    settings.TASK_TIME_LIMITS = {}


@pytest.fixture(autouse=True)
def keep_signal_handlers():
    """The worker sets SIGTERM and SIGINT handlers in this process; put pytest's back."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def run_worker(*extra: str) -> None:
    call_command(WORKER, "--batch", "--no-startup-delay", "--no-reload", "--kill-grace", "1", *extra, verbosity=0)


def result_of(task_result) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=task_result.id)


def process_is_gone(pid_file: Path) -> bool:
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers kill(0); its state in /proc says it is dead.
    state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    return state in {"Z", "X"}


def virtual_memory_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


def test_a_task_that_never_ends_is_stopped_at_its_limit_and_the_next_task_runs(settings, tmp_path):
    settings.TASK_TIME_LIMITS = {f"{TASKS}.never_ends": 1}
    pid_file = tmp_path / "never.pid"
    stuck = worker_tasks.never_ends.enqueue(str(pid_file))
    after = worker_tasks.quick.enqueue("next")

    started = timezone.now()
    run_worker()

    stuck = result_of(stuck)
    assert stuck.status == TaskResultStatus.FAILED
    assert stuck.exception_class_path == "attend.core.worker.TaskStopped"
    assert "Stopped after its time limit of 1 second" in stuck.traceback
    assert process_is_gone(pid_file)
    assert result_of(after).status == TaskResultStatus.SUCCESSFUL
    assert result_of(after).return_value == "NEXT"
    assert timezone.now() - started < datetime.timedelta(seconds=20)


def test_a_task_that_ignores_sigterm_is_killed(settings, tmp_path):
    settings.TASK_TIME_LIMITS = {f"{TASKS}.ignores_sigterm": 1}
    pid_file = tmp_path / "stubborn.pid"
    stubborn = worker_tasks.ignores_sigterm.enqueue(str(pid_file))
    after = worker_tasks.quick.enqueue("still here")

    run_worker()

    assert result_of(stubborn).status == TaskResultStatus.FAILED
    assert "time limit" in result_of(stubborn).traceback
    assert process_is_gone(pid_file)
    assert result_of(after).status == TaskResultStatus.SUCCESSFUL


def test_a_task_that_eats_memory_fails_at_the_cap_and_the_next_task_runs(tmp_path):
    pid_file = tmp_path / "hungry.pid"
    hungry = worker_tasks.eats_memory.enqueue(str(pid_file))
    after = worker_tasks.quick.enqueue("fed")

    run_worker("--memory-limit-mb", str(virtual_memory_mb() + 400))

    assert result_of(hungry).status == TaskResultStatus.FAILED
    assert result_of(hungry).exception_class_path == "builtins.MemoryError"
    assert process_is_gone(pid_file)
    assert result_of(after).status == TaskResultStatus.SUCCESSFUL


def test_a_task_whose_process_dies_is_marked_failed_saying_how(tmp_path):
    pid_file = tmp_path / "crash.pid"
    crashed = worker_tasks.crashes.enqueue(str(pid_file))
    after = worker_tasks.quick.enqueue("on we go")

    run_worker()

    assert result_of(crashed).status == TaskResultStatus.FAILED
    assert "ended (exit code 3) without recording a result" in result_of(crashed).traceback
    assert result_of(after).status == TaskResultStatus.SUCCESSFUL


def test_an_ordinary_task_runs_in_its_own_process_and_succeeds():
    done = worker_tasks.quick.enqueue("hello")

    run_worker()

    assert result_of(done).status == TaskResultStatus.SUCCESSFUL
    assert result_of(done).return_value == "HELLO"


# A Diary import the worker had to stop says so, plainly, and leaves the diary as it was


def hangs_forever(*args, **kwargs):
    import time

    while True:
        time.sleep(0.05)


def test_a_diary_import_stopped_by_the_worker_says_it_failed_and_the_calendar_keeps_its_events(settings, monkeypatch):
    owner = UserFactory()
    calendar, first = calendar_with(owner, ics(busy_week(this_monday())))
    events_before = calendar.current_import.events.count()
    # The forked child inherits this: reading the next copy never ends, as a wedged calendar did.
    monkeypatch.setattr(diary_services.imports, "read_calendar_reporting", hangs_forever)
    settings.TASK_TIME_LIMITS = {"attend.diary.tasks.diary_import_process": 1}
    stuck = diary_services.diary_import_start(calendar=calendar, data=ics(busy_week(this_monday())), file_name="x.ics")
    after = worker_tasks.quick.enqueue("next")
    assert stuck.state == DiaryImport.State.QUEUED

    run_worker()

    stuck.refresh_from_db()
    calendar.refresh_from_db()
    assert stuck.state == DiaryImport.State.FAILED
    assert stuck.message == diary_services.STOPPED_MESSAGES["time"]
    assert stuck.payload == b""
    assert calendar.current_import_id == first.pk
    assert calendar.current_import.events.count() == events_before
    assert result_of(after).status == TaskResultStatus.SUCCESSFUL


def test_a_refresh_stopped_by_the_worker_fails_its_import_and_counts_a_failed_refresh(settings, monkeypatch):
    owner = UserFactory()
    calendar = diary_services.diary_calendar_create(
        owner=owner,
        source=DiaryCalendar.Source.SUBSCRIPTION,
        name="Linked",
        connection={"url": "https://calendar.example.org/x.ics"},
    )
    monkeypatch.setattr(diary_services.refreshing, "_fetch", lambda calendar: ics(busy_week(this_monday())))
    monkeypatch.setattr(diary_services.imports, "read_calendar_reporting", hangs_forever)
    settings.TASK_TIME_LIMITS = {"attend.diary.tasks.diary_calendar_refresh_process": 1}
    diary_tasks.diary_calendar_refresh_process.enqueue(str(calendar.pk))

    run_worker()

    calendar.refresh_from_db()
    stopped = calendar.imports.get()
    assert stopped.state == DiaryImport.State.FAILED
    assert stopped.message == diary_services.STOPPED_MESSAGES["time"]
    assert calendar.failures == 1
    assert calendar.status == DiaryCalendar.Status.FAILED
    assert calendar.next_refresh_at > timezone.now()


# A worker that died leaves its task running: the periodic job fails it


def test_a_task_left_running_by_a_dead_worker_is_failed_by_the_periodic_job(settings):
    owner = UserFactory()
    calendar, _ = calendar_with(owner, ics(busy_week(this_monday())))
    settings.TASK_TIME_LIMITS = {"attend.diary.tasks.diary_import_process": 60}
    orphan_import = DiaryImport.objects.create(calendar=calendar, file_name="big.ics", payload=b"x")
    DiaryImport.objects.filter(pk=orphan_import.pk).update(state=DiaryImport.State.READING)
    lost = diary_tasks.diary_import_process.enqueue(str(orphan_import.pk))
    recent = worker_tasks.quick.enqueue("running fine")
    now = timezone.now()
    DBTaskResult.objects.filter(pk=lost.id).update(status="RUNNING", started_at=now - datetime.timedelta(minutes=7))
    DBTaskResult.objects.filter(pk=recent.id).update(status="RUNNING", started_at=now - datetime.timedelta(minutes=1))

    said = worker.task_orphans_job(now=now)

    assert said == "Worker: 1 abandoned task marked failed."
    assert result_of(lost).status == TaskResultStatus.FAILED
    assert "stopped before it finished" in result_of(lost).traceback
    assert result_of(recent).status == TaskResultStatus.RUNNING
    orphan_import.refresh_from_db()
    assert orphan_import.state == DiaryImport.State.FAILED
    assert orphan_import.message == diary_services.STOPPED_ANYWAY


def test_task_time_limits_are_per_task_with_a_default(settings):
    settings.TASK_TIME_LIMIT = 300
    settings.TASK_TIME_LIMITS = {"attend.diary.tasks.diary_import_process": 900}

    assert worker.task_time_limit("attend.diary.tasks.diary_import_process") == 900
    assert worker.task_time_limit("attend.nudges.tasks.email_delivery_send") == 300


def test_a_worker_told_to_stop_stops_its_task_after_the_grace_and_leaves_the_queue_for_the_next_worker(
    settings, tmp_path
):
    pid_file = tmp_path / "long.pid"
    running = worker_tasks.never_ends.enqueue(str(pid_file))
    waiting = worker_tasks.quick.enqueue("later")
    # SIGTERM to this process a second in, as systemd does on `systemctl stop` (an interval timer is not
    # inherited by the forked child, so only the worker gets it).
    signal.signal(signal.SIGALRM, lambda *_: os.kill(os.getpid(), signal.SIGTERM))
    signal.setitimer(signal.ITIMER_REAL, 1.0)

    try:
        run_worker("--shutdown-grace", "1")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    assert result_of(running).status == TaskResultStatus.FAILED
    assert "The worker was stopped while this task ran" in result_of(running).traceback
    assert process_is_gone(pid_file)
    assert result_of(waiting).status == TaskResultStatus.READY  # not lost: the next worker runs it


def test_a_diary_import_that_runs_out_of_memory_says_so(monkeypatch):
    owner = UserFactory()
    calendar, first = calendar_with(owner, ics(busy_week(this_monday())))

    def hungry(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(diary_services.imports, "read_calendar_reporting", hungry)
    failed = diary_services.diary_import_start(
        calendar=calendar, data=ics(busy_week(this_monday())), file_name="x.ics", run_now=True
    )

    assert failed.state == DiaryImport.State.FAILED
    assert failed.message == diary_services.STOPPED_MESSAGES["memory"]
    calendar.refresh_from_db()
    assert calendar.current_import_id == first.pk
