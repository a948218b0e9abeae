"""Importing teams and people from a CSV file: checked at once, written in the background, tidied when stalled."""

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from attend.accounts.models import User
from attend.core.crypto import fernet
from attend.core.formatting import counted
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.organisations.adding import people_add, people_to_add
from attend.organisations.importing import ImportPlan, Problem, people_csv_read
from attend.organisations.models import (
    Organisation,
    PeopleImport,
    Team,
)
from attend.organisations.services.teams import team_create
from attend.organisations.tasks import people_import_process

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    problems: list[Problem]
    people: int = 0
    invited: int = 0  # invitations sent now
    updated: int = 0  # people already active here, given the roles and places in the file
    teams_created: int = 0

    @property
    def succeeded(self) -> bool:
        return not self.problems


def _team_problems(organisation: Organisation, plan: ImportPlan) -> list[Problem]:
    """Parents the file gives must agree with the organisation's existing teams, and form no loop."""
    existing = {team.name.lower(): team for team in organisation.teams.select_related("parent")}
    wanted_parent = {key: parent.lower() for key, (_, parent) in plan.teams.items() if parent}
    first_line = {}
    for row in plan.rows:
        first_line.setdefault(row.team.lower(), row.line)
    problems = []
    for key, parent in wanted_parent.items():
        team = existing.get(key)
        if team and (team.parent.name.lower() if team.parent else "") != parent:
            where = f'sits under "{team.parent.name}"' if team.parent else "is a top-level team"
            problems.append(Problem(first_line[key], f'The team "{team.name}" already exists and {where}'))
        seen, step = {key}, parent
        while step:
            if step in seen:
                problems.append(
                    Problem(first_line[key], f'The parent teams for "{plan.teams[key][0]}" go round in a loop')
                )
                break
            seen.add(step)
            step = wanted_parent.get(step) or (
                existing[step].parent.name.lower() if step in existing and existing[step].parent else ""
            )
    return problems


def _teams_ensure(organisation: Organisation, plan: ImportPlan, by: User) -> tuple[dict[str, Team], int]:
    teams = {team.name.lower(): team for team in organisation.teams.all()}
    names = {key: name for key, (name, _) in plan.teams.items()}
    parents = {key: parent for key, (_, parent) in plan.teams.items() if parent}
    for parent in parents.values():
        names.setdefault(parent.lower(), parent)
    created = 0

    def ensure(key: str) -> Team:
        nonlocal created
        if key not in teams:
            parent_name = parents.get(key)
            parent = ensure(parent_name.lower()) if parent_name else None
            teams[key] = team_create(organisation=organisation, name=names[key], parent=parent, by=by)
            created += 1
        return teams[key]

    for key in names:
        ensure(key)
    return teams, created


def _people_import_check(organisation: Organisation, data: bytes) -> tuple[ImportPlan, list[Problem]]:
    """Read and check the whole file, writing nothing: every problem, by line and field."""
    plan = people_csv_read(data)
    return plan, plan.problems or _team_problems(organisation, plan)


@transaction.atomic
def _people_write(*, organisation: Organisation, plan: ImportPlan, by: User | None, base_url: str) -> ImportResult:
    """Every row of a checked plan, in one transaction: all of it or none. Emails go on commit, in tasks of 200."""
    teams, teams_created = _teams_ensure(organisation, plan, by)
    rows = [(row.email, row.name, row.roles, teams[row.team.lower()] if row.team else None) for row in plan.rows]
    added = people_add(organisation=organisation, people=people_to_add(rows), by=by, base_url=base_url)
    invited = sum(person.invited for person in added)
    updated = sum(person.invitation is None for person in added)
    people = len(added)
    audit_event_record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.PEOPLE_IMPORTED,
        target=f"{counted(people, 'person', 'people')} from a CSV file",
        details={"rows": len(plan.rows), "teams_created": teams_created, "invited": invited},
    )
    return ImportResult(problems=[], people=people, invited=invited, updated=updated, teams_created=teams_created)


