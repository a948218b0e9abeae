"""Who may see what in Connect, against the database: a pairing is the leader's and the person's alone,
and only while the leader still leads a team the person is active in."""

import datetime
import uuid

import pytest

from attend.connect import access, services
from attend.connect.models import Pairing
from attend.organisations.models import Role, TeamMembership
from attend.organisations.tests.factories import MembershipFactory, TeamFactory, TeamMembershipFactory, person_in

pytestmark = pytest.mark.django_db

STARTS = datetime.datetime(2026, 3, 18, 9, 30, tzinfo=datetime.UTC)
INTRUDERS = ["second_member", "facilitator", "org_admin", "other_leader"]


@pytest.fixture
def second_member(team):
    return person_in(team.organisation, team=team, role=Role.MEMBER, email="sam@example.test", name="Sam Second")


@pytest.fixture
def pairings(leader, member, second_member, facilitator, org_admin, other_leader):
    """The leader's pairings with each person in Ward 7, made as Connect makes them."""
    services.pairings_ensure(membership=leader)
    return {
        "member": Pairing.objects.get(leader=leader.user, person=member.user),
        "second_member": Pairing.objects.get(leader=leader.user, person=second_member.user),
    }


@pytest.fixture
def pairing(pairings):
    return pairings["member"]


@pytest.fixture
def conversation(pairing):
    return pairing.conversations.create(kind="one_to_one", starts_at=STARTS)


def users(memberships) -> list:
    return [membership.user for membership in memberships]


# Who leads whom


def test_a_leader_leads_the_active_people_in_their_teams_each_once(leader, member, second_member, team):
    second_team = TeamFactory(organisation=team.organisation, name="Ward 8")
    TeamMembershipFactory(team=second_team, membership=leader, role=Role.LEADER)
    TeamMembershipFactory(team=second_team, membership=member)  # in both of the leader's teams
    gone = person_in(team.organisation, team=team, name="Ivy Inactive")
    gone.is_active = False
    gone.save()
    person_in(team.organisation, team=TeamFactory(organisation=team.organisation, name="Ward 9"), name="Nat Nother")

    led = list(access.led_memberships(leader))

    assert led == [member, second_member]  # Mo Member, Sam Second: alphabetical, each once


def test_someone_who_leads_no_team_leads_nobody(member, second_member):
    assert list(access.led_memberships(member)) == []


def test_a_person_is_led_by_the_leaders_of_their_teams(leader, member, other_leader):
    assert list(access.leading_memberships(member)) == [leader]
    assert list(access.leading_memberships(leader)) == []


def test_a_leader_place_held_by_another_organisations_membership_leads_nobody_here(member, team, other_organisation):
    """Only a membership of this organisation leads here, even if a place in this team were held by another's."""
    stranger = MembershipFactory(organisation=other_organisation)
    TeamMembershipFactory(team=team, membership=stranger, role=Role.LEADER)

    assert stranger not in access.leading_memberships(member)


def test_an_inactive_leader_leads_nobody_now(leader, member):
    leader.is_active = False
    leader.save()

    assert list(access.leading_memberships(member)) == []


# Reaching a pairing


def test_each_person_sees_only_their_own_pairings(pairings, leader, member, second_member, organisation):
    assert list(access.pairings_of(member.user, organisation)) == [pairings["member"]]
    assert list(access.pairings_of(second_member.user, organisation)) == [pairings["second_member"]]
    assert set(access.pairings_of(leader.user, organisation)) == set(pairings.values())


def test_the_leader_and_the_person_reach_their_pairing(pairing, leader, member, organisation):
    assert access.pairing_for(leader.user, organisation, pairing.pk) == pairing
    assert access.pairing_for(member.user, organisation, pairing.pk) == pairing


@pytest.mark.parametrize("role", INTRUDERS)
def test_nobody_else_reaches_a_pairing(request, pairing, role, organisation):
    intruder = request.getfixturevalue(role)

    for inside in {organisation, intruder.organisation}:
        with pytest.raises(Pairing.DoesNotExist):
            access.pairing_for(intruder.user, inside, pairing.pk)
        assert pairing not in access.pairings_of(intruder.user, inside)


