"""A participant's own records leaving Attend: the download is recorded (the fact, never the content)."""

from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.programme.models import Participant


def cpd_record_exported(*, place: Participant) -> None:
    """As Reflect records a journal export: who, and what, under the organisation they take part from."""
    audit_event_record(
        actor=place.user,
        organisation=place.organisation,
        action=AuditEvent.Action.DATA_EXPORTED,
        target=f"Certificate and CPD record, {place.cohort.name}",
    )
