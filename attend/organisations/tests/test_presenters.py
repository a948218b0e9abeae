import pytest

from attend.core.models import AuditEvent
from attend.organisations.presenters import audit_action


@pytest.mark.parametrize(
    ("action", "details", "shown"),
    [
        (AuditEvent.Action.ROLE_GRANTED, {"role": "Leader"}, "Role given: Leader"),
        (AuditEvent.Action.ROLE_REMOVED, {"role": "Facilitator"}, "Role removed: Facilitator"),
        (AuditEvent.Action.TEAM_RENAMED, {"from": "Ward 7", "to": "Ward 8"}, "Team renamed (was Ward 7)"),
        (AuditEvent.Action.PERSON_INVITED, {"resent": True}, "Person invited again"),
        (AuditEvent.Action.PEOPLE_IMPORTED, {"rows": 3}, "People imported"),
    ],
)
def test_the_audit_log_names_the_detail_that_matters(action, details, shown):
    assert audit_action(AuditEvent(action=action, details=details)) == shown
