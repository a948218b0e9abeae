"""How long a large trust's people import takes: 10,000 people in 800 teams, all new.

As in production, the import writes one invitation a person (no account or membership until they accept,
docs/adr/0020) and queues their emails in tasks of 200 for the worker; sending them is the
worker's job and is not timed here. Prints the import time and its ratio to a floor
measured in the same run: reading and checking the same file without writing anything
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
    from attend.accounts.models import User
    from attend.organisations.models import Organisation
    from attend.organisations.services import people_import

    organisation = Organisation.objects.create(name="Bench Trust", slug="bench")
    admin = User.objects.create_user(email="admin@bench.example", name="Admin", password=None)
    data = people_csv(people, teams=800)

    started = time.perf_counter()
    plan = people_csv_read(data)
    floor = time.perf_counter() - started
    assert not plan.problems, plan.problems[:3]

    started = time.perf_counter()
    result = people_import(organisation=organisation, data=data, by=admin, base_url="https://attend.example")
    elapsed = time.perf_counter() - started
    assert result.succeeded and result.people == people, result
    from django_tasks_db.models import DBTaskResult

    from attend.organisations.invitations import EMAILS_PER_TASK

    tasks = DBTaskResult.objects.count()
    assert tasks == -(-people // EMAILS_PER_TASK), tasks  # the emails wait in tasks of EMAILS_PER_TASK

    print(
        f"people_import: {people} people, {result.teams_created} teams in {elapsed:.1f} s "
        f"({elapsed / floor:.0f}x the {floor * 1000:.0f} ms floor of reading and checking the file); "
        f"{tasks} email tasks queued"
    )


if __name__ == "__main__":
    main()