def test_an_admin_in_the_team_still_does_not_reach_someone_elses_pairing(pairing, org_admin, team, organisation):
    TeamMembershipFactory(team=team, membership=org_admin)

    with pytest.raises(Pairing.DoesNotExist):
        access.pairing_for(org_admin.user, organisation, pairing.pk)


@pytest.mark.parametrize("role", ["leader", "member"])
def test_a_pairing_is_reached_only_inside_its_own_organisation(request, pairing, role, other_organisation):
    person = request.getfixturevalue(role)
    MembershipFactory(organisation=other_organisation, user=person.user)  # they work there too

    for elsewhere in (other_organisation, None):
        with pytest.raises(Pairing.DoesNotExist):
            access.pairing_for(person.user, elsewhere, pairing.pk)


def test_a_pairing_that_does_not_exist_is_the_same_answer(leader, organisation, pairing):
    with pytest.raises(Pairing.DoesNotExist):
        access.pairing_for(leader.user, organisation, uuid.uuid4())


def leave_the_team(leader, member, team):
    TeamMembership.objects.filter(membership=member, team=team).delete()


def deactivate(leader, member, team):
    member.is_active = False
    member.save()


def stop_leading(leader, member, team):
    TeamMembership.objects.filter(membership=leader, team=team).update(role=Role.MEMBER)


def deactivate_the_leader(leader, member, team):
    leader.is_active = False
    leader.save()


@pytest.mark.parametrize("change", [leave_the_team, deactivate, stop_leading, deactivate_the_leader])
def test_a_pairing_ends_when_the_leader_no_longer_leads_the_person(pairing, leader, member, team, change):
    change(leader, member, team)

    for person in (leader, member):
        with pytest.raises(Pairing.DoesNotExist):
            access.pairing_for(person.user, team.organisation, pairing.pk)
        assert pairing not in access.pairings_of(person.user, team.organisation)


def test_a_pairing_lasts_while_the_person_is_still_in_another_team_the_leader_leads(pairing, leader, member, team):
    second_team = TeamFactory(organisation=team.organisation, name="Ward 8")
    TeamMembershipFactory(team=second_team, membership=leader, role=Role.LEADER)
    TeamMembershipFactory(team=second_team, membership=member)

    leave_the_team(leader, member, team)

    assert access.pairing_for(member.user, team.organisation, pairing.pk) == pairing
    assert access.pairing_for(leader.user, team.organisation, pairing.pk) == pairing


def test_a_pairing_does_not_follow_the_person_into_a_team_someone_else_leads(pairing, leader, member, team):
    other_ward = TeamFactory(organisation=team.organisation, name="Ward 8")
    person_in(team.organisation, team=other_ward, role=Role.LEADER, name="Dee Different")
    TeamMembershipFactory(team=other_ward, membership=member)
    TeamMembershipFactory(team=other_ward, membership=leader)  # in Ward 8 too, but not leading it

    leave_the_team(leader, member, team)

    with pytest.raises(Pairing.DoesNotExist):
        access.pairing_for(member.user, team.organisation, pairing.pk)


def test_leading_the_person_in_another_organisation_does_not_keep_a_pairing(
    pairing, leader, member, team, other_organisation
):
    elsewhere = TeamFactory(organisation=other_organisation, name="Birch House")
    TeamMembershipFactory(
        team=elsewhere,
        membership=MembershipFactory(organisation=other_organisation, user=leader.user),
        role=Role.LEADER,
    )
    TeamMembershipFactory(
        team=elsewhere, membership=MembershipFactory(organisation=other_organisation, user=member.user)
    )

    leave_the_team(leader, member, team)

    for person in (leader, member):
        for organisation in (team.organisation, other_organisation):
            with pytest.raises(Pairing.DoesNotExist):
                access.pairing_for(person.user, organisation, pairing.pk)