def people_import(*, organisation: Organisation, data: bytes, by: User, base_url: str) -> ImportResult:
    """Import every row of a people CSV here and now, or none: any problem is reported by line and nothing is
    written. The admin's upload goes through `people_import_start` instead, so a large file leaves the request."""
    plan, problems = _people_import_check(organisation, data)
    if problems:
        return ImportResult(problems=problems)
    return _people_write(organisation=organisation, plan=plan, by=by, base_url=base_url)


@dataclass(frozen=True)
class ImportStarted:
    problems: list[Problem]
    people_import: PeopleImport | None = None


def people_import_start(*, organisation: Organisation, data: bytes, by: User, base_url: str) -> ImportStarted:
    """Read and check the file here (fast: every problem by line, nothing written); if it is clean, keep it
    encrypted as an import of the organisation and hand it to the background worker once this commits."""
    plan, problems = _people_import_check(organisation, data)
    if problems:
        return ImportStarted(problems=problems)
    with transaction.atomic():
        people_import = PeopleImport.objects.create(
            organisation=organisation,
            started_by=by,
            payload=fernet().encrypt(bytes(data)),
            base_url=base_url[:200],
            people_total=len({row.email.lower() for row in plan.rows}),
        )
        transaction.on_commit(partial(people_import_process.enqueue, str(people_import.pk)))
    return ImportStarted(problems=[], people_import=people_import)


def _import_finish(people_import: PeopleImport, *, state: str, **fields) -> bool:
    """Record the end of an import that is still running; False if it had already ended (failed as stalled)."""
    now = timezone.now()
    fields = {"state": state, "payload": b"", "finished_at": now, **fields}
    ended = PeopleImport.objects.filter(pk=people_import.pk, state=PeopleImport.State.RUNNING).update(
        **fields, updated_at=now
    )
    for name, value in fields.items():
        setattr(people_import, name, value)
    return bool(ended)


class ImportOvertaken(Exception):
    """The import was marked failed (stalled) while it ran: roll back what it wrote."""


def _problems_message(problems: list[Problem]) -> str:
    first = str(problems[0])
    more = f" (and {counted(len(problems) - 1, 'more problem')})" if len(problems) > 1 else ""
    return (
        f"Your organisation changed after you uploaded the file, so nothing was imported: {first}{more}. "
        "Fix the file and upload it again."
    )[:500]


IMPORT_FAILED = "Something went wrong while importing, so nothing was imported. Please upload the file again."
IMPORT_BY_A_FORMER_ADMIN = (
    "The person who uploaded this file is no longer an admin of this organisation, so nothing was imported."
)


def _still_an_admin(people_import: PeopleImport) -> bool:
    """The task writes people, roles and teams with its uploader's authority: checked again when it runs, since an
    admin may have lost the role (or left) while the file waited in the queue."""
    by = people_import.started_by_id
    return by is not None and people_import.organisation.memberships.active().filter(user_id=by, is_admin=True).exists()


def people_import_run(*, people_import: PeopleImport) -> PeopleImport:
    """Write the stored file, all of it or none, and record what it did or why it failed. Safe to run twice: only
    a queued import starts."""
    started = PeopleImport.objects.filter(pk=people_import.pk, state=PeopleImport.State.QUEUED).update(
        state=PeopleImport.State.RUNNING, updated_at=timezone.now()
    )
    if not started:
        return people_import
    people_import.state = PeopleImport.State.RUNNING
    organisation = people_import.organisation
    if not _still_an_admin(people_import):
        _import_finish(people_import, state=PeopleImport.State.FAILED, message=IMPORT_BY_A_FORMER_ADMIN)
        return people_import
    try:
        # Checked again: teams may have changed since the upload (renamed, moved under another parent).
        plan, problems = _people_import_check(organisation, fernet().decrypt(bytes(people_import.payload)))
        if problems:
            _import_finish(people_import, state=PeopleImport.State.FAILED, message=_problems_message(problems))
            return people_import
        with transaction.atomic():
            result = _people_write(
                organisation=organisation, plan=plan, by=people_import.started_by, base_url=people_import.base_url
            )
            outcome = {name: getattr(result, name) for name in ("people", "invited", "updated", "teams_created")}
            if not _import_finish(people_import, state=PeopleImport.State.DONE, **outcome):
                raise ImportOvertaken
    except ImportOvertaken:
        logger.warning("People import %s was marked failed while it ran; nothing of it was kept", people_import.pk)
        _import_fail_unfinished(people_import.pk, IMPORT_STOPPED_ANYWAY)  # already so, unless the tidy-up is ours
        people_import.refresh_from_db(fields=["state", "message", "payload", "finished_at"])
    except MemoryError:  # the worker's memory cap (attend/core/worker.py)
        logger.warning("People import %s ran out of memory", people_import.pk)
        _import_finish(people_import, state=PeopleImport.State.FAILED, message=IMPORT_STOPPED["memory"])
    except Exception:  # a bug or a database failure: nothing was written; say so plainly, log the detail
        logger.exception("People import %s failed", people_import.pk)
        _import_finish(people_import, state=PeopleImport.State.FAILED, message=IMPORT_FAILED)
    return people_import


