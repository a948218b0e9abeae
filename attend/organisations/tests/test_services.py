"""Organisation writes, against the real database."""

import datetime
import hashlib

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core import mail
from django.utils import timezone

from attend.accounts.models import User
from attend.accounts.tests.factories import TEST_PASSWORD
from attend.core.models import AuditEvent
from attend.organisations import invitations, selectors, services
from attend.organisations.models import Invitation, Role
from attend.organisations.tests.factories import MembershipFactory, TeamFactory, person_in
from attend.organisations.tests.support import BASE_URL, counts, invitation_tokens

NEW_PASSWORD = "lantern-orchard-meadow-42"


def actions(organisation) -> list[str]:
    return list(organisation.audit_events.order_by("created_at").values_list("action", flat=True))


def place_roles(membership) -> dict[str, str]:
    return {place.team.name: place.role for place in membership.team_memberships.select_related("team")}


@pytest.fixture
def by(org_admin):
    return org_admin.user


def accepted(organisation, email: str, password: str = NEW_PASSWORD):
    """Accept `email`'s invitation from its link, as its owner would (making their account), and return the
    membership it gives them."""
    invitation = organisation.invitations.get(email=email)
    invitations.invitation_accept_with_new_account(invitation=invitation, name=invitation.name, password=password)
    return organisation.memberships.get(user__email=email)


# Importing people


def test_import_adds_people_teams_places_and_sends_invitations(organisation, import_people):
    result = import_people(
        "Amara Okafor,amara@example.nhs.uk,Community Nursing,leader,",
        "Ben Fletcher,ben@example.nhs.uk,District North,team member,Community Nursing",
        "Ella Hughes,ella@example.nhs.uk,,facilitator,",
        "Femi Adeyemi,femi@example.nhs.uk,Community Nursing,team member; organisation admin,",
    )

    assert result.succeeded
    assert (result.people, result.invited, result.teams_created) == (4, 4, 2)
    # No one is in the organisation until they accept; then they have what the file gave them.
    assert not organisation.memberships.filter(user__email__endswith="@example.nhs.uk").exists()
    people = {
        email: accepted(organisation, email) for email in organisation.invitations.values_list("email", flat=True)
    }
    assert place_roles(people["amara@example.nhs.uk"]) == {"Community Nursing": Role.LEADER}
    assert place_roles(people["ben@example.nhs.uk"]) == {"District North": Role.MEMBER}
    assert place_roles(people["ella@example.nhs.uk"]) == {}
    assert people["ella@example.nhs.uk"].is_facilitator
    assert people["femi@example.nhs.uk"].is_admin
    assert people["amara@example.nhs.uk"].user.name == "Amara Okafor"
    assert sorted(message.to[0] for message in mail.outbox) == [
        "amara@example.nhs.uk",
        "ben@example.nhs.uk",
        "ella@example.nhs.uk",
        "femi@example.nhs.uk",
    ]


def test_one_bad_row_imports_nothing_and_names_the_line(organisation, import_people):
    before = counts()

    result = import_people(
        "Amara Okafor,amara@example.nhs.uk,Community Nursing,leader,",
        "Ben Fletcher,ben@example.nhs.uk,District North,team member,Community Nursing",
        "Chloe Price,not-an-email,District North,team member,",
    )

    assert not result.succeeded
    assert [str(problem) for problem in result.problems] == ['Line 4: "not-an-email" is not a valid email address']
    assert counts() == before
    assert mail.outbox == []


def test_leader_and_facilitator_in_one_row(organisation, import_people):
    import_people('Lee Leader,lee@example.test,Ward 7,"leader; facilitator",')

    membership = accepted(organisation, "lee@example.test")
    assert membership.is_facilitator
    assert not membership.is_admin
    assert place_roles(membership) == {"Ward 7": Role.LEADER}


def test_nested_teams_come_from_the_parent_team_column(organisation, import_people):
    result = import_people(
        "A,a@example.test,Ward 7,member,Medicine",
        "B,b@example.test,Medicine,leader,Acute Care",
        "C,c@example.test,Ward 8,member,medicine",
    )

    assert result.succeeded
    assert result.teams_created == 4
    teams = {team.name: team for team in organisation.teams.select_related("parent")}
    assert set(teams) == {"Ward 7", "Ward 8", "Medicine", "Acute Care"}
    assert teams["Acute Care"].parent is None
    assert teams["Medicine"].parent == teams["Acute Care"]
    assert teams["Ward 7"].parent == teams["Medicine"]
    assert teams["Ward 8"].parent == teams["Medicine"]
    assert teams["Ward 7"].path == "Acute Care › Medicine › Ward 7"