def current_pairings_agree(*memberships) -> None:
    """`current_pairings_of` (Today's, from the request's membership) answers as `pairings_of` does."""
    from attend.organisations.selectors import memberships_for_user

    for membership in memberships:
        membership.refresh_from_db()
        as_read = memberships_for_user(membership.user).filter(organisation=membership.organisation).first()
        expected = set(access.pairings_of(membership.user, membership.organisation))
        assert set(access.current_pairings_of(as_read or membership)) == expected
        assert set(access.current_pairings_of(membership)) == expected


def test_todays_current_pairings_are_the_pairings_of_the_same_rule(
    pairings, leader, member, second_member, facilitator, org_admin, other_leader
):
    current_pairings_agree(leader, member, second_member, facilitator, org_admin, other_leader)
    assert set(access.current_pairings_of(leader)) == set(pairings.values())
    assert set(access.current_pairings_of(member)) == {pairings["member"]}


@pytest.mark.parametrize("change", [leave_the_team, deactivate, stop_leading, deactivate_the_leader])
def test_todays_current_pairings_end_as_the_pairing_does(pairing, leader, member, team, change):
    change(leader, member, team)

    current_pairings_agree(leader, member)
    for person in (leader, member):
        person.refresh_from_db()
        assert pairing not in access.current_pairings_of(person)


def test_todays_current_pairings_follow_the_teams_as_the_pairing_does(
    pairing, leader, member, team, other_organisation
):
    other_ward = TeamFactory(organisation=team.organisation, name="Ward 8")
    person_in(team.organisation, team=other_ward, role=Role.LEADER, name="Dee Different")
    TeamMembershipFactory(team=other_ward, membership=member)
    TeamMembershipFactory(team=other_ward, membership=leader)  # in Ward 8 too, but not leading it
    elsewhere = TeamFactory(organisation=other_organisation, name="Birch House")
    TeamMembershipFactory(
        team=elsewhere,
        membership=MembershipFactory(organisation=other_organisation, user=leader.user),
        role=Role.LEADER,
    )
    TeamMembershipFactory(
        team=elsewhere, membership=MembershipFactory(organisation=other_organisation, user=member.user)
    )
    current_pairings_agree(leader, member)

    leave_the_team(leader, member, team)

    current_pairings_agree(leader, member)
    assert pairing not in access.current_pairings_of(member) and pairing not in access.current_pairings_of(leader)


def test_only_the_leader_does_what_only_a_leader_does(pairing, leader, member, organisation):
    assert access.led_pairing_for(leader.user, organisation, pairing.pk) == pairing

    with pytest.raises(Pairing.DoesNotExist):
        access.led_pairing_for(member.user, organisation, pairing.pk)


# What lives in a pairing follows it


@pytest.fixture
def things(pairing, conversation, leader, member):
    point = services.talking_point_add(pairing=pairing, by=member.user, text="Rota for the bank holiday")
    action = services.action_add(pairing=pairing, owner=leader.user, text="Ask about the course", due_on=None)
    return {
        access.conversation_for: conversation.pk,
        access.talking_point_for: point.pk,
        access.action_for: action.pk,
    }


READERS = [access.conversation_for, access.talking_point_for, access.action_for]


@pytest.mark.parametrize("read", READERS, ids=lambda read: read.__name__)
def test_the_pair_reach_what_lives_in_their_pairing(things, read, leader, member, organisation):
    for person in (leader, member):
        assert read(person.user, organisation, things[read]).pk == things[read]


@pytest.mark.parametrize("read", READERS, ids=lambda read: read.__name__)
@pytest.mark.parametrize("role", INTRUDERS)
def test_nobody_else_reaches_what_lives_in_a_pairing(request, things, read, role, organisation):
    intruder = request.getfixturevalue(role)

    for inside in {organisation, intruder.organisation}:
        with pytest.raises(Pairing.DoesNotExist):
            read(intruder.user, inside, things[read])


