"""Results the team sees (issue 17, item 4): a team's members read the same suppressed figures their leader does,
for each round whose figures show, and the team's "You said, we did"; nobody else reads them."""

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attend.listen import services
from attend.listen.models import InviteMethod
from attend.listen.tests.support import answers_for, open_round, staff, tokens_of
from attend.organisations.models import Role
from attend.organisations.tests.factories import TeamFactory, person_in

pytestmark = pytest.mark.django_db

URL = reverse("listen:team_results")
SCORE_7_5 = 'value="7.5"'  # a theme's score as the results table renders it
ACTION = "Protected time for breaks on every shift"


def answered(pulse_round, count: int) -> None:
    for token in tokens_of(pulse_round)[:count]:
        services.pulse_response_submit(token=token, answers=answers_for(pulse_round), today=timezone.localdate())


def client_for(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def shown_round(team, leader, member):
    """A round of the member's team with five answers: its figures show. And an action its leader recorded."""
    staff(team, 11)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    answered(pulse_round, 5)
    services.pulse_action_add(pulse_round=pulse_round, by=leader.user, text=ACTION, theme="listen")
    return pulse_round


def test_a_member_sees_their_teams_results_and_what_their_leader_did(member_client, team, shown_round):
    shown = page(member_client)

    assert team.name in shown and "Score by theme" in shown and SCORE_7_5 in shown
    assert "These results rest on 5 answers." in shown
    assert ACTION in shown and "Planned" in shown and "Lee Leader" in shown


def test_a_round_whose_figures_do_not_show_is_not_there(member_client, team, leader, member):
    staff(team, 11)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    answered(pulse_round, 4)

    shown = page(member_client)

    assert "Score by theme" not in shown
    assert "No results to show yet" in shown


def test_a_team_link_round_shows_nothing_to_its_members_either(member_client, team, leader, member):
    staff(team, 11)
    opened = open_round(team, leader.user, opens_on=timezone.localdate(), invite=InviteMethod.LINK)
    for _ in range(6):
        services.pulse_response_submit(
            token=opened.team_link_token, answers=answers_for(opened.round), today=timezone.localdate()
        )

    assert "Score by theme" not in page(member_client)


# Attacks: nobody outside the team reads its results or its actions.


def test_a_member_of_another_team_in_the_organisation_gets_nothing(organisation, team, shown_round):
    elsewhere = person_in(organisation, team=TeamFactory(organisation=organisation, name="Ward 9"), role=Role.MEMBER)

    shown = page(client_for(elsewhere))

    assert team.name not in shown and SCORE_7_5 not in shown and ACTION not in shown


def test_a_member_of_another_organisation_gets_nothing(other_organisation, other_team, team, shown_round):
    stranger = person_in(other_organisation, team=other_team, role=Role.MEMBER)

    shown = page(client_for(stranger))

    assert team.name not in shown and SCORE_7_5 not in shown and ACTION not in shown


def test_a_member_who_has_left_the_team_no_longer_sees_it(member, member_client, team, shown_round):
    member.team_memberships.filter(team=team).delete()

    assert member_client.get(URL).status_code == 403  # no team left: not a member of anything


def test_leaders_facilitators_and_admins_who_are_in_no_team_as_members_are_refused(
    leader_client, facilitator_client, org_admin_client, shown_round
):
    for client in (leader_client, facilitator_client, org_admin_client):
        assert client.get(URL).status_code == 403


def test_an_action_names_its_owner_and_due_date_for_the_team(member_client, leader_client, shown_round):
    url = reverse("listen:action_add", args=[shown_round.pk])
    data = {"text": "Fix the rota software", "owner": "Sam, ward manager", "due_on": "2026-12-20", "theme": ""}

    assert leader_client.post(url, data).status_code == 302

    assert "Fix the rota software" in page(member_client)
    assert "Owner: Sam, ward manager. Due 20 December 2026." in page(member_client)


def test_a_bad_due_date_or_owner_answers_422_and_records_nothing(leader_client, shown_round):
    url = reverse("listen:action_add", args=[shown_round.pk])
    before = shown_round.actions.count()
    for bad in ({"due_on": "2026-02-31"}, {"owner": "x" * 101}, {"owner": "Sam\x07"}):
        response = leader_client.post(url, {"text": "Fix the rota software", "theme": "", **bad})
        assert response.status_code == 422 and "nhsuk-error-summary" in response.content.decode()
    assert shown_round.actions.count() == before


def test_the_leader_updates_an_actions_owner_due_date_and_progress(member_client, leader_client, shown_round):
    action = shown_round.actions.get()
    data = {"text": action.text, "owner": "Estates", "due_on": "2027-01-05", "status": "underway"}

    assert leader_client.post(reverse("listen:action_edit", args=[action.pk]), data).status_code == 302

    assert "Under way. Owner: Estates. Due 5 January 2027." in page(member_client)


def test_the_service_holds_who_is_doing_it_to_the_text_rules(leader, shown_round):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Who is doing it"):
        services.pulse_action_add(pulse_round=shown_round, by=leader.user, text="Rota", owner="Sam\x00")