def test_a_team_named_with_another_case_is_the_existing_team(organisation, team, import_people):
    result = import_people("A,a@example.test,WARD 7,member,")

    assert result.teams_created == 0
    assert list(organisation.teams.values_list("name", flat=True)) == ["Ward 7"]
    assert place_roles(accepted(organisation, "a@example.test")) == {"Ward 7": Role.MEMBER}


def test_a_new_team_can_sit_under_an_existing_team(organisation, team, import_people):
    import_people("A,a@example.test,Bay 1,member,ward 7")

    assert organisation.teams.get(name="Bay 1").parent == team


def test_an_existing_team_given_another_parent_is_reported(organisation, import_people):
    medicine = TeamFactory(organisation=organisation, name="Medicine")
    TeamFactory(organisation=organisation, name="Ward 7", parent=medicine)
    TeamFactory(organisation=organisation, name="Ward 8")
    before = counts()

    result = import_people(
        "A,a@example.test,Ward 9,member,Surgery",
        "B,b@example.test,Ward 7,member,Surgery",
        "C,c@example.test,ward 8,member,Medicine",
        "D,d@example.test,Ward 7,member,",
    )

    assert [str(problem) for problem in result.problems] == [
        'Line 3: The team "Ward 7" already exists and sits under "Medicine"',
        'Line 4: The team "Ward 8" already exists and is a top-level team',
    ]
    assert counts() == before


def test_an_existing_team_given_its_own_parent_again_is_fine(organisation, import_people):
    medicine = TeamFactory(organisation=organisation, name="Medicine")
    TeamFactory(organisation=organisation, name="Ward 7", parent=medicine)

    result = import_people("A,a@example.test,Ward 7,member,MEDICINE")

    assert result.succeeded
    assert result.teams_created == 0


def test_parent_teams_that_go_round_in_a_loop_are_reported(organisation, import_people):
    before = counts()

    result = import_people(
        "A,a@example.test,Ward 7,member,Ward 8",
        "B,b@example.test,Ward 8,member,Ward 9",
        "C,c@example.test,Ward 9,member,Ward 7",
        "D,d@example.test,Ward 10,member,",
    )

    assert [str(problem) for problem in result.problems] == [
        'Line 2: The parent teams for "Ward 7" go round in a loop',
        'Line 3: The parent teams for "Ward 8" go round in a loop',
        'Line 4: The parent teams for "Ward 9" go round in a loop',
    ]
    assert counts() == before


def test_a_person_on_two_rows_gets_one_invitation_two_places_and_one_email(organisation, import_people):
    result = import_people("A Person,a@example.test,Ward 7,member,", "A Person,A@example.test,Ward 8,leader,")

    assert (result.people, result.invited) == (1, 1)
    assert organisation.invitations.filter(email="a@example.test").count() == 1
    assert [message.to for message in mail.outbox] == [["a@example.test"]]
    membership = accepted(organisation, "a@example.test")
    assert place_roles(membership) == {"Ward 7": Role.MEMBER, "Ward 8": Role.LEADER}
    assert User.objects.filter(email="a@example.test").count() == 1


def test_importing_the_same_file_again_adds_nothing_and_sends_no_email(organisation, import_people):
    lines = ("A,a@example.test,Ward 7,leader,Medicine", "B,b@example.test,Ward 7,member,", "B,b@example.test,Ward 8,,")
    import_people(*lines)
    assert len(mail.outbox) == 2
    before = counts()

    result = import_people(*lines)

    assert result.succeeded
    assert (result.people, result.invited, result.teams_created) == (2, 0, 0)
    assert counts() == {**before, "audit events": before["audit events"] + 1}  # only the import itself
    assert organisation.audit_events.filter(action=AuditEvent.Action.PEOPLE_IMPORTED).count() == 2
    assert len(mail.outbox) == 2


