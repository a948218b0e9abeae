"""How many people had a conversation last quarter, per team, for the organisation admin: as counts only, and
never so that one person's 1:1s can be read off (docs/adr/0023). The attacks come first: each was seen failing
before the defence was built.

The threshold is the organisation's Listen figure threshold (5 by default).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attend.connect import quarters, services
from attend.connect.models import Conversation, Pairing, QuarterFigure
from attend.listen.models import ListenSettings
from attend.organisations.models import Role, TeamMembership
from attend.organisations.tests.factories import TeamFactory, person_in

pytestmark = pytest.mark.django_db

# 2026-10-01 to 2026-12-31 is the quarter under way on the job's clock; July to September is the last whole one.
NOW = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)
IN_LAST_QUARTER = datetime.datetime(2026, 8, 12, 9, 0, tzinfo=datetime.UTC)
THIS_QUARTER = datetime.datetime(2026, 10, 20, 9, 0, tzinfo=datetime.UTC)


def team_of(organisation, size: int, *, name: str):
    team = TeamFactory(organisation=organisation, name=name)
    leader = person_in(organisation, team=team, role=Role.LEADER, name=f"{name} leader")
    people = [person_in(organisation, team=team, role=Role.MEMBER, name=f"{name} person {n}") for n in range(size)]
    services.pairings_ensure(membership=leader)
    return team, leader, people


def talked(leader, person, *, when=IN_LAST_QUARTER, status=Conversation.Status.HELD):
    pairing = Pairing.objects.get(leader=leader.user, person=person.user)
    return pairing.conversations.create(kind="one_to_one", starts_at=when, status=status)


def figure_text(client, team) -> str:
    """The admin page's line for the team: everything it says about it."""
    page = client.get(reverse("connect:organisation_figures")).content.decode()
    marker = f'data-team="{team.pk}"'
    assert marker in page, "the team is listed"
    start = page.index(marker)
    return page[start : page.index("</tr>", start)]


# The attacks


def test_a_leader_of_one_person_cannot_learn_whether_that_person_had_a_conversation(org_admin_client, organisation):
    team, leader, (person,) = team_of(organisation, 1, name="Solo")
    services.quarter_figures_job(now=NOW)
    without = figure_text(org_admin_client, team)

    QuarterFigure.objects.all().delete()
    talked(leader, person)
    services.quarter_figures_job(now=NOW)

    assert figure_text(org_admin_client, team) == without
    assert "Fewer than 5 people" in without


def test_a_team_of_six_where_one_leaves_cannot_be_compared_before_and_after(org_admin_client, organisation):
    team, leader, people = team_of(organisation, 6, name="Six")
    for person in people[:5]:
        talked(leader, person)
    services.quarter_figures_job(now=NOW)
    before = figure_text(org_admin_client, team)

    TeamMembership.objects.filter(team=team, membership=people[0]).delete()
    services.quarter_figures_job(now=NOW)
    services.quarter_figures_job(now=NOW + datetime.timedelta(days=1))

    assert figure_text(org_admin_client, team) == before


def test_a_team_where_everyone_or_almost_everyone_talked_does_not_say_so_exactly(org_admin_client, organisation):
    team, leader, people = team_of(organisation, 12, name="Twelve")
    for person in people[:11]:
        talked(leader, person)
    services.quarter_figures_job(now=NOW)

    line = figure_text(org_admin_client, team)

    assert "11 of 12" not in line and "All but fewer than 5" in line


def test_a_few_people_who_talked_are_shown_as_fewer_than_the_threshold(org_admin_client, organisation):
    team, leader, people = team_of(organisation, 12, name="Few")
    for person in people[:2]:
        talked(leader, person)
    services.quarter_figures_job(now=NOW)

    line = figure_text(org_admin_client, team)

    assert "Fewer than 5" in line and "2 of 12" not in line


def test_someone_in_two_teams_is_counted_once_so_teams_cannot_be_subtracted(org_admin_client, organisation):
    """Team B is team A plus one person: if both counted everyone, B minus A would be that person."""
    team_a, leader_a, people = team_of(organisation, 10, name="A")
    team_b = TeamFactory(organisation=organisation, name="B")
    leader_b = person_in(organisation, team=team_b, role=Role.LEADER, name="B leader")
    for person in people:
        TeamMembership.objects.create(team=team_b, membership=person, role=Role.MEMBER)
    extra = person_in(organisation, team=team_b, role=Role.MEMBER, name="The extra person")
    services.pairings_ensure(membership=leader_b)
    for person in people[:5]:
        talked(leader_a, person)
    talked(leader_b, extra)

    services.quarter_figures_job(now=NOW)

    figures = {figure.team_id: figure for figure in QuarterFigure.objects.all()}
    assert figures[team_a.pk].people + figures[team_b.pk].people == 11
    assert figures[team_b.pk].people == 1
    assert "Fewer than 5 people" in figure_text(org_admin_client, team_b)


