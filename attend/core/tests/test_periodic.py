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
def test_a_failing_unit_of_a_job_leaves_nothing_half_written_and_the_units_before_it_done():
    periodic_round(jobs=["attend.core.tests.periodic_jobs.writes_then_fails"])

    assert periodic_jobs.rows_written() == {"a whole unit": 1, "half a job": 0}


@pytest.mark.django_db(transaction=True)
def test_a_job_is_not_one_long_transaction():
    """A whole trust's round in one transaction would hold SQLite's write lock for minutes (issue 21)."""
    periodic_round(jobs=["attend.core.tests.periodic_jobs.in_a_transaction"])

    assert periodic_jobs.calls == [False]


@pytest.mark.django_db
def test_every_listed_job_can_be_imported_and_runs():
    said = periodic_round()

    assert len(said) == len(PERIODIC_JOBS)
    assert not [line for line in said if line.endswith("failed (see the log).")]


@pytest.mark.django_db
def test_the_command_runs_one_round_and_says_what_each_job_did(capsys):
    call_command("periodic")

    assert "Nudges: 0 digest(s) handed to the worker." in capsys.readouterr().out
