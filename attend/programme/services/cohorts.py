"""Programmes and cohorts: set them up and change their status."""

import datetime

from django.db import transaction

from attend.core.models import AuditEvent
from attend.core.validators import TextChecks, clean_model_text
from attend.programme.models import (
    Cohort,
    Programme,
    Thread,
)
from attend.programme.services.common import (
    DESCRIPTION_LENGTH,
    ProgrammeError,
    _audit,
    _thread_title,
)


@transaction.atomic
def programme_create(*, organisation, by, title: str, description: str = "") -> Programme:
    checks = TextChecks()
    title = checks.model_text(Programme, "title", title)
    description = checks.text(description, field="description", max_length=DESCRIPTION_LENGTH, multiline=True)
    checks.raise_any()
    programme = organisation.programmes.create(title=title, description=description, created_by=by)
    _audit(by=by, organisation=organisation, action=AuditEvent.Action.PROGRAMME_CREATED, target=title)
    return programme


@transaction.atomic
def cohort_create(
    *, programme: Programme, by, name: str, starts_on: datetime.date, ends_on: datetime.date, status: str = ""
) -> Cohort:
    name = clean_model_text(Cohort, "name", name)
    cohort = programme.cohorts.create(
        name=name, starts_on=starts_on, ends_on=ends_on, status=status or Cohort.Status.PLANNED
    )
    Thread.objects.create(cohort=cohort, title=_thread_title(name))
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.COHORT_CREATED, target=f"{programme.title}: {name}")
    return cohort


@transaction.atomic
def cohort_status_set(*, cohort: Cohort, by, status: str) -> Cohort:
    if status not in Cohort.Status.values:
        raise ProgrammeError("Choose planned, running or finished")
    cohort.status = status
    cohort.save(update_fields=["status", "updated_at"])
    _audit(
        by=by,
        cohort=cohort,
        action=AuditEvent.Action.COHORT_CHANGED,
        target=f"{cohort.name}: {cohort.get_status_display().lower()}",
    )
    return cohort


def cohort_thread(cohort: Cohort) -> Thread:
    """The cohort's discussion, started now if it is missing: for loaders and tests that set a cohort up. Pages
    read it with `selectors.cohort_thread`, which never writes (a GET changes nothing)."""
    thread, _ = Thread.objects.get_or_create(
        cohort=cohort, session=None, defaults={"title": f"{cohort.name}: discussion"}
    )
    return thread