def test_people_with_an_account_elsewhere_are_invited_like_anyone(organisation, other_organisation, by):
    existing = person_in(other_organisation, email="kim@example.test", name="Kim Existing")

    result = services.people_import(
        organisation=organisation,
        data=b"name,email,team,role\nKim Renamed,KIM@example.test,Ward 7,member\nNew Person,new@example.test,Ward 7,\n",
        by=by,
        base_url=BASE_URL,
    )

    assert (result.people, result.invited, result.updated) == (2, 2, 0)
    assert not organisation.memberships.filter(user=existing.user).exists()
    assert organisation.invitations.get(email="kim@example.test").name == "Kim Renamed"
    existing.user.refresh_from_db()
    assert existing.user.name == "Kim Existing"
    assert existing.user.check_password(TEST_PASSWORD)


def test_an_import_writes_a_people_imported_audit_event(organisation, import_people, by):
    import_people("A,a@example.test,Ward 7,leader,Medicine", "B,b@example.test,Ward 7,member,")

    event = organisation.audit_events.get(action=AuditEvent.Action.PEOPLE_IMPORTED)
    assert event.actor == by
    assert event.target_description == "2 people from a CSV file"
    assert event.details == {"rows": 2, "teams_created": 2, "invited": 2}
    assert actions(organisation).count(AuditEvent.Action.TEAM_CREATED) == 2
    assert actions(organisation).count(AuditEvent.Action.PERSON_INVITED) == 2


def test_importing_a_deactivated_person_invites_them_back_and_accepting_lets_them_sign_in(
    organisation, import_people, by
):
    gone = person_in(organisation, email="gone@example.test", name="Gwen Gone")
    services.membership_deactivate(membership=gone, by=by)
    assert authenticate(email="gone@example.test", password=TEST_PASSWORD) is None

    result = import_people("Gwen Gone,gone@example.test,Ward 7,member,")
    gone.refresh_from_db()
    assert result.invited == 1 and not gone.is_active

    accepted(organisation, "gone@example.test")
    gone.refresh_from_db()
    assert gone.is_active
    assert gone.deactivated_at is None
    assert authenticate(email="gone@example.test", password=NEW_PASSWORD) == gone.user
    assert AuditEvent.Action.PERSON_REACTIVATED in actions(organisation)


def test_adding_someone_deactivated_elsewhere_lets_them_sign_in(organisation, other_organisation, by, invite):
    other_admin = person_in(other_organisation, role=Role.ADMIN)
    elsewhere = person_in(other_organisation, email="moved@example.test")
    services.membership_deactivate(membership=elsewhere, by=other_admin.user)
    assert authenticate(email="moved@example.test", password=TEST_PASSWORD) is None

    invite(name="Mo Moved", email="moved@example.test", roles={Role.FACILITATOR})
    membership = accepted(organisation, "moved@example.test")

    assert membership.is_active and membership.is_facilitator
    assert authenticate(email="moved@example.test", password=NEW_PASSWORD) == elsewhere.user


# Invitations


def test_inviting_a_person_sends_one_email_with_a_single_use_link(organisation, team, invite, by):
    invitation = invite(name="Nia New", email=" Nia.New@Example.test ", team=team)

    assert (invitation.email, invitation.name) == ("nia.new@example.test", "Nia New")
    assert invitation.offer == {"roles": [], "places": {str(team.pk): Role.MEMBER}}
    assert not User.objects.filter(email="nia.new@example.test").exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nia.new@example.test"]
    assert message.subject == f"{by.name} has invited you to join Northgate Community Care on Attend"
    assert "Northgate Community Care" in message.body
    assert len(invitation_tokens()) == 1
    assert organisation.audit_events.filter(
        action=AuditEvent.Action.PERSON_INVITED, target_description="nia.new@example.test"
    ).exists()


def test_no_email_is_sent_until_the_invitation_is_committed(organisation, by, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.person_invite(
            organisation=organisation,
            name="N",
            email="n@example.test",
            roles={Role.FACILITATOR},
            team=None,
            by=by,
            base_url=BASE_URL,
        )

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_the_raw_token_is_never_stored_only_its_sha256(invite):
    invitation = invite()
    [token] = invitation_tokens()

    invitation.refresh_from_db()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in Invitation.objects.values_list(*[f.attname for f in Invitation._meta.fields])[0]]
    assert all(token not in value for value in stored)


