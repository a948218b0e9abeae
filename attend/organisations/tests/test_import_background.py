"""A people import leaves the request (issue 21): checked in the request, written by one background task, all of
it or none, with its outcome (or why it failed) recorded for the progress page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.module_loading import import_string

from attend.core.crypto import fernet
from attend.core.periodic import PERIODIC_JOBS
from attend.core.worker import TASK_FAILURE_HOOKS
from attend.organisations import invitations, services
from attend.organisations.models import PeopleImport
from attend.organisations.services import imports as import_services
from attend.organisations.tasks import people_import_process
from attend.organisations.tests.factories import TeamFactory
from attend.organisations.tests.support import BASE_URL, counts, people_csv

pytestmark = pytest.mark.django_db

GOOD = people_csv(
    "Amara Okafor,amara@example.nhs.uk,Ward 7,leader,Medicine",
    "Ben Fletcher,ben@example.nhs.uk,Ward 7,team member,",
    "Ben Fletcher,ben@example.nhs.uk,Ward 8,team member,Medicine",
)


@pytest.fixture
def start(organisation, org_admin):
    def run(data: bytes = GOOD) -> services.ImportStarted:
        return services.people_import_start(organisation=organisation, data=data, by=org_admin.user, base_url=BASE_URL)

    return run


def test_a_clean_file_is_kept_encrypted_and_one_task_is_queued_on_commit(
    start, organisation, django_capture_on_commit_callbacks
):
    before = counts()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = start()

    assert started.problems == []
    people_import = PeopleImport.objects.get(pk=started.people_import.pk)
    assert people_import.organisation == organisation
    assert people_import.state == PeopleImport.State.QUEUED
    assert people_import.people_total == 2  # Ben is in two teams: one person
    assert b"amara@example.nhs.uk" not in bytes(people_import.payload)  # names and addresses kept encrypted
    assert fernet().decrypt(bytes(people_import.payload)) == GOOD
    assert counts() == before  # nothing of the file is written in the request
    assert len(queued) == 1
    assert queued[0].func == people_import_process.enqueue
    assert queued[0].args == (str(people_import.pk),)


def test_a_file_with_problems_keeps_nothing_and_queues_nothing(start, django_capture_on_commit_callbacks):
    before = counts()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = start(people_csv("Amara Okafor,not-an-email,Ward 7,leader,"))

    assert [str(problem) for problem in started.problems] == ['Line 2: "not-an-email" is not a valid email address']
    assert started.people_import is None
    assert not PeopleImport.objects.exists()
    assert queued == []
    assert counts() == before


def test_the_task_writes_everything_and_records_the_outcome(
    start, organisation, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(invitations, "EMAILS_PER_TASK", 1)
    started = start()

    with django_capture_on_commit_callbacks(execute=False) as emails:
        people_import_process.call(str(started.people_import.pk))

    people_import = PeopleImport.objects.get(pk=started.people_import.pk)
    assert people_import.state == PeopleImport.State.DONE
    assert (people_import.people, people_import.invited, people_import.updated, people_import.teams_created) == (
        2,
        2,
        0,
        3,
    )
    assert people_import.payload in (b"", memoryview(b""))  # the file is not kept once read
    assert people_import.finished_at is not None
    assert set(organisation.teams.values_list("name", flat=True)) >= {"Ward 7", "Ward 8", "Medicine"}
    assert organisation.invitations.filter(email__in=["amara@example.nhs.uk", "ben@example.nhs.uk"]).count() == 2
    # The emails wait for the import's commit, in their own tasks (here one an address).
    assert len(emails) == 2
    assert mail.outbox == []


def test_a_failure_writes_nothing_says_so_and_the_admin_can_try_again(start, monkeypatch):
    started = start()
    before = counts()

    def audit_fails(**kwargs):
        raise RuntimeError("the database went away")

    # The audit record is written last, after every team, invitation and place: a failure there must undo them.
    monkeypatch.setattr(import_services, "audit_event_record", audit_fails)
    people_import = services.people_import_run(people_import=started.people_import)

    assert people_import.state == PeopleImport.State.FAILED
    assert people_import.message == services.IMPORT_FAILED
    stored = PeopleImport.objects.get(pk=people_import.pk)
    assert stored.state == PeopleImport.State.FAILED
    assert bytes(stored.payload) == b""
    assert counts() == before

    monkeypatch.undo()
    again = services.people_import_run(people_import=start().people_import)
    assert again.state == PeopleImport.State.DONE
    assert again.people == 2


def test_teams_that_changed_after_the_upload_fail_the_import_by_line(start, organisation):
    started = start()
    TeamFactory(organisation=organisation, name="Ward 7")  # made a top-level team meanwhile
    before = counts()

    people_import = services.people_import_run(people_import=started.people_import)

    assert people_import.state == PeopleImport.State.FAILED
    assert 'Line 2: The team "Ward 7" already exists and is a top-level team' in people_import.message
    assert counts() == before


def test_an_import_runs_once(start):
    started = start()
    services.people_import_run(people_import=started.people_import)
    before = counts()

    again = PeopleImport.objects.get(pk=started.people_import.pk)
    services.people_import_run(people_import=again)

    assert counts() == before


def test_an_import_failed_as_stalled_while_it_ran_keeps_nothing(start, monkeypatch):
    """The tidy-up gave up on it while it was still writing: what it wrote goes, and the page keeps saying it
    failed, rather than failed-but-half-written."""
    started = start()
    before = counts()
    record = import_services.audit_event_record

    def stalled_meanwhile(**kwargs):
        record(**kwargs)
        services.people_imports_tidy_job(now=timezone.now() + datetime.timedelta(hours=1))

    monkeypatch.setattr(import_services, "audit_event_record", stalled_meanwhile)
    people_import = services.people_import_run(people_import=started.people_import)

    assert people_import.state == PeopleImport.State.FAILED
    assert people_import.message == services.IMPORT_STOPPED_ANYWAY
    assert counts() == before


def test_the_worker_stopping_the_task_fails_the_import_in_plain_words(start):
    path = TASK_FAILURE_HOOKS["attend.organisations.tasks.people_import_process"]
    hook = import_string(path)
    assert people_import_process.module_path == "attend.organisations.tasks.people_import_process"
    started = start()

    hook(args=[str(started.people_import.pk)], kwargs={}, reason="time")

    people_import = PeopleImport.objects.get(pk=started.people_import.pk)
    assert people_import.state == PeopleImport.State.FAILED
    assert "took longer than Attend allows" in people_import.message
    assert bytes(people_import.payload) == b""


def test_the_hook_leaves_a_finished_import_alone(start):
    started = start()
    services.people_import_run(people_import=started.people_import)

    services.people_import_task_failed(args=[], kwargs={"import_id": str(started.people_import.pk)}, reason="lost")

    assert PeopleImport.objects.get(pk=started.people_import.pk).state == PeopleImport.State.DONE


def test_the_periodic_tidy_up_fails_stalled_imports_and_forgets_old_ones(start):
    assert "attend.organisations.services.people_imports_tidy_job" in PERIODIC_JOBS
    stalled, waiting, finished = start().people_import, start().people_import, start().people_import
    services.people_import_run(people_import=finished)
    now = timezone.now()
    PeopleImport.objects.filter(pk=stalled.pk).update(
        state=PeopleImport.State.RUNNING, updated_at=now - datetime.timedelta(minutes=31)
    )
    # Queued as long, but never started: the worker may be restarting or busy, so it keeps waiting.
    PeopleImport.objects.filter(pk=waiting.pk).update(updated_at=now - datetime.timedelta(minutes=31))

    said = services.people_imports_tidy_job(now=now)

    assert said == "People imports: 1 stalled import marked failed."
    assert PeopleImport.objects.get(pk=stalled.pk).state == PeopleImport.State.FAILED
    assert PeopleImport.objects.get(pk=waiting.pk).state == PeopleImport.State.QUEUED
    assert "1 stalled" in services.people_imports_tidy_job(now=now + datetime.timedelta(days=1))
    assert PeopleImport.objects.get(pk=waiting.pk).state == PeopleImport.State.FAILED
    assert services.people_imports_tidy_job(now=now) == "People imports: 0 stalled imports marked failed."
    services.people_imports_tidy_job(now=now + datetime.timedelta(days=31))
    assert not PeopleImport.objects.filter(pk=finished.pk).exists()


def test_a_task_for_an_import_that_is_gone_does_nothing(start):
    import_id = str(start().people_import.pk)
    PeopleImport.objects.filter(pk=import_id).delete()
    before = counts()

    people_import_process.call(import_id)

    assert counts() == before


def test_an_uploader_who_is_no_longer_an_admin_imports_nothing(start, org_admin):
    """The file waited in the queue while its uploader lost the admin role: the task has no one's authority."""
    started = start()
    before = counts()
    org_admin.is_admin = False
    org_admin.save(update_fields=["is_admin"])

    people_import = services.people_import_run(people_import=started.people_import)

    assert people_import.state == PeopleImport.State.FAILED
    assert people_import.message == services.IMPORT_BY_A_FORMER_ADMIN
    assert counts() == before
