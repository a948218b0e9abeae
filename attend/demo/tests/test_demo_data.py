"""`manage.py demo_data`: two invented organisations to explore Attend with, and never in production."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from attend.accounts.models import User
from attend.organisations.models import Membership, Organisation, Role, Team, TeamMembership

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "attend-demo"
NORTHFIELD_SIGN_INS = [
    "admin@northfield.example",
    "leader@northfield.example",
    "member@northfield.example",
    "facilitator@northfield.example",
    "ward@northfield.example",
]


def load_demo() -> str:
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def table_sizes() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (User, Organisation, Team, Membership, TeamMembership)}


@pytest.fixture
def demo(db):
    return load_demo()


def membership(email: str) -> Membership:
    return Membership.objects.select_related("organisation").get(user__email=email)


class TestNorthfield:
    def test_it_has_exactly_forty_people(self, demo):
        northfield = Organisation.objects.get(name="Northfield Community Health")

        assert northfield.memberships.active().count() == 40
        assert User.objects.filter(memberships__organisation=northfield, is_active=True).count() == 40
        assert "Loaded Northfield Community Health (40 people)" in demo

    @pytest.mark.parametrize("email", NORTHFIELD_SIGN_INS)
    def test_each_demo_sign_in_works_with_the_demo_password(self, demo, email):
        user = authenticate(email=email, password=DEMO_PASSWORD)

        assert user is not None
        assert membership(email).organisation.name == "Northfield Community Health"

    def test_the_demo_sign_ins_hold_the_roles_they_are_named_for(self, demo):
        assert membership("admin@northfield.example").has_role(Role.ADMIN)
        assert membership("facilitator@northfield.example").has_role(Role.FACILITATOR)
        assert membership("member@northfield.example").roles == {Role.MEMBER}
        for email in ("leader@northfield.example", "member@northfield.example", "facilitator@northfield.example"):
            assert not membership(email).has_role(Role.ADMIN)

    def test_the_leader_leads_a_team_of_twelve_others(self, demo):
        leader = membership("leader@northfield.example")

        (team,) = leader.teams_led()

        assert team.name == "District Nursing North"
        others = team.team_memberships.filter(membership__is_active=True).exclude(membership=leader)
        assert others.count() == 12
        assert others.filter(membership__user__email="member@northfield.example").exists()

    def test_teams_sit_inside_larger_teams(self, demo):
        northfield = Organisation.objects.get(slug="northfield")

        nursing = northfield.teams.get(name="District Nursing North")

        assert nursing.path == "Adult Community Services › District Nursing North"

    def test_every_invented_person_can_sign_in(self, demo):
        northfield = Organisation.objects.get(slug="northfield")
        people = User.objects.filter(memberships__organisation=northfield).exclude(email__in=NORTHFIELD_SIGN_INS)

        assert people.count() == 35
        assert all(email.endswith("@northfield.example") for email in people.values_list("email", flat=True))
        assert authenticate(email=people.first().email, password=DEMO_PASSWORD) is not None


class TestRiverside:
    def test_riverside_is_led_and_run_by_its_leader(self, demo):
        leader = membership("leader@riverside.example")

        assert leader.organisation.name == "Riverside Care Homes"
        assert leader.has_role(Role.LEADER)
        assert leader.has_role(Role.ADMIN)
        assert [team.name for team in leader.teams_led()] == ["Willow House"]
        assert authenticate(email="leader@riverside.example", password=DEMO_PASSWORD) is not None

    def test_only_the_nhs_organisation_wears_the_nhs_logo(self, demo):
        # A care-home provider is not part of the NHS: NHS identity guidelines keep the logo for the NHS.
        assert Organisation.objects.get(slug="northfield").is_nhs
        assert not Organisation.objects.get(slug="riverside").is_nhs

    def test_the_two_organisations_share_nobody(self, demo):
        northfield = set(Organisation.objects.get(slug="northfield").memberships.values_list("user_id", flat=True))
        riverside = set(Organisation.objects.get(slug="riverside").memberships.values_list("user_id", flat=True))

        assert riverside
        assert northfield.isdisjoint(riverside)


class TestRunningAgain:
    def test_a_second_run_adds_nothing(self, demo):
        before = table_sizes()

        output = load_demo()

        assert table_sizes() == before
        assert "already loaded" in output


class TestRefusal:
    def test_it_is_refused_where_demo_data_is_not_allowed(self, db, settings):
        settings.ALLOW_DEMO_DATA = False
        before = table_sizes()

        with pytest.raises(CommandError, match="refused"):
            load_demo()

        assert table_sizes() == before
        assert not Organisation.objects.filter(slug__in=["northfield", "riverside"]).exists()
        assert not User.objects.filter(email__endswith=".example").exists()
