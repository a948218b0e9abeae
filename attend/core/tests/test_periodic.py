import logging

import pytest
from django.core.management import call_command

from attend.core.periodic import PERIODIC_JOBS, periodic_round
from attend.core.tests import periodic_jobs


@pytest.fixture(autouse=True)
def forget_calls():
    periodic_jobs.calls.clear()


@pytest.mark.django_db
def test_one_failing_job_never_stops_the_others(caplog):
    jobs = ["attend.core.tests.periodic_jobs.broken", "attend.core.tests.periodic_jobs.counting"]

    with caplog.at_level(logging.ERROR):
        said = periodic_round(jobs=jobs)

    assert said == ["attend.core.tests.periodic_jobs.broken failed (see the log).", "Counted 1."]
    assert "attend.core.tests.periodic_jobs.broken" in caplog.text


@pytest.mark.django_db
def test_a_failing_job_leaves_nothing_half_written():
    periodic_round(jobs=["attend.core.tests.periodic_jobs.writes_then_fails"])

    assert periodic_jobs.rows_written() == 0


@pytest.mark.django_db
def test_every_listed_job_can_be_imported_and_runs():
    said = periodic_round()

    assert len(said) == len(PERIODIC_JOBS)
    assert not [line for line in said if line.endswith("failed (see the log).")]


@pytest.mark.django_db
def test_the_command_runs_one_round_and_says_what_each_job_did(capsys):
    call_command("periodic")

    assert "Nudges: 0 digest(s) handed to the worker." in capsys.readouterr().out
