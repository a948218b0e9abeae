"""`manage.py worker`: django-tasks-db's `db_worker`, with every task in a child process that is stopped (killed if
need be) at its time limit and marked failed, so the queue always moves on. See attend/core/worker.py and
docs/adr/0015."""

import os

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from attend.core.worker import KILL_GRACE_SECONDS, Limits, SupervisedWorker


class Command(db_worker.Command):
    help = (
        "Run the background worker: each task in its own process, stopped at its time limit "
        "(settings.TASK_TIME_LIMIT, TASK_TIME_LIMITS) and within TASK_MEMORY_LIMIT_MB."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--memory-limit-mb",
            type=int,
            default=settings.TASK_MEMORY_LIMIT_MB,
            help="Cap on each task's process, in megabytes of address space; 0 for none (default: %(default)s)",
        )
        parser.add_argument(
            "--kill-grace",
            type=float,
            default=KILL_GRACE_SECONDS,
            help="Seconds between SIGTERM and SIGKILL for a task past its limit (default: %(default)s)",
        )
        parser.add_argument(
            "--shutdown-grace",
            type=float,
            default=30,
            help="On SIGTERM, seconds the running task has to finish before it is stopped (default: %(default)s)",
        )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SupervisedWorker(
            limits=Limits(
                kill_grace=options["kill_grace"],
                shutdown_grace=options["shutdown_grace"],
                memory_mb=options["memory_limit_mb"] or None,
            ),
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the reloaded child, as db_worker does
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
