from attend.core.models import AuditEvent


def audit_event_record(
    *, actor, organisation, action: str, target: str = "", details: dict | None = None
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        organisation=organisation,
        action=action,
        target_description=target[:300],
        details=details or {},
    )
