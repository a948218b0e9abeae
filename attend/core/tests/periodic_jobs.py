"""Stand-in periodic jobs for test_periodic."""

from django.db import connection, transaction

from attend.core.models import AuditEvent

calls: list[str] = []


def broken(*, now) -> str:
    raise RuntimeError("the calendar server is down")


def counting(*, now) -> str:
    calls.append("counted")
    return f"Counted {len(calls)}."


def writes_then_fails(*, now) -> str:
    """Two units of work, each in its own short transaction: the first is done, the second fails halfway."""
    with transaction.atomic():
        AuditEvent.objects.create(action=AuditEvent.Action.TEAM_CREATED, target_description="a whole unit")
    with transaction.atomic():
        AuditEvent.objects.create(action=AuditEvent.Action.TEAM_CREATED, target_description="half a job")
        raise RuntimeError("failed after writing")


def in_a_transaction(*, now) -> str:
    calls.append(connection.in_atomic_block)
    return "Looked."


def rows_written() -> dict:
    return {text: AuditEvent.objects.filter(target_description=text).count() for text in ("a whole unit", "half a job")}
