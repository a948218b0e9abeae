"""Nudges' management commands: the month-long simulation (run once for the module) and the dispatcher."""

import io
import json

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.management import call_command

from attend.nudges.models import EmailDelivery
from attend.nudges.tests.support import MONDAY, TUESDAY, at, tell


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}


@pytest.fixture(scope="module")
def simulation(django_db_setup, django_db_blocker):
    """One simulated month (about 25 seconds), shared by this module's tests."""
    with django_db_blocker.unblock():
        before = row_counts()
        out = io.StringIO()
        call_command("nudges_simulate", "--days", "30", "--json", stdout=out)
        after = row_counts()
    return {"output": out.getvalue(), "before": before, "after": after}


@pytest.fixture(scope="module")
def figures(simulation) -> dict:
    [line] = simulation["output"].splitlines()
    return json.loads(line)


def test_the_simulation_prints_one_json_line(simulation, figures):
    assert simulation["output"].endswith("\n")
    assert set(figures) == {
        "notifications_created",
        "emails_sent",
        "max_emails_per_day",
        "max_emails_per_week",
        "emails_in_quiet_hours",
    }
    assert all(isinstance(value, int) for value in figures.values())


def test_a_busy_month_sends_emails_within_the_rules(figures):
    assert figures["notifications_created"] > figures["emails_sent"] > 0
    assert figures["max_emails_per_day"] <= 1
    assert figures["max_emails_per_week"] <= 5
    assert figures["emails_in_quiet_hours"] == 0


def test_the_simulation_keeps_nothing(simulation):
    changed = {
        label: (count, simulation["after"][label])
        for label, count in simulation["before"].items()
        if simulation["after"][label] != count
    }

    assert changed == {}


@pytest.mark.django_db
def test_dispatch_plans_a_due_digest_and_says_how_many(member, django_capture_on_commit_callbacks):
    tell(member.user, now=at(MONDAY, 10))
    out = io.StringIO()

    with time_machine.travel(at(TUESDAY, 9, 5), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("nudges_dispatch", stdout=out)
        call_command("nudges_dispatch", stdout=out)

    assert out.getvalue().splitlines() == ["1 digest(s) handed to the worker.", "0 digest(s) handed to the worker."]
    [digest] = EmailDelivery.objects.all()
    assert digest.kind == EmailDelivery.Kind.DIGEST
    assert digest.planned_for == at(TUESDAY, 9)
    assert digest.status == EmailDelivery.Status.SENT
    [email] = mail.outbox
    assert email.to == [member.user.email]


@pytest.mark.django_db
def test_dispatch_in_quiet_hours_plans_nothing(member, django_capture_on_commit_callbacks):
    tell(member.user, now=at(MONDAY, 10))
    out = io.StringIO()

    with time_machine.travel(at(MONDAY, 22), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("nudges_dispatch", stdout=out)

    assert out.getvalue() == "0 digest(s) handed to the worker.\n"
    assert not EmailDelivery.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_simulation_never_holds_the_live_databases_write_lock(monkeypatch):
    """Issue 21: run against a live SQLite database, the month played in one transaction held the write lock for
    minutes, and every sign-in failed with "database is locked". Someone writing meanwhile must not wait."""
    import sqlite3

    from django.db import connection

    from attend.nudges import simulation

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's readers and writers do not wait for the simulation's transaction")
    live = connection.settings_dict["NAME"]
    written = []

    def run_while_someone_writes(*, days, rng):
        connection.cursor().execute("INSERT INTO django_session VALUES ('simulated', 'x', '2999-01-01')")
        other = sqlite3.connect(live, timeout=0)  # someone signing in, in another process
        other.execute("INSERT INTO django_session VALUES ('signing-in', 'x', '2999-01-01')")
        other.commit()
        written.append(other.execute("SELECT count(*) FROM django_session WHERE session_key='simulated'").fetchone())
        other.close()
        return {}

    monkeypatch.setattr(simulation, "_run", run_while_someone_writes)
    simulation.simulate(days=1)

    assert written == [(0,)]  # the live database never saw the simulation's writes either
