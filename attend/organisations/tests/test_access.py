"""The organisation's entry points: one object, or DoesNotExist for anything in another organisation."""

import pytest

from attend.organisations import access
from attend.organisations.models import Membership, Team


def test_a_person_is_found_only_in_their_own_organisation(organisation, other_organisation, member):
    assert access.membership_in_organisation(organisation, member.pk) == member
    with pytest.raises(Membership.DoesNotExist):
        access.membership_in_organisation(other_organisation, member.pk)


def test_a_team_is_found_only_in_its_own_organisation(organisation, other_organisation, team):
    assert access.team_in_organisation(organisation, team.pk) == team
    with pytest.raises(Team.DoesNotExist):
        access.team_in_organisation(other_organisation, team.pk)


def test_a_team_led_is_found_only_by_its_leaders(team, leader, member, org_admin, other_leader):
    assert access.team_led_by(leader, team.pk) == team
    for not_its_leader in (member, org_admin, other_leader):
        with pytest.raises(Team.DoesNotExist):
            access.team_led_by(not_its_leader, team.pk)
