"""Where a new organisation's admin (or a leader) stops, the page says what to do next."""

import pytest
from django.urls import reverse

from attend.core.tests.pages import page
from attend.organisations.models import Role
from attend.organisations.tests.factories import TeamFactory, person_in

pytestmark = pytest.mark.django_db


def main(response) -> str:
    return page(response).one("main").text


def links(response) -> dict[str, str]:
    return {link.text: link.get("href") for link in page(response).one("main").select("a")}


def follow(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response.url)


def test_a_saved_team_opens_its_page_with_what_it_still_needs(org_admin_client, organisation, org_admin):
    response = follow(org_admin_client, org_admin_client.post(reverse("organisations:team_add"), {"name": "Ward 3"}))

    team = organisation.teams.get(name="Ward 3")
    text = main(response)
    assert "Ward 3 has been added" in text
    assert "Give Ward 3 a leader" in text
    assert "Add the people in Ward 3" in text
    found = links(response)
    leader_form = org_admin_client.get(found["Invite the leader of Ward 3"])
    [chosen] = [
        option for option in page(leader_form).one("select", name="team").select("option") if option.has("selected")
    ]
    assert chosen.get("value") == str(team.pk)
    assert page(leader_form).one("input", name="team_role", value=Role.LEADER).has("checked")
    assert found["import the whole team from a CSV file"] == reverse("organisations:people_import")


def test_a_team_with_a_leader_and_people_is_ready(org_admin_client, organisation, team, leader, member):
    text = main(org_admin_client.get(reverse("organisations:team", args=[team.pk])))

    assert "Ward 7 is ready" in text
    assert "Give Ward 7 a leader" not in text
    assert "Lee Leader" in text


def test_after_an_import_people_says_the_next_step_is_roles(org_admin_client, organisation, import_people):
    import_people("Nia New,nia@example.test,Ward 3,member")

    text = main(org_admin_client.get(reverse("organisations:people")))

    assert "Next on your first-day checklist" in text
    assert "Give leader and facilitator roles. Open a person's page below" in text


def test_after_an_import_the_invited_page_it_lands_on_says_the_next_step(org_admin_client, organisation, import_people):
    import_people("Nia New,nia@example.test,Ward 3,member")

    text = main(org_admin_client.get(reverse("organisations:invited")))

    assert "Next on your first-day checklist" in text
    assert "Give leader and facilitator roles" in text


def test_the_next_step_goes_once_the_checklist_is_hidden(org_admin_client, organisation, import_people):
    import_people("Nia New,nia@example.test,Ward 3,member")
    org_admin_client.post(reverse("organisations:first_day_dismiss"))

    assert "Next on your first-day checklist" not in main(org_admin_client.get(reverse("organisations:people")))


def roles_saved(client, membership, data) -> str:
    response = client.post(reverse("organisations:person_roles", args=[membership.pk]), data)
    return main(follow(client, response))


def test_making_someone_a_leader_says_what_they_can_now_do(org_admin_client, organisation, team, member):
    text = roles_saved(org_admin_client, member, {f"team_{team.pk}": Role.LEADER})

    assert "Mo Member's roles have been saved. Mo can now ask Ward 7 for feedback in Listen" in text


def test_giving_yourself_the_facilitator_role_says_you_can_run_programmes(org_admin_client, org_admin):
    text = roles_saved(org_admin_client, org_admin, {"organisation_roles": [Role.ADMIN, Role.FACILITATOR]})

    assert "Your roles have been saved. You can now set up programmes and cohorts under Programme." in text


def test_programme_tells_an_admin_how_to_give_the_facilitator_role(org_admin_client, org_admin):
    response = org_admin_client.get(reverse("programme:index"))

    assert "When a facilitator adds you" not in main(response)
    found = links(response)
    assert found["Give yourself the facilitator role"] == reverse("organisations:person_roles", args=[org_admin.pk])
    assert found["Give someone else the facilitator role under People"] == reverse("organisations:people")


def test_programme_still_tells_a_facilitator_to_set_up_a_programme(facilitator_client):
    response = facilitator_client.get(reverse("programme:index"))

    assert "Give yourself the facilitator role" not in main(response)


def test_listen_tells_a_leader_with_nobody_in_the_team_why_there_is_no_one_to_ask(leader_client, member):
    assert "no one in Ward 7 yet" not in main(leader_client.get(reverse("listen:index")))

    member.is_active = False
    member.save()
    text = main(leader_client.get(reverse("listen:index")))

    assert "There is no one in Ward 7 yet, so there is nobody to ask for now." in text
    assert "Your organisation admin adds the people in your team." in text


def test_listen_offers_an_admin_who_leads_an_empty_team_the_way_to_add_people(
    org_admin_client, organisation, org_admin
):
    team = TeamFactory(organisation=organisation, name="Ward 9")
    person_in(organisation, role=Role.MEMBER)  # someone elsewhere, not in the team
    org_admin.team_memberships.create(team=team, role=Role.LEADER)

    found = links(org_admin_client.get(reverse("listen:index")))

    assert found["Add the people in Ward 9"] == reverse("organisations:team", args=[team.pk])


def test_another_organisations_team_page_is_not_there(org_admin_client, other_team):
    response = org_admin_client.get(reverse("organisations:team", args=[other_team.pk]))

    assert response.status_code == 404
    assert "Beech House" not in main(response)


def test_the_invitation_form_will_not_choose_another_organisations_team(org_admin_client, other_team):
    response = org_admin_client.get(f"{reverse('organisations:person_invite')}?team={other_team.pk}&team_role=leader")

    assert response.status_code == 200
    options = page(response).one("select", name="team").select("option")
    assert str(other_team.pk) not in {option.get("value") for option in options}
    assert "Beech House" not in main(response)
