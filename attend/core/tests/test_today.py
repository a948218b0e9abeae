"""Today: the first page after sign-in, with a panel for each thing a person's roles give them."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attend.accounts.tests.factories import UserFactory
from attend.core.presenters import greeting_for
from attend.core.tests.pages import main_heading, page
from attend.organisations.models import Role
from attend.organisations.tests.factories import MembershipFactory, TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY_URL = "/"


MODULE_PATHS = ("/reflect/", "/practice/", "/connect/")


def panels(response) -> list[tuple[str, str, str]]:
    """Each of core's cards on Today as (heading, description, link). Modules test their own panels."""
    result = []
    for card in page(response).select(cls="nhsuk-card"):
        link = card.one("a", cls="nhsuk-card__link")
        if not link.get("href").startswith(MODULE_PATHS):
            result.append((link.text, card.one(cls="nhsuk-card__description").text, link.get("href")))
    return result


def navigation(response) -> list[str]:
    return [link.text for link in page(response).select("a", cls="nhsuk-header__navigation-link")]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestSignIn:
    def test_today_needs_sign_in(self, client):
        response = client.get(TODAY_URL)

        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:sign_in')}?next=/"


class TestGreeting:
    @pytest.mark.parametrize(
        ("hour", "greeting"),
        [
            (6, "Good morning"),
            (11, "Good morning"),
            (12, "Good afternoon"),
            (17, "Good afternoon"),
            (18, "Good evening"),
        ],
    )
    def test_it_greets_by_first_name_for_the_time_of_day(self, member_client, hour, greeting):
        with time_machine.travel(datetime.datetime(2026, 3, 2, hour, 30, tzinfo=LONDON), tick=False):
            response = member_client.get(TODAY_URL)

        assert response.status_code == 200
        assert main_heading(response) == f"{greeting}, Mo"

    def test_the_time_of_day_is_the_persons_own(self, member, member_client):
        member.user.time_zone = "Asia/Tokyo"
        member.user.save()

        # 09:30 in London is 18:30 in Tokyo.
        with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 30, tzinfo=LONDON), tick=False):
            response = member_client.get(TODAY_URL)

        assert main_heading(response) == "Good evening, Mo"

    @pytest.mark.parametrize(("hour", "greeting"), [(0, "Good morning"), (23, "Good evening")])
    def test_the_greeting_covers_the_whole_day(self, hour, greeting):
        assert greeting_for(hour) == greeting


class TestPanels:
    def test_a_leader_sees_their_team(self, leader, leader_client, member, team):
        response = leader_client.get(TODAY_URL)

        assert panels(response) == [
            ("Your team: Ward 7", "2 people, including you.", reverse("organisations:my_team", args=[team.pk]))
        ]

    def test_the_team_size_counts_only_active_people(self, leader, leader_client, member):
        member.is_active = False
        member.save()

        (heading, description, _), *_ = panels(leader_client.get(TODAY_URL))

        assert description == "1 person, including you."

    def test_a_leader_of_two_teams_sees_both(self, leader, leader_client, organisation):
        second = TeamFactory(organisation=organisation, name="Ward 9")
        TeamMembershipFactory(team=second, membership=leader, role=Role.LEADER)

        headings = [heading for heading, _, _ in panels(leader_client.get(TODAY_URL))]

        assert sorted(headings) == ["Your team: Ward 7", "Your team: Ward 9"]

    def test_the_team_panels_read_the_same_number_of_queries_however_many_teams_are_led(
        self, leader, leader_client, organisation
    ):
        leader_client.get(TODAY_URL)
        with CaptureQueriesContext(connection) as one_team:
            leader_client.get(TODAY_URL)
        for name in ("Ward 8", "Ward 9", "Ward 10"):
            team = TeamFactory(organisation=organisation, name=name)
            TeamMembershipFactory(team=team, membership=leader, role=Role.LEADER)
            TeamMembershipFactory(team=team, role=Role.MEMBER, membership__organisation=organisation)

        with CaptureQueriesContext(connection) as four_teams:
            response = leader_client.get(TODAY_URL)

        assert ("Your team: Ward 10", "2 people, including you.") in [(h, d) for h, d, _ in panels(response)]
        assert len(four_teams) == len(one_team)

    def test_a_team_member_sees_no_team_panel(self, member, member_client, leader):
        response = member_client.get(TODAY_URL)

        assert panels(response) == []

    def test_an_admin_sees_their_organisation(self, org_admin, org_admin_client, member, team):
        response = org_admin_client.get(TODAY_URL)

        assert panels(response) == [
            (
                "Run Northgate Community Care",
                "2 people in 1 team. Teams, people, roles and choices for everyone.",
                reverse("organisations:home"),
            )
        ]

    def test_an_admin_panel_counts_only_active_people_and_speaks_plainly(self, org_admin, org_admin_client, member):
        member.is_active = False
        member.save()

        (_, description, _), *_ = panels(org_admin_client.get(TODAY_URL))

        assert description.startswith("1 person in 1 team.")

    def test_an_admin_of_a_new_organisation_reads_no_count_of_zero_teams(self, org_admin_client):
        (_, description, _), *_ = panels(org_admin_client.get(TODAY_URL))

        assert description.startswith("1 person and no teams yet.")

    def test_a_leader_who_is_also_an_admin_sees_both_panels(self, leader, leader_client):
        leader.is_admin = True
        leader.save()

        headings = [heading for heading, _, _ in panels(leader_client.get(TODAY_URL))]

        assert headings == ["Your team: Ward 7", "Run Northgate Community Care"]

    def test_a_leader_elsewhere_sees_only_their_own_organisations_team(self, leader, other_leader_client):
        headings = [heading for heading, _, _ in panels(other_leader_client.get(TODAY_URL))]

        assert headings == ["Your team: Beech House"]

    def test_a_person_in_no_organisation_is_told_so_and_sees_nothing_else(self, db):
        user = UserFactory(name="Nia Nowhere")

        response = signed_in(user).get(TODAY_URL)

        assert response.status_code == 200
        assert main_heading(response).endswith(", Nia")
        assert panels(response) == []
        assert "You are not part of an organisation in Attend yet." in page(response).one("main").text
        # A private journal and diary need no organisation.
        assert navigation(response) == ["Today", "Practice", "Reflect", "Diary"]

    def test_a_person_whose_only_place_has_ended_is_in_no_organisation(self, leader, leader_client):
        leader.is_active = False
        leader.save()

        response = leader_client.get(TODAY_URL)

        assert response.status_code == 200
        assert panels(response) == []
        assert "You are not part of an organisation in Attend yet." in page(response).one("main").text


