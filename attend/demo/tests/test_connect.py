import pytest
from django.urls import reverse

from attend.accounts.models import User
from attend.connect.models import Conversation, Pairing
from attend.demo import connect as demo
from attend.demo import organisations as organisations_demo
from attend.organisations.models import Role, TeamMembership

pytestmark = pytest.mark.django_db


def test_every_demo_leader_is_paired_with_their_team_before_anyone_opens_connect():
    organisations_demo.load()

    for place in TeamMembership.objects.filter(role=Role.MEMBER).select_related("team", "membership"):
        leaders = place.team.team_memberships.filter(role=Role.LEADER).values_list("membership__user", flat=True)
        for leader in leaders:
            assert Pairing.objects.filter(leader=leader, person=place.membership.user).exists()


def test_the_demo_leader_has_conversations_and_loading_again_changes_nothing():
    organisations_demo.load()
    leader = User.objects.get(email=demo.DEMO_LEADER)

    assert demo.load().startswith("Loaded")
    held = Conversation.objects.filter(pairing__leader=leader).count()
    assert held > 0
    assert demo.load() == "Demo conversations are already loaded."
    assert Conversation.objects.filter(pairing__leader=leader).count() == held


def test_the_demo_leader_sees_an_overdue_action_on_a_row_and_on_the_pairing(client):
    organisations_demo.load()
    demo.load()
    leader = User.objects.get(email=demo.DEMO_LEADER)
    client.force_login(leader)

    assert "1 action overdue" in client.get(reverse("connect:index")).content.decode()
    pairing = Pairing.objects.get(leader=leader, person__email=demo.DEMO_MEMBER)
    assert "Overdue" in client.get(reverse("connect:pairing", args=[pairing.pk])).content.decode()


def test_the_demo_admin_sees_last_quarters_counts_by_team_and_no_names(client):
    organisations_demo.load()
    demo.load()
    client.force_login(User.objects.get(email="admin@northfield.example"))

    page = client.get(reverse("connect:organisation_figures")).content.decode()

    assert "data-team=" in page
    leader = User.objects.get(email=demo.DEMO_LEADER)
    for pairing in Pairing.objects.filter(leader=leader).select_related("person"):
        assert pairing.person.name not in page
