"""Writes for Connect: pairings, conversations, notes, talking points, actions, plans and support services;
and the words people write are held only as ciphertext."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attend.connect import services
from attend.connect.models import (
    Action,
    Conversation,
    Pairing,
    PrivateNote,
    SupportService,
    TalkingPoint,
    WellbeingPlan,
)
from attend.nudges.models import Notification
from attend.organisations.models import Role
from attend.organisations.tests.factories import MembershipFactory, TeamFactory, TeamMembershipFactory, person_in

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
STARTS = datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC)  # 09:00 in London (summer time)
REVIEW = datetime.date(2027, 6, 1)


@pytest.fixture
def pairing(leader, member):
    services.pairings_ensure(membership=leader)
    return Pairing.objects.get(leader=leader.user, person=member.user)


@pytest.fixture
def conversation(pairing):
    return pairing.conversations.create(kind="one_to_one", starts_at=STARTS)


def raw(model, column: str, pk) -> str:
    """A column exactly as the database holds it, without the field decrypting it."""
    table = connection.ops.quote_name(model._meta.db_table)
    key = model._meta.pk.get_db_prep_value(pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [key])
        return cursor.fetchone()[0]


# Pairings


def test_a_leader_opening_connect_is_paired_with_each_person_they_lead(leader, member, team, organisation):
    second = person_in(organisation, team=team, name="Sam Second")

    services.pairings_ensure(membership=leader)

    pairs = set(Pairing.objects.values_list("organisation", "leader", "person"))
    assert pairs == {
        (organisation.pk, leader.user.pk, member.user.pk),
        (organisation.pk, leader.user.pk, second.user.pk),
    }


def test_a_person_opening_connect_is_paired_with_their_leader(leader, member, organisation):
    services.pairings_ensure(membership=member)

    pairing = Pairing.objects.get()
    assert (pairing.organisation, pairing.leader, pairing.person) == (organisation, leader.user, member.user)
    assert pairing.cadence_days == 28


def test_a_person_with_two_leaders_is_paired_with_each(leader, member, team, organisation):
    co_leader = person_in(organisation, team=team, role=Role.LEADER, name="Cat Co-leader")

    services.pairings_ensure(membership=member)

    assert set(Pairing.objects.filter(person=member.user).values_list("leader", flat=True)) == {
        leader.user.pk,
        co_leader.user.pk,
    }


def test_making_pairings_again_makes_no_more(leader, member, team):
    services.pairings_ensure(membership=leader)
    services.pairings_ensure(membership=member)
    first = set(Pairing.objects.values_list("pk", flat=True))

    services.pairings_ensure(membership=leader)
    services.pairings_ensure(membership=member)

    assert set(Pairing.objects.values_list("pk", flat=True)) == first
    assert len(first) == 1


def test_nobody_is_paired_across_teams_or_with_an_inactive_leader(leader, member, team, organisation):
    other_ward = TeamFactory(organisation=organisation, name="Ward 8")
    person_in(organisation, team=other_ward, role=Role.LEADER, name="Nat Nother")
    leader.is_active = False
    leader.save()

    services.pairings_ensure(membership=member)

    assert not Pairing.objects.exists()


def test_a_leader_of_two_teams_pairs_once_with_someone_in_both(leader, member, team, organisation):
    second_team = TeamFactory(organisation=organisation, name="Ward 8")
    TeamMembershipFactory(team=second_team, membership=leader, role=Role.LEADER)
    TeamMembershipFactory(team=second_team, membership=member)

    services.pairings_ensure(membership=leader)

    assert Pairing.objects.filter(leader=leader.user, person=member.user).count() == 1


def test_the_cadence_can_be_changed(pairing):
    services.pairing_cadence_set(pairing=pairing, days=14)

    assert Pairing.objects.get(pk=pairing.pk).cadence_days == 14


# Scheduling a conversation
# These reverse "connect:conversation": until Connect's views and URLs exist they fail while loading the URLs.


def test_scheduling_plans_a_conversation(pairing):
    conversation = services.conversation_schedule(
        pairing=pairing, kind="wellbeing", starts_at=STARTS, minutes=45, place="Quiet room, level 2"
    )

    fresh = Conversation.objects.get(pk=conversation.pk)
    assert fresh.pairing == pairing
    assert (fresh.kind, fresh.starts_at, fresh.minutes, fresh.place) == ("wellbeing", STARTS, 45, "Quiet room, level 2")
    assert fresh.status == Conversation.Status.PLANNED
    assert fresh.shared == {}


def test_the_person_is_told_who_and_when_and_nothing_more(pairing, leader, member, organisation):
    conversation = services.conversation_schedule(
        pairing=pairing, kind="wellbeing", starts_at=STARTS, minutes=45, place="Quiet room, level 2"
    )

    notification = Notification.objects.get()
    assert notification.person == member.user
    assert notification.organisation == organisation
    assert notification.kind == "conversation_reminder"
    # In the person's own time zone (London, summer time): 08:00 UTC is 09:00.
    assert notification.title == "Lee Leader has arranged a conversation with you: Wednesday 1 July, 09:00"
    assert notification.link == reverse("connect:conversation", args=[conversation.pk])
    assert notification.expires_at == STARTS
    assert not leader.user.notifications.exists()


# Conversations


def test_what_both_agreed_to_write_down_is_saved(conversation):
    services.conversation_shared_save(conversation=conversation, summary="Busy month", plan="Swap two late shifts")

    assert Conversation.objects.get(pk=conversation.pk).shared == {
        "summary": "Busy month",
        "plan": "Swap two late shifts",
    }


@pytest.mark.parametrize("status", [Conversation.Status.HELD, Conversation.Status.CANCELLED])
def test_a_conversation_is_marked_held_or_cancelled(conversation, status):
    services.conversation_status_set(conversation=conversation, status=status)

    assert Conversation.objects.get(pk=conversation.pk).status == status


# Private notes


def test_a_private_note_is_one_per_author_and_updated_in_place(conversation, leader, member):
    first = services.private_note_save(conversation=conversation, author=leader.user, text="Seemed tired")

    again = services.private_note_save(conversation=conversation, author=leader.user, text="Seemed tired; ask again")
    members = services.private_note_save(conversation=conversation, author=member.user, text="Ask for nights off")

    assert again.pk == first.pk
    assert members.pk != first.pk
    notes = {note.author: note.content for note in PrivateNote.objects.filter(conversation=conversation)}
    assert notes == {leader.user: {"text": "Seemed tired; ask again"}, member.user: {"text": "Ask for nights off"}}


# Talking points and actions


def test_a_talking_point_carries_over_until_it_is_done(pairing, member):
    point = services.talking_point_add(pairing=pairing, by=member.user, text="Rota for the bank holiday")
    pairing.conversations.create(kind="one_to_one", starts_at=NOW, status=Conversation.Status.HELD)
    pairing.conversations.create(kind="one_to_one", starts_at=STARTS)

    def still_open():
        return list(pairing.talking_points.filter(done_at__isnull=True))

    assert still_open() == [point]
    assert point.added_by == member.user
    assert TalkingPoint.objects.get(pk=point.pk).content == {"text": "Rota for the bank holiday"}

    with time_machine.travel(NOW, tick=False):
        services.talking_point_done(point=point)
    assert TalkingPoint.objects.get(pk=point.pk).done_at == NOW
    assert still_open() == []

    services.talking_point_done(point=point, done=False)
    assert TalkingPoint.objects.get(pk=point.pk).done_at is None
    assert still_open() == [point]


def test_an_action_is_added_and_done_and_undone(pairing, conversation, leader):
    action = services.action_add(
        pairing=pairing,
        owner=leader.user,
        text="Ask about the course",
        due_on=datetime.date(2026, 7, 15),
        conversation=conversation,
        today=NOW.date(),
    )

    fresh = Action.objects.get(pk=action.pk)
    assert (fresh.pairing, fresh.owner, fresh.conversation) == (pairing, leader.user, conversation)
    assert (fresh.content, fresh.due_on, fresh.done_at) == (
        {"text": "Ask about the course"},
        datetime.date(2026, 7, 15),
        None,
    )

    with time_machine.travel(NOW, tick=False):
        services.action_done(action=action)
    assert Action.objects.get(pk=action.pk).done_at == NOW

    services.action_done(action=action, done=False)
    assert Action.objects.get(pk=action.pk).done_at is None


def test_an_action_outlives_its_conversation(pairing, conversation, member):
    action = services.action_add(
        pairing=pairing, owner=member.user, text="Book leave", due_on=None, conversation=conversation
    )

    conversation.delete()

    assert Action.objects.get(pk=action.pk).conversation is None


# Wellbeing plans


def test_a_plan_is_made_then_updated_one_per_person_and_organisation(member, organisation, other_organisation):
    first = services.wellbeing_plan_save(
        person=member.user,
        organisation=organisation,
        sections={"signs": "Going quiet"},
        shared_sections=["signs"],
        shared_with=[],
        review_on=REVIEW,
    )

    again = services.wellbeing_plan_save(
        person=member.user,
        organisation=organisation,
        sections={"signs": "Going quiet", "what_helps": "A walk"},
        shared_sections=["what_helps", "signs"],
        shared_with=[],
        review_on=datetime.date(2027, 9, 1),
    )

    assert again.pk == first.pk
    fresh = WellbeingPlan.objects.get(person=member.user, organisation=organisation)
    assert fresh.sections == {"signs": "Going quiet", "what_helps": "A walk"}
    assert fresh.shared_sections == ["signs", "what_helps"]
    assert fresh.review_on == datetime.date(2027, 9, 1)

    MembershipFactory(organisation=other_organisation, user=member.user)
    elsewhere = services.wellbeing_plan_save(
        person=member.user,
        organisation=other_organisation,
        sections={},
        shared_sections=[],
        shared_with=[],
        review_on=REVIEW,
    )
    assert elsewhere.pk != first.pk
    assert WellbeingPlan.objects.filter(person=member.user).count() == 2


# Support services


def test_a_support_service_is_added_changed_and_removed(organisation):
    service = services.support_service_save(
        by=None,
        organisation=organisation,
        name="Occupational health",
        description="Referrals and advice",
        contact="ext 4321",
    )

    changed = services.support_service_save(
        by=None,
        organisation=organisation,
        name="Occupational health",
        description="Self-referral, confidential",
        contact="oh@example.test",
        service=service,
    )

    assert changed.pk == service.pk
    fresh = SupportService.objects.get()
    assert (fresh.organisation, fresh.name, fresh.description, fresh.contact) == (
        organisation,
        "Occupational health",
        "Self-referral, confidential",
        "oh@example.test",
    )

    services.support_service_delete(service=service, by=None)

    assert not SupportService.objects.exists()


def test_support_services_are_listed_by_name_for_their_own_organisation(organisation, other_organisation):
    for name in ("Employee assistance programme", "Chaplaincy", "Freedom to Speak Up guardian"):
        services.support_service_save(by=None, organisation=organisation, name=name, description="-", contact="-")
    services.support_service_save(
        by=None, organisation=other_organisation, name="Befriending", description="-", contact="-"
    )

    assert [service.name for service in organisation.support_services.all()] == [
        "Chaplaincy",
        "Employee assistance programme",
        "Freedom to Speak Up guardian",
    ]


# Encryption at rest


SECRET = "Larkspur night shift"


def written(pairing, conversation, leader, member, organisation):
    """Each kind of thing people write in Connect, with SECRET in it: (model, column, pk)."""
    services.conversation_shared_save(conversation=conversation, summary=f"{SECRET} summary", plan=f"{SECRET} plan")
    note = services.private_note_save(conversation=conversation, author=leader.user, text=SECRET)
    point = services.talking_point_add(pairing=pairing, by=member.user, text=SECRET)
    action = services.action_add(pairing=pairing, owner=member.user, text=SECRET, due_on=None)
    plan = services.wellbeing_plan_save(
        person=member.user,
        organisation=organisation,
        sections={"signs": SECRET},
        shared_sections=[],
        shared_with=[],
        review_on=REVIEW,
    )
    return [
        (Conversation, "shared", conversation.pk),
        (PrivateNote, "content", note.pk),
        (TalkingPoint, "content", point.pk),
        (Action, "content", action.pk),
        (WellbeingPlan, "sections", plan.pk),
    ]


def test_what_people_write_is_held_only_as_ciphertext(pairing, conversation, leader, member, organisation):
    columns = written(pairing, conversation, leader, member, organisation)

    for model, column, pk in columns:
        stored = raw(model, column, pk)
        assert stored, model.__name__
        assert SECRET not in stored, model.__name__
        assert "Larkspur" not in stored, model.__name__
        # and it still reads back
        assert SECRET in str(getattr(model.objects.get(pk=pk), column)), model.__name__


def test_pairings_are_made_for_every_leader_and_member_of_a_team_and_only_once(leader, member, team, organisation):
    co_leader = person_in(organisation, team=team, role=Role.LEADER, email="co@example.test")
    away = person_in(organisation, team=team, role=Role.MEMBER, email="away@example.test")
    away.is_active = False
    away.save()

    assert services.pairings_for_teams_ensure(teams=[team]) == 2
    assert services.pairings_for_teams_ensure(teams=[team]) == 0
    pairs = set(Pairing.objects.values_list("leader__email", "person__email"))
    assert pairs == {("leader@example.test", "member@example.test"), ("co@example.test", "member@example.test")}
    assert co_leader.user.email not in {person for _, person in pairs}, "co-leaders lead together; they are not led"


def test_a_new_team_member_is_paired_with_their_leader_when_the_admin_adds_them(leader, team, organisation, org_admin):
    from attend.organisations.services import membership_roles_set

    newcomer = person_in(organisation, email="new@example.test")
    membership_roles_set(
        membership=newcomer, is_admin=False, is_facilitator=False, team_roles={team: Role.MEMBER}, by=org_admin.user
    )

    assert Pairing.objects.filter(leader=leader.user, person=newcomer.user, organisation=organisation).exists()


def test_people_imported_into_a_team_are_paired_with_its_leader_when_they_accept(leader, team, organisation, org_admin):
    from attend.organisations.invitations import invitation_accept_with_new_account
    from attend.organisations.services import people_import

    data = b"email,name,team,role\nnew1@example.test,New One,Ward 7,member\nnew2@example.test,New Two,Ward 7,member\n"
    result = people_import(organisation=organisation, data=data, by=org_admin.user, base_url="http://testserver")

    assert result.succeeded, result.problems
    assert not Pairing.objects.filter(person__email__startswith="new").exists()  # not in the team until they say yes
    for invitation in organisation.invitations.all():
        invitation_accept_with_new_account(invitation=invitation, name=invitation.name, password="lantern-orchard-42x")
    assert set(Pairing.objects.filter(leader=leader.user).values_list("person__email", flat=True)) >= {
        "new1@example.test",
        "new2@example.test",
    }


def test_opening_connect_writes_nothing(leader, member, leader_client, member_client):
    # Their team places were written straight to the database, so no pairing exists: Connect used to make one here.
    before = Pairing.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert leader_client.get(reverse("connect:index")).status_code == 200
        assert member_client.get(reverse("connect:index")).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert [sql for sql in writes if "connect_" in sql] == []
    assert Pairing.objects.count() == before


def test_pairings_never_cross_organisations_even_for_someone_in_both(leader, team, organisation, other_leader):
    # An attacker's view: someone works in both organisations; a leader in either hopes to reach the other's
    # pairing. Each pairing must belong to the organisation of the team that pairs them, and nowhere else.
    other_team = other_leader.team_memberships.get().team
    both = person_in(organisation, team=team, role=Role.MEMBER, email="both@example.test")
    elsewhere = MembershipFactory(user=both.user, organisation=other_leader.organisation)
    TeamMembershipFactory(team=other_team, membership=elsewhere, role=Role.MEMBER)

    services.pairings_for_teams_ensure(teams=[team, other_team])

    assert set(Pairing.objects.values_list("organisation", "leader", "person")) == {
        (organisation.pk, leader.user.pk, both.user.pk),
        (other_leader.organisation.pk, other_leader.user.pk, both.user.pk),
    }
