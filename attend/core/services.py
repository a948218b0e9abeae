from attend.core.models import AuditEvent
from attend.core.validators import scrub_text


def audit_event_record(
    *, actor, organisation, action: str, target: str = "", details: dict | None = None
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        organisation=organisation,
        action=action,
        # The target quotes what people wrote; the audit log must record it whatever it holds.
        target_description=scrub_text(target)[:300],
        details=details or {},
    )
