"""Who may reach a team's rounds: its leaders and the organisation's admins; nobody else, in any organisation."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from attend.listen import access, presenters, services
from attend.listen.models import PulseRound
from attend.listen.tests.support import open_round, staff, tokens_of
from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pulse(team, leader, member):
    return open_round(team, leader.user, opens_on=timezone.localdate()).round


def test_the_leader_and_the_admin_reach_the_round(pulse, leader, org_admin):
    assert access.round_for(leader, pulse.pk) == pulse
    assert access.round_for(org_admin, pulse.pk) == pulse


@pytest.mark.parametrize("who", ["member", "facilitator", "other_leader"])
def test_no_one_else_reaches_the_round(request, pulse, who):
    with pytest.raises(PulseRound.DoesNotExist):
        access.round_for(request.getfixturevalue(who), pulse.pk)


def test_an_admin_elsewhere_or_the_leader_of_another_team_never_reaches_the_round(
    pulse, organisation, other_organisation
):
    """An admin reaches the organisation's rounds and a leader their teams' rounds: nothing beyond either."""
    from attend.organisations.tests.factories import TeamFactory

    next_door = person_in(organisation, team=TeamFactory(organisation=organisation), role=Role.LEADER)
    for outsider in (next_door, person_in(other_organisation, role=Role.ADMIN)):
        assert not access.rounds_for(outsider).filter(pk=pulse.pk).exists()
        with pytest.raises(PulseRound.DoesNotExist):
            access.round_for(outsider, pulse.pk)


def test_only_the_teams_own_leader_keeps_a_self_view(pulse, leader, org_admin):
    assert access.self_view_round_for(leader, pulse.pk) == pulse
    with pytest.raises(PulseRound.DoesNotExist):
        access.self_view_round_for(org_admin, pulse.pk)


def test_a_leader_who_stops_leading_loses_the_round(pulse, leader):
    leader.team_memberships.update(role="member")
    with pytest.raises(PulseRound.DoesNotExist):
        access.round_for(leader, pulse.pk)
    leader.is_active = False
    assert access.teams_for(leader) is None


def test_an_action_is_reached_through_its_round(pulse, leader, other_leader):
    action = services.pulse_action_add(pulse_round=pulse, by=leader.user, text="Rota a week ahead")
    assert access.action_for(leader, action.pk) == action
    with pytest.raises(PulseRound.DoesNotExist):
        access.action_for(other_leader, action.pk)


def test_an_action_is_reached_by_its_organisations_admin_and_no_other_team_or_organisation(
    pulse, organisation, leader, org_admin, other_organisation
):
    from attend.organisations.tests.factories import TeamFactory

    action = services.pulse_action_add(pulse_round=pulse, by=leader.user, text="Rota a week ahead")
    assert access.action_for(org_admin, action.pk) == action
    next_door = person_in(organisation, team=TeamFactory(organisation=organisation), role=Role.LEADER)
    elsewhere_admin = person_in(other_organisation, role=Role.ADMIN)
    for outsider in (next_door, elsewhere_admin):
        with pytest.raises(PulseRound.DoesNotExist):
            access.action_for(outsider, action.pk)
    leader.is_active = False
    with pytest.raises(PulseRound.DoesNotExist):
        access.action_for(leader, action.pk)


def test_today_shows_the_leader_a_quiet_line_about_their_open_round(pulse, team, leader, member, org_admin):
    staff(team, 3)
    for token in tokens_of(pulse)[:1]:
        services.pulse_response_submit(
            token=token, answers=dict.fromkeys(pulse.item_keys, 4), comment="", today=timezone.localdate()
        )
    request = RequestFactory().get("/")
    request.membership = leader
    (panel,) = presenters.today_panels(request)
    closes = pulse.closes_on
    assert panel.description == f"1 answer so far, closes {closes.day} {closes:%B}."
    for other in (member, org_admin):
        request.membership = other
        assert presenters.today_panels(request) == []


def test_a_members_teams_are_those_they_are_in_as_a_member_in_their_own_organisation(
    member, leader, team, other_organisation, other_team
):
    assert list(access.member_teams_for(member)) == [team]
    assert not access.member_teams_for(leader).exists()  # a leader reads their own pages
    assert not access.member_teams_for(None).exists()
    stranger = person_in(other_organisation, team=other_team, role=Role.MEMBER)
    assert list(access.member_teams_for(stranger)) == [other_team]
    member.is_active = False
    assert not access.member_teams_for(member).exists()