@pytest.mark.parametrize("read", READERS, ids=lambda read: read.__name__)
def test_what_lives_in_a_pairing_goes_when_the_pairing_ends(things, read, leader, member, team):
    deactivate(leader, member, team)

    for person in (leader, member):
        with pytest.raises(Pairing.DoesNotExist):
            read(person.user, team.organisation, things[read])


@pytest.mark.parametrize("read", READERS, ids=lambda read: read.__name__)
def test_something_that_does_not_exist_is_the_same_answer(read, leader, organisation, pairing):
    with pytest.raises(Pairing.DoesNotExist):
        read(leader.user, organisation, uuid.uuid4())


# Private notes: only the author


def test_a_private_note_is_only_ever_its_authors(conversation, leader, member, second_member):
    leaders = services.private_note_save(conversation=conversation, author=leader.user, text="Seemed tired")
    members = services.private_note_save(conversation=conversation, author=member.user, text="Ask for nights off")

    assert access.own_private_note(leader.user, conversation) == leaders
    assert access.own_private_note(member.user, conversation) == members
    assert access.own_private_note(second_member.user, conversation) is None


def test_the_other_persons_note_is_never_returned_in_place_of_ones_own(conversation, leader, member):
    services.private_note_save(conversation=conversation, author=leader.user, text="Seemed tired")

    assert access.own_private_note(member.user, conversation) is None


# Wellbeing plans: the owner's, per organisation; the leader sees only what is shared


def save_plan(person, organisation, sections, shared=()):
    return services.wellbeing_plan_save(
        person=person.user,
        organisation=organisation,
        sections=sections,
        shared_sections=list(shared),
        shared_with=[leading.user for leading in access.leading_memberships(person)],
        review_on=datetime.date(2027, 3, 1),
    )


def test_a_plan_belongs_to_its_owner_in_one_organisation(member, leader, organisation, other_organisation):
    MembershipFactory(organisation=other_organisation, user=member.user)
    here = save_plan(member, organisation, {"signs": "Snapping at people"})
    there = save_plan(member, other_organisation, {"signs": "Going quiet"})

    assert access.own_plan(member.user, organisation) == here
    assert access.own_plan(member.user, other_organisation) == there
    assert access.own_plan(member.user, None) is None
    assert access.own_plan(leader.user, organisation) is None


def test_the_leader_sees_only_the_sections_the_person_shares(pairing, member, organisation):
    save_plan(
        member,
        organisation,
        {"keeps_me_well": "A proper break", "signs": "Going quiet", "what_helps": "", "other": "Caring for Dad"},
        shared=["signs", "what_helps"],
    )

    assert access.shared_plan_sections(pairing) == {"signs": "Going quiet"}


def test_nothing_is_shared_without_a_plan_or_from_another_organisation(pairing, member, other_organisation):
    assert access.shared_plan_sections(pairing) == {}

    MembershipFactory(organisation=other_organisation, user=member.user)
    save_plan(member, other_organisation, {"signs": "Going quiet"}, shared=["signs"])

    assert access.shared_plan_sections(pairing) == {}


def test_a_new_leader_sees_nothing_of_the_plan_until_the_person_saves_it_again(member, leader, team, organisation):
    services.pairings_ensure(membership=leader)
    save_plan(member, organisation, {"signs": "Going quiet"}, shared=["signs"])
    new_leader = person_in(organisation, team=team, role=Role.LEADER, name="Nia New")
    services.pairings_ensure(membership=new_leader)
    new_pairing = Pairing.objects.get(leader=new_leader.user, person=member.user)
    old_pairing = Pairing.objects.get(leader=leader.user, person=member.user)

    assert access.shared_plan_sections(old_pairing) == {"signs": "Going quiet"}
    assert access.shared_plan_sections(new_pairing) == {}

    save_plan(member, organisation, {"signs": "Going quiet"}, shared=["signs"])
    assert access.shared_plan_sections(new_pairing) == {"signs": "Going quiet"}
