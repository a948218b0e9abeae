"""The audit log: sensitive actions recorded by services, and shown only to the organisation's own admins."""

import datetime

import pytest
import time_machine

from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.tests.pages import main_heading, page

pytestmark = pytest.mark.django_db

AUDIT_URL = "/organisation/audit/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def record_in_order(organisation, actor, targets: list[str], *, action=AuditEvent.Action.ROLE_GRANTED) -> None:
    """One event per target, a minute apart, oldest first."""
    with time_machine.travel(START, tick=False) as traveller:
        for target in targets:
            audit_event_record(actor=actor, organisation=organisation, action=action, target=target)
            traveller.shift(datetime.timedelta(minutes=1))


def rows(response) -> list[str]:
    """The text of each row of the audit table, top to bottom."""
    table = page(response).one("table")
    return [row.text for row in table.one("tbody").select("tr")]


class TestRecording:
    def test_an_event_records_who_did_what_to_whom_and_where(self, org_admin, organisation):
        event = audit_event_record(
            actor=org_admin.user,
            organisation=organisation,
            action=AuditEvent.Action.PERSON_DEACTIVATED,
            target="member@example.test",
            details={"reason": "left the trust"},
        )

        event.refresh_from_db()
        assert event.actor == org_admin.user
        assert event.organisation == organisation
        assert event.action == "person_deactivated"
        assert event.target_description == "member@example.test"
        assert event.details == {"reason": "left the trust"}
        assert str(event) == "Person deactivated: member@example.test"

    def test_details_default_to_empty_and_long_targets_are_cut(self, organisation):
        event = audit_event_record(
            actor=None, organisation=organisation, action=AuditEvent.Action.PEOPLE_IMPORTED, target="x" * 400
        )

        event.refresh_from_db()
        assert event.details == {}
        assert len(event.target_description) == 300

    def test_an_unknown_action_is_refused_with_the_place_to_add_it(self, organisation):
        with pytest.raises(ValueError, match=r"Unknown audit action 'team_exploded'.*AuditEvent\.Action"):
            audit_event_record(actor=None, organisation=organisation, action="team_exploded", target="Ward 7")

        assert not AuditEvent.objects.exists()

    def test_bulk_writes_refuse_an_unknown_action_too(self, organisation):
        events = [
            AuditEvent(organisation=organisation, action=AuditEvent.Action.PERSON_INVITED),
            AuditEvent(organisation=organisation, action="person_teleported"),
        ]

        with pytest.raises(ValueError, match="Unknown audit action 'person_teleported'"):
            AuditEvent.objects.bulk_create(events)

        assert not AuditEvent.objects.exists()

    def test_every_action_has_its_label(self, organisation):
        for action in AuditEvent.Action:
            event = audit_event_record(actor=None, organisation=organisation, action=action, target="t")

            assert event.get_action_display() == action.label

    def test_the_action_list_stays_out_of_migrations(self):
        """The list lives in AuditEvent.Action alone, so a new action needs no migration restating the others."""
        field = AuditEvent._meta.get_field("action")
        _name, path, _args, kwargs = field.deconstruct()

        assert path == "django.db.models.CharField"
        assert "choices" not in kwargs
        assert list(field.choices) == list(AuditEvent.Action.choices)

    def test_events_are_read_per_organisation_newest_first(self, organisation, other_organisation):
        record_in_order(organisation, None, ["first", "second"])
        record_in_order(other_organisation, None, ["elsewhere"])

        events = AuditEvent.objects.for_organisation(organisation)

        assert [event.target_description for event in events] == ["second", "first"]


class TestAuditLogPage:
    def test_the_admin_sees_events_newest_first(self, org_admin, org_admin_client, organisation):
        record_in_order(
            organisation, org_admin.user, ["oldest@example.test", "middle@example.test", "newest@example.test"]
        )

        response = org_admin_client.get(AUDIT_URL)

        assert response.status_code == 200
        assert main_heading(response) == "Audit log"
        found = rows(response)
        assert len(found) == 3
        assert "newest@example.test" in found[0]
        assert "middle@example.test" in found[1]
        assert "oldest@example.test" in found[2]
        assert "Ade Admin" in found[0]
        assert "Role given" in found[0]

    def test_a_long_log_is_shown_a_page_of_25_at_a_time_newest_first(self, org_admin, org_admin_client, organisation):
        """A large trust's log runs to thousands of rows: each page renders a short table (issue 21)."""
        record_in_order(organisation, org_admin.user, [f"person{n:02d}@example.test" for n in range(30)])

        first = org_admin_client.get(AUDIT_URL)
        second = org_admin_client.get(AUDIT_URL, {"page": 2})

        assert len(rows(first)) == 25
        assert "person29@example.test" in rows(first)[0] and "person05@example.test" in rows(first)[-1]
        assert [row.split("person")[1][:2] for row in rows(second)] == ["04", "03", "02", "01", "00"]
        assert page(first).one("a", rel="next").get("href") == "?page=2"
        assert page(second).one("a", rel="prev").get("href") == "?page=1"

    def test_an_event_without_a_person_is_shown_as_attend(self, org_admin_client, organisation):
        record_in_order(organisation, None, ["imported@example.test"], action=AuditEvent.Action.PEOPLE_IMPORTED)

        (row,) = rows(org_admin_client.get(AUDIT_URL))

        assert "Attend" in row
        assert "People imported" in row

    def test_another_organisations_events_are_never_shown(
        self, org_admin, org_admin_client, organisation, other_organisation, other_leader
    ):
        record_in_order(organisation, org_admin.user, ["ours@example.test"])
        record_in_order(other_organisation, other_leader.user, ["theirs@elsewhere.test"])
        record_in_order(None, org_admin.user, ["no-organisation@example.test"], action="password_changed")

        response = org_admin_client.get(AUDIT_URL)

        (row,) = rows(response)
        assert "ours@example.test" in row
        assert b"theirs@elsewhere.test" not in response.content
        assert b"Oli Other" not in response.content
        assert b"no-organisation@example.test" not in response.content

    def test_an_admin_elsewhere_sees_only_their_own_organisations_events(
        self, org_admin, organisation, other_organisation, other_leader, other_leader_client
    ):
        other_leader.is_admin = True
        other_leader.save()
        record_in_order(organisation, org_admin.user, ["ours@example.test"])
        record_in_order(other_organisation, other_leader.user, ["theirs@elsewhere.test"])

        response = other_leader_client.get(AUDIT_URL)

        (row,) = rows(response)
        assert "theirs@elsewhere.test" in row
        assert b"ours@example.test" not in response.content

    def test_an_empty_log_says_so(self, org_admin_client):
        response = org_admin_client.get(AUDIT_URL)

        assert response.status_code == 200
        assert "Nothing has been recorded yet." in page(response).one("main").text

    @pytest.mark.parametrize("who", ["member_client", "leader_client", "facilitator_client", "other_leader_client"])
    def test_nobody_but_an_admin_may_open_it(self, request, organisation, who):
        record_in_order(organisation, None, ["secret@example.test"])
        client = request.getfixturevalue(who)

        response = client.get(AUDIT_URL)

        assert response.status_code == 403
        assert b"secret@example.test" not in response.content

    def test_signing_in_comes_first(self, client):
        response = client.get(AUDIT_URL)

        assert response.status_code == 302
        assert response.url == f"/account/sign-in/?next={AUDIT_URL}"