def test_the_link_works_once(organisation, invite):
    invite()
    [token] = invitation_tokens()

    invitation = selectors.invitation_for_token(token)
    assert invitation is not None and invitation.is_usable
    user, _ = invitations.invitation_accept_with_new_account(invitation=invitation, name="Nia", password=NEW_PASSWORD)

    assert organisation.memberships.get(user=user).is_active
    assert authenticate(email="nia.new@example.test", password=NEW_PASSWORD) == user
    assert not selectors.invitation_for_token(token).is_usable
    with pytest.raises(ValueError, match="already been answered"):
        invitations.invitation_accept_with_new_account(
            invitation=invitation, name="Nia", password="another-password-entirely-9"
        )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert organisation.audit_events.filter(action=AuditEvent.Action.INVITATION_ACCEPTED).count() == 1


def test_an_unknown_token_finds_no_invitation(invite):
    invite()

    assert selectors.invitation_for_token("not-a-token") is None


def test_the_link_expires_after_seven_days(invite):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        invite()
        [token] = invitation_tokens()

        traveller.shift(datetime.timedelta(days=7) - datetime.timedelta(seconds=1))
        assert selectors.invitation_for_token(token).is_usable

        traveller.shift(datetime.timedelta(seconds=1))
        invitation = selectors.invitation_for_token(token)
        assert not invitation.is_usable
        assert not Invitation.objects.usable().exists()
        with pytest.raises(ValueError):
            invitations.invitation_accept_with_new_account(invitation=invitation, name="N", password=NEW_PASSWORD)


def test_resending_sends_a_new_link_and_the_old_one_stops_working(invite, by, django_capture_on_commit_callbacks):
    invitation = invite()

    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_resend(invitation=invitation, by=by, base_url=BASE_URL)

    old, new = invitation_tokens()
    assert old != new
    assert selectors.invitation_for_token(old) is None
    assert selectors.invitation_for_token(new).is_usable
    assert Invitation.objects.usable().count() == 1
    assert invitation.organisation.audit_events.filter(
        action=AuditEvent.Action.PERSON_INVITED, details__resent=True
    ).exists()


def test_inviting_someone_again_while_their_link_works_sends_nothing_new(organisation, team, invite):
    invite(team=team)
    invitation = invite(roles={Role.FACILITATOR})

    assert len(mail.outbox) == 1
    assert invitation.offer == {"roles": [Role.FACILITATOR], "places": {}}  # the newest offer
    membership = accepted(organisation, invitation.email)
    assert membership.is_facilitator
    assert place_roles(membership) == {}


def test_inviting_someone_who_has_a_password_elsewhere_sends_the_same_email_and_adds_nothing(
    organisation, other_organisation, team, invite
):
    elsewhere = person_in(other_organisation, email="kim@example.test")

    invitation = invite(name="Kim", email="KIM@example.test", team=team, roles={Role.LEADER})

    assert invitation.email == "kim@example.test"
    assert not organisation.memberships.filter(user=elsewhere.user).exists()
    assert [message.to for message in mail.outbox] == [["kim@example.test"]]
    assert "choose a password" in mail.outbox[0].body  # the same words whether or not the address has an account


def test_an_account_that_can_sign_in_cannot_be_given_a_password_from_the_link(organisation, other_organisation, invite):
    person_in(other_organisation, email="kim@example.test")
    invitation = invite(email="kim@example.test", roles={Role.FACILITATOR})

    with pytest.raises(invitations.InvitationUnusable, match="sign in"):
        invitations.invitation_accept_with_new_account(invitation=invitation, name="M", password=NEW_PASSWORD)
    assert authenticate(email="kim@example.test", password=TEST_PASSWORD) is not None


# Roles


def test_organisation_roles_are_granted_and_removed_with_audit_events(organisation, member, by):
    services.membership_roles_set(membership=member, is_admin=True, is_facilitator=True, team_roles={}, by=by)
    member.refresh_from_db()
    assert (member.is_admin, member.is_facilitator) == (True, True)

    services.membership_roles_set(membership=member, is_admin=False, is_facilitator=False, team_roles={}, by=by)
    member.refresh_from_db()
    assert (member.is_admin, member.is_facilitator) == (False, False)

    events = organisation.audit_events.order_by("created_at").values_list("action", "details", "target_description")
    assert list(events) == [
        (AuditEvent.Action.ROLE_GRANTED, {"role": "Organisation admin"}, "member@example.test"),
        (AuditEvent.Action.ROLE_GRANTED, {"role": "Facilitator"}, "member@example.test"),
        (AuditEvent.Action.ROLE_REMOVED, {"role": "Organisation admin"}, "member@example.test"),
        (AuditEvent.Action.ROLE_REMOVED, {"role": "Facilitator"}, "member@example.test"),
    ]


