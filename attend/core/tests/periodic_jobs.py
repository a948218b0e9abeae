"""Stand-in periodic jobs for test_periodic."""

from attend.core.models import AuditEvent

calls: list[str] = []


def broken(*, now) -> str:
    raise RuntimeError("the calendar server is down")


def counting(*, now) -> str:
    calls.append("counted")
    return f"Counted {len(calls)}."


def writes_then_fails(*, now) -> str:
    AuditEvent.objects.create(action=AuditEvent.Action.TEAM_CREATED, target_description="half a job")
    raise RuntimeError("failed after writing")


def rows_written() -> int:
    return AuditEvent.objects.filter(target_description="half a job").count()