class TestLayout:
    def test_each_role_is_offered_the_modules_it_uses(self, org_admin_client, member_client, leader_client):
        everyone = ["Today", "Practice", "Reflect", "Diary", "Connect"]
        assert navigation(org_admin_client.get(TODAY_URL)) == [*everyone, "Listen", "Programme", "Organisation"]
        assert navigation(member_client.get(TODAY_URL)) == everyone
        assert navigation(leader_client.get(TODAY_URL)) == [*everyone, "Listen"]

    def test_the_header_names_the_person_and_offers_sign_out(self, member_client):
        html = page(member_client.get(TODAY_URL))

        header = html.one("header")
        assert header.one("a", href=reverse("accounts:account")).text == "Mo Member"
        sign_out = header.one("form", action=reverse("accounts:sign_out"))
        assert sign_out.get("method") == "post"
        assert sign_out.one("input", name="csrfmiddlewaretoken").get("value")

    def test_someone_in_two_organisations_can_change_between_them(self, member, member_client, other_organisation):
        MembershipFactory(organisation=other_organisation, user=member.user)

        response = member_client.get(TODAY_URL)

        switcher = page(response).one(cls="app-organisation-switcher")
        assert "Working in Northgate Community Care" in switcher.text
        assert switcher.one("a").get("href") == reverse("organisations:switch")

    def test_someone_in_one_organisation_is_not_offered_a_change(self, member_client):
        assert not page(member_client.get(TODAY_URL)).select(cls="app-organisation-switcher")


class TestStartNow:
    """Issue 18: the three-minute practice is one press from Today, and the first thing the keyboard reaches."""

    FOCUSABLE = ("a", "button", "input", "select", "textarea", "summary")

    def first_focusable_in_main(self, response):
        main = page(response).one("main")
        return next(element for element in main.elements() if element.tag in self.FOCUSABLE)

    def test_the_first_thing_in_the_page_starts_the_breathing_space(self, member_client):
        first = self.first_focusable_in_main(member_client.get(TODAY_URL))

        assert first.text == "Start a three-minute breathing space"
        assert first.get("href") == "/practice/breathing-space/#player-start"

    def test_it_comes_before_the_first_day_checklist_and_the_cards(self, org_admin_client):
        first = self.first_focusable_in_main(org_admin_client.get(TODAY_URL))

        assert first.text == "Start a three-minute breathing space"

    def test_someone_in_no_organisation_is_not_offered_it(self, db):
        response = signed_in(UserFactory()).get(TODAY_URL)

        assert "Start a three-minute breathing space" not in page(response).one("main").text