def test_only_whole_quarters_are_counted_so_no_two_windows_overlap(org_admin_client, organisation):
    team, leader, people = team_of(organisation, 12, name="Windows")
    for person in people[:6]:
        talked(leader, person)
    talked(leader, people[6], when=THIS_QUARTER)
    services.quarter_figures_job(now=NOW)

    assert "6 of 12" in figure_text(org_admin_client, team)
    (figure,) = QuarterFigure.objects.all()
    assert figure.quarter_start == datetime.date(2026, 7, 1)


def test_a_planned_or_cancelled_conversation_is_not_a_conversation_had(organisation):
    team, leader, people = team_of(organisation, 12, name="Planned")
    talked(leader, people[0], status=Conversation.Status.PLANNED)
    talked(leader, people[1], status=Conversation.Status.CANCELLED)
    services.quarter_figures_job(now=NOW)

    assert QuarterFigure.objects.get(team=team).talked == 0


def test_the_page_shows_counts_only_and_only_to_this_organisations_admins(
    org_admin_client, leader_client, other_leader, organisation, client
):
    team, leader, people = team_of(organisation, 12, name="Counts")
    for person in people[:7]:
        talked(leader, person)
    services.quarter_figures_job(now=NOW)

    page = org_admin_client.get(reverse("connect:organisation_figures")).content.decode()
    assert "7 of 12" in page
    assert all(person.user.name not in page for person in people)
    assert leader_client.get(reverse("connect:organisation_figures")).status_code == 403
    client.force_login(other_leader.user)
    assert "7 of 12" not in client.get(reverse("connect:organisation_figures")).content.decode()


def test_a_higher_organisation_threshold_is_used(org_admin_client, organisation):
    ListenSettings.objects.create(organisation=organisation, figure_threshold=8, comment_threshold=10)
    team, leader, people = team_of(organisation, 20, name="Raised")
    for person in people[:7]:
        talked(leader, person)
    services.quarter_figures_job(now=NOW)

    assert "Fewer than 8" in figure_text(org_admin_client, team)


# The rule itself


@pytest.mark.parametrize(
    ("people", "had", "shown"),
    [
        (0, 0, "Fewer than 5 people in the team"),
        (4, 4, "Fewer than 5 people in the team"),
        (5, 0, "Fewer than 5"),
        (5, 5, "All but fewer than 5 of 5"),
        (6, 4, "Fewer than 5"),
        (6, 5, "All but fewer than 5 of 6"),
        (10, 5, "5 of 10"),
        (10, 6, "All but fewer than 5 of 10"),
        (40, 17, "17 of 40"),
    ],
)
def test_what_a_figure_says(people, had, shown):
    assert quarters.figure_words(people=people, talked=had, threshold=5) == shown


def test_quarters_are_calendar_quarters():
    assert quarters.last_whole_quarter(datetime.date(2026, 11, 20)) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 10, 1),
    )
    assert quarters.last_whole_quarter(datetime.date(2026, 1, 1)) == (
        datetime.date(2025, 10, 1),
        datetime.date(2026, 1, 1),
    )
    assert quarters.last_whole_quarter(datetime.date(2026, 3, 31)) == (
        datetime.date(2025, 10, 1),
        datetime.date(2026, 1, 1),
    )


def test_the_job_and_the_page_take_the_same_number_of_queries_for_2_teams_or_8(org_admin_client, organisation):
    def measure():
        QuarterFigure.objects.all().delete()
        with CaptureQueriesContext(connection) as job:
            services.quarter_figures_job(now=NOW)
        with CaptureQueriesContext(connection) as page:
            org_admin_client.get(reverse("connect:organisation_figures"))
        return len(job), len(page)

    for n in range(2):
        team_of(organisation, 6, name=f"Early {n}")
    few = measure()
    for n in range(6):
        team_of(organisation, 6, name=f"Later {n}")

    assert measure() == few


def test_running_the_job_again_counts_nothing_again(organisation):
    team_of(organisation, 6, name="Once")
    services.quarter_figures_job(now=NOW)

    assert services.quarter_figures_job(now=NOW) == "Connect: counted 0 teams for the quarter from 2026-07-01."
    assert QuarterFigure.objects.count() == 1