# What the admin reads when the background worker had to stop an import (attend/core/worker.py says why).
IMPORT_STOPPED = {
    "time": (
        "Importing this file took longer than Attend allows, so it was stopped and nothing was imported. "
        "Try again, or split the file into smaller ones."
    ),
    "memory": (
        "This file needed more memory than Attend allows, so it was stopped and nothing was imported. "
        "Split the file into smaller ones and upload each."
    ),
}
IMPORT_STOPPED_ANYWAY = "This import stopped before it finished, so nothing was imported. Please upload the file again."
UNFINISHED_IMPORT = [PeopleImport.State.QUEUED, PeopleImport.State.RUNNING]


def _import_fail_unfinished(import_id, message: str) -> bool:
    now = timezone.now()
    return bool(
        PeopleImport.objects.filter(pk=import_id, state__in=UNFINISHED_IMPORT).update(
            state=PeopleImport.State.FAILED, message=message, payload=b"", finished_at=now, updated_at=now
        )
    )


def people_import_task_failed(*, args, kwargs: dict, reason: str, started_at=None) -> None:
    """The worker stopped (or lost) `people_import_process`: its transaction never committed, so nothing was
    written; fail the import plainly rather than leave its page waiting. Through core.worker.TASK_FAILURE_HOOKS."""
    import_id = args[0] if args else kwargs.get("import_id")
    _import_fail_unfinished(import_id, IMPORT_STOPPED.get(reason, IMPORT_STOPPED_ANYWAY))


# Longer than any import may run (the worker's time limit): one not finished by then died with its worker.
STALE_IMPORT = datetime.timedelta(minutes=30)
# A queued import has not started: the worker may be restarting or busy with other tasks. Only after a day is it
# told it will not run (a late task then does nothing), so a slow queue never fails a good upload.
STALE_QUEUED_IMPORT = datetime.timedelta(days=1)
# A finished import stays this long, so its page can still say what happened.
FINISHED_IMPORT_KEPT = datetime.timedelta(days=30)


def people_imports_tidy_job(*, now: datetime.datetime) -> str:
    """For attend.core.periodic: fail imports that have been running for half an hour (their worker died) or
    queued for a day (no worker is running), so their page stops waiting; forget finished imports after a month."""
    stale = PeopleImport.objects.filter(
        Q(state=PeopleImport.State.RUNNING, updated_at__lt=now - STALE_IMPORT)
        | Q(state=PeopleImport.State.QUEUED, updated_at__lt=now - STALE_QUEUED_IMPORT)
    )
    count = sum(_import_fail_unfinished(pk, IMPORT_STOPPED_ANYWAY) for pk in stale.values_list("pk", flat=True))
    PeopleImport.objects.filter(
        state__in=[PeopleImport.State.DONE, PeopleImport.State.FAILED], finished_at__lt=now - FINISHED_IMPORT_KEPT
    ).delete()
    return f"People imports: {counted(count, 'stalled import')} marked failed."