def test_team_roles_are_added_changed_and_removed_with_audit_events(organisation, team, member, by):
    ward_8 = TeamFactory(organisation=organisation, name="Ward 8")

    services.membership_roles_set(
        membership=member,
        is_admin=False,
        is_facilitator=False,
        team_roles={team: Role.LEADER, ward_8: Role.MEMBER},
        by=by,
    )
    assert place_roles(member) == {"Ward 7": Role.LEADER, "Ward 8": Role.MEMBER}

    services.membership_roles_set(
        membership=member, is_admin=False, is_facilitator=False, team_roles={team: None}, by=by
    )
    assert place_roles(member) == {"Ward 8": Role.MEMBER}

    events = organisation.audit_events.order_by("created_at").values_list("action", "target_description", "details")
    assert list(events) == [
        (AuditEvent.Action.ROLE_GRANTED, "member@example.test in Ward 7", {"role": "Leader"}),
        (AuditEvent.Action.ROLE_GRANTED, "member@example.test in Ward 8", {"role": "Team member"}),
        (AuditEvent.Action.ROLE_REMOVED, "member@example.test in Ward 7", {"role": "Team place"}),
    ]


def test_setting_the_roles_someone_already_has_writes_nothing(organisation, team, member, by):
    services.membership_roles_set(
        membership=member, is_admin=False, is_facilitator=False, team_roles={team: Role.MEMBER}, by=by
    )

    assert not organisation.audit_events.exists()


def test_the_last_active_admin_cannot_lose_the_admin_role(organisation, org_admin, by):
    with pytest.raises(services.LastAdminError):
        services.membership_roles_set(membership=org_admin, is_admin=False, is_facilitator=True, team_roles={}, by=by)

    org_admin.refresh_from_db()
    assert (org_admin.is_admin, org_admin.is_facilitator) == (True, False)
    assert not organisation.audit_events.exists()


def test_an_inactive_admin_does_not_count_as_another_admin(organisation, org_admin, by):
    MembershipFactory(organisation=organisation, is_admin=True, is_active=False)

    with pytest.raises(services.LastAdminError):
        services.membership_roles_set(membership=org_admin, is_admin=False, is_facilitator=False, team_roles={}, by=by)


def test_an_admin_can_step_down_when_another_is_active(organisation, org_admin, by):
    person_in(organisation, role=Role.ADMIN)

    services.membership_roles_set(membership=org_admin, is_admin=False, is_facilitator=False, team_roles={}, by=by)

    org_admin.refresh_from_db()
    assert not org_admin.is_admin


def test_a_team_from_another_organisation_is_refused_and_nothing_changes(organisation, other_team, member, by):
    with pytest.raises(ValueError, match="another organisation"):
        services.membership_roles_set(
            membership=member, is_admin=False, is_facilitator=True, team_roles={other_team: Role.LEADER}, by=by
        )

    member.refresh_from_db()
    assert not member.is_facilitator
    assert not other_team.team_memberships.exists()
    assert not organisation.audit_events.exists()


# Deactivating and reactivating


def test_deactivating_someone_with_no_other_place_stops_them_signing_in(organisation, member, by):
    assert authenticate(email="member@example.test", password=TEST_PASSWORD) == member.user

    services.membership_deactivate(membership=member, by=by)

    member.refresh_from_db()
    member.user.refresh_from_db()
    assert not member.is_active
    assert member.deactivated_at is not None
    assert not member.user.is_active
    assert authenticate(email="member@example.test", password=TEST_PASSWORD) is None

    services.membership_reactivate(membership=member, by=by)

    member.refresh_from_db()
    assert member.is_active
    assert member.deactivated_at is None
    assert authenticate(email="member@example.test", password=TEST_PASSWORD) == member.user
    assert actions(organisation) == [AuditEvent.Action.PERSON_DEACTIVATED, AuditEvent.Action.PERSON_REACTIVATED]


def test_deactivating_someone_still_active_elsewhere_leaves_their_account_alone(member, other_organisation, by):
    MembershipFactory(organisation=other_organisation, user=member.user)

    services.membership_deactivate(membership=member, by=by)

    member.user.refresh_from_db()
    assert member.user.is_active
    assert authenticate(email="member@example.test", password=TEST_PASSWORD) == member.user


