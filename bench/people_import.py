"""How long a large trust's people import takes: 10,000 people in 800 teams, all new.

The admin's upload is read and checked in the request, kept (encrypted) and handed to the worker as one task
queued on commit (`people_import_start`); the task writes everything in one transaction (`people_import_run`):
one invitation a person (no account or membership until they accept, docs/adr/0020), their emails queued in
tasks of 200 for the worker (sending them is not timed here). Prints both times, the request's as a ratio to a
floor measured in the same run: reading and checking the same file without writing anything
(`people_csv_read`). Run: .venv/bin/python bench/people_import.py [people]
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attend.config.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import logging  # noqa: E402

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
logging.getLogger("django.tasks").setLevel(logging.WARNING)  # one line a task would bury the figure
settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

from django.core.management import call_command  # noqa: E402

from attend.organisations.importing import people_csv_read  # noqa: E402


def people_csv(people: int, teams: int) -> bytes:
    lines = ["name,email,team,role,parent team"]
    for number in range(people):
        team = number % teams
        role = "leader" if number < teams else "team member"
        parent = f"Directorate {team % 12}" if team >= 12 else ""
        lines.append(f"Person {number},person{number}@bench.example,Team {team},{role},{parent}")
    return "\n".join(lines).encode()


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    from django_tasks_db.models import DBTaskResult

    from attend.accounts.models import User
    from attend.organisations.invitations import EMAILS_PER_TASK
    from attend.organisations.models import Organisation, PeopleImport
    from attend.organisations.services import people_import_start
    from attend.organisations.tasks import people_import_process

    organisation = Organisation.objects.create(name="Bench Trust", slug="bench")
    admin = User.objects.create_user(email="admin@bench.example", name="Admin", password=None)
    data = people_csv(people, teams=800)

    people_csv_read(data)  # once to warm up (imports, regular expressions), so the floor is the reading alone
    started = time.perf_counter()
    plan = people_csv_read(data)
    floor = time.perf_counter() - started
    assert not plan.problems, plan.problems[:3]

    # The request: read and check, keep the file, queue one task once it commits.
    started = time.perf_counter()
    import_started = people_import_start(
        organisation=organisation, data=data, by=admin, base_url="https://attend.example"
    )
    request = time.perf_counter() - started
    assert not import_started.problems, import_started.problems[:3]
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == people_import_process.module_path, queued.task_path

    # The worker: the task as `manage.py worker` runs it.
    started = time.perf_counter()
    people_import_process.call(*queued.args_kwargs["args"])
    task = time.perf_counter() - started
    result = PeopleImport.objects.get(pk=import_started.people_import.pk)
    assert result.state == PeopleImport.State.DONE and result.people == people, (result.state, result.message)

    email_tasks = DBTaskResult.objects.exclude(pk=queued.pk).count()
    assert email_tasks == -(-people // EMAILS_PER_TASK), email_tasks  # the emails wait in tasks of EMAILS_PER_TASK

    print(
        f"people_import: {people} people, {result.teams_created} teams; "
        f"request {request:.2f} s ({request / floor:.1f}x the {floor * 1000:.0f} ms floor of reading and checking "
        f"the file: read, check, keep, queue 1 task); task {task:.1f} s in the worker; "
        f"{email_tasks} email tasks queued"
    )


if __name__ == "__main__":
    main()