def test_you_cannot_deactivate_yourself(organisation, org_admin, by):
    person_in(organisation, role=Role.ADMIN)

    with pytest.raises(ValueError, match="cannot deactivate yourself"):
        services.membership_deactivate(membership=org_admin, by=by)

    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_the_last_active_admin_cannot_be_deactivated(organisation, org_admin, facilitator):
    with pytest.raises(services.LastAdminError):
        services.membership_deactivate(membership=org_admin, by=facilitator.user)

    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_an_admin_can_be_deactivated_when_another_is_active(organisation, org_admin, by):
    second = person_in(organisation, role=Role.ADMIN)

    services.membership_deactivate(membership=second, by=by)

    second.refresh_from_db()
    assert not second.is_active


# Teams


def test_a_team_is_created_with_its_parent_and_an_audit_event(organisation, by):
    medicine = services.team_create(organisation=organisation, name="  Medicine ", parent=None, by=by)
    ward = services.team_create(organisation=organisation, name="Ward 7", parent=medicine, by=by)

    assert medicine.name == "Medicine"
    assert ward.parent == medicine
    assert list(organisation.teams.top_level()) == [medicine]
    events = organisation.audit_events.order_by("created_at").values_list("action", "target_description", "actor")
    assert list(events) == [
        (AuditEvent.Action.TEAM_CREATED, "Medicine", by.pk),
        (AuditEvent.Action.TEAM_CREATED, "Medicine › Ward 7", by.pk),
    ]


@pytest.mark.parametrize("name", ["Ward 7", "ward 7", "WARD 7", " Ward 7 "])
def test_a_duplicate_team_name_is_refused_whatever_the_case(organisation, team, by, name):
    with pytest.raises(services.TeamNameTaken):
        services.team_create(organisation=organisation, name=name, parent=None, by=by)

    assert organisation.teams.count() == 1


def test_another_organisation_can_use_the_same_team_name(other_organisation, team, by):
    services.team_create(organisation=other_organisation, name="Ward 7", parent=None, by=by)

    assert other_organisation.teams.filter(name="Ward 7").exists()


def test_a_parent_from_another_organisation_is_refused(organisation, other_team, by):
    with pytest.raises(ValueError, match="same organisation"):
        services.team_create(organisation=organisation, name="Ward 9", parent=other_team, by=by)

    assert not organisation.teams.exists()
    assert not organisation.audit_events.exists()


def test_a_team_is_renamed_with_an_audit_event(organisation, team, by):
    services.team_rename(team=team, name="Ward Seven", by=by)

    team.refresh_from_db()
    assert team.name == "Ward Seven"
    event = organisation.audit_events.get()
    assert (event.action, event.details) == (AuditEvent.Action.TEAM_RENAMED, {"from": "Ward 7", "to": "Ward Seven"})


def test_renaming_to_a_taken_name_is_refused(organisation, team, by):
    TeamFactory(organisation=organisation, name="Ward 8")

    with pytest.raises(services.TeamNameTaken):
        services.team_rename(team=team, name="WARD 8", by=by)

    team.refresh_from_db()
    assert team.name == "Ward 7"


def test_a_team_can_change_the_case_of_its_own_name(team, by):
    services.team_rename(team=team, name="WARD 7", by=by)

    team.refresh_from_db()
    assert team.name == "WARD 7"


def test_invitation_expiry_uses_the_setting(invite, settings):
    now = timezone.now()
    expires_at = invite().expires_at
    assert now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS) <= expires_at
    assert expires_at <= timezone.now() + datetime.timedelta(days=7)


def test_a_big_import_sends_its_emails_in_tasks_of_bounded_size_queued_on_commit(
    organisation, org_admin, monkeypatch, django_capture_on_commit_callbacks
):
    """Issue 21: one task for a 20,000-person import would outlast the worker's limit on a task."""
    from attend.organisations import invitations
    from attend.organisations.tests.support import people_csv

    monkeypatch.setattr(invitations, "EMAILS_PER_TASK", 2)
    lines = [f"Person {n},person{n}@example.nhs.uk,,facilitator," for n in range(5)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.people_import(organisation=organisation, data=people_csv(*lines), by=org_admin.user, base_url=BASE_URL)
    assert mail.outbox == []
    assert [len(callback.args[0]) for callback in callbacks] == [2, 2, 1]

    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == [f"person{n}@example.nhs.uk" for n in range(5)]
