"""The first-day checklist: each step read from the organisation's own data, one query, hidden once per organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attend.core.models import AuditEvent
from attend.core.tests.pages import page
from attend.listen.services import listen_settings_update
from attend.nudges.rules import DEFAULT_EMAILS_PER_DAY, DEFAULT_EMAILS_PER_WEEK
from attend.nudges.services import email_budget_set
from attend.organisations import services
from attend.organisations.checklist import DONE, NOT_STARTED, STARTED, STEPS, first_day_checklist
from attend.organisations.models import Role
from attend.organisations.tests.factories import TeamFactory, person_in

pytestmark = pytest.mark.django_db

TEAMS, PEOPLE, ROLES, LISTEN, EMAILS = (step.title for step in STEPS)


def states(organisation) -> dict[str, str]:
    return {item.title: item.state for item in first_day_checklist(organisation).items}


def choose_listen_thresholds(organisation, by):
    listen_settings_update(organisation=organisation, by=by.user, figure_threshold=5, comment_threshold=10)


def choose_email_budget(organisation, by):
    email_budget_set(
        organisation=organisation, by=by.user, per_day=DEFAULT_EMAILS_PER_DAY, per_week=DEFAULT_EMAILS_PER_WEEK
    )


def finish_every_step(organisation, org_admin):
    team = TeamFactory(organisation=organisation)
    person_in(organisation, team=team, role=Role.LEADER)
    org_admin.is_facilitator = True
    org_admin.save()
    choose_listen_thresholds(organisation, org_admin)
    choose_email_budget(organisation, org_admin)


def test_a_new_organisation_has_every_step_still_to_do(organisation, org_admin):
    checklist = first_day_checklist(organisation)

    assert [item.state for item in checklist.items] == [NOT_STARTED] * len(STEPS)
    assert checklist.shown
    assert [item.href for item in checklist.items] == [
        reverse("organisations:teams"),
        reverse("organisations:people"),
        reverse("organisations:people"),
        reverse("listen:settings"),
        reverse("nudges:organisation_budget"),
    ]


@pytest.mark.parametrize(
    ("do", "step"),
    [
        (lambda organisation, admin: TeamFactory(organisation=organisation), TEAMS),
        (lambda organisation, admin: person_in(organisation), PEOPLE),
        (choose_listen_thresholds, LISTEN),
        (choose_email_budget, EMAILS),
    ],
    ids=["a team", "a person invited", "listen thresholds saved", "email budget saved"],
)
def test_each_step_is_done_by_doing_it_and_by_nothing_else(organisation, org_admin, do, step):
    do(organisation, org_admin)

    assert {title for title, state in states(organisation).items() if state == DONE} == {step}


def test_saving_the_default_thresholds_unchanged_is_a_choice_made(organisation, org_admin):
    # The form's defaults, saved as they are: no audit record (nothing changed) but the step is done.
    choose_listen_thresholds(organisation, org_admin)

    assert states(organisation)[LISTEN] == DONE


def test_roles_are_in_progress_with_a_leader_or_a_facilitator_and_done_with_both(organisation, org_admin, team):
    leader = person_in(organisation, team=team, role=Role.LEADER)
    assert states(organisation)[ROLES] == STARTED

    person_in(organisation, role=Role.FACILITATOR)
    assert states(organisation)[ROLES] == DONE

    leader.is_active = False
    leader.save()
    assert states(organisation)[ROLES] == STARTED


def test_the_admins_own_place_is_not_someone_invited(organisation, org_admin):
    person_in(organisation, role=Role.ADMIN)

    assert states(organisation)[PEOPLE] == NOT_STARTED


def test_someone_invited_who_has_not_yet_accepted_counts_as_invited_and_holds_no_role(organisation, org_admin, team):
    # Nobody joins until they accept (ADR 0020): the admin's step is done when they have invited someone.
    services.person_invite(
        organisation=organisation,
        name="Noor Patel",
        email="noor.patel@elsewhere.example",
        roles={Role.LEADER},
        team=team,
        by=org_admin.user,
        base_url="https://attend.example",
    )

    assert states(organisation)[PEOPLE] == DONE
    assert states(organisation)[ROLES] == NOT_STARTED


def test_another_organisations_setup_counts_for_nothing_here(organisation, org_admin, other_organisation):
    other_admin = person_in(other_organisation, role=Role.ADMIN)
    finish_every_step(other_organisation, other_admin)

    assert first_day_checklist(other_organisation).is_done
    assert set(states(organisation).values()) == {NOT_STARTED}


def test_it_is_gone_once_every_step_is_done(organisation, org_admin):
    finish_every_step(organisation, org_admin)

    checklist = first_day_checklist(organisation)
    assert checklist.is_done
    assert not checklist.shown


def test_its_state_is_one_query_however_large_the_organisation(organisation, org_admin, django_assert_num_queries):
    with django_assert_num_queries(1):
        first_day_checklist(organisation)

    finish_every_step(organisation, org_admin)
    for index in range(30):
        team = TeamFactory(organisation=organisation)
        person_in(organisation, team=team, role=Role.LEADER if index % 2 else Role.MEMBER)
    with django_assert_num_queries(1):
        first_day_checklist(organisation)


# Hiding it


def test_hiding_it_hides_it_for_the_whole_organisation_and_is_audited_once(organisation, org_admin):
    second_admin = person_in(organisation, role=Role.ADMIN)

    services.first_day_checklist_dismiss(organisation=organisation, by=org_admin.user)
    services.first_day_checklist_dismiss(organisation=organisation, by=second_admin.user)

    assert not first_day_checklist(organisation).shown
    [event] = organisation.audit_events.filter(action=AuditEvent.Action.FIRST_DAY_CHECKLIST_DISMISSED)
    assert event.actor == org_admin.user


def test_hiding_it_in_one_organisation_leaves_another_alone(organisation, org_admin, other_organisation):
    services.first_day_checklist_dismiss(organisation=organisation, by=org_admin.user)

    assert first_day_checklist(other_organisation).shown


@pytest.mark.parametrize("elsewhere", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_hiding_it_returns_only_to_attends_own_pages(org_admin_client, elsewhere):
    response = org_admin_client.post(reverse("organisations:first_day_dismiss"), {"from": elsewhere})

    assert response.url == reverse("organisations:home")


# On the pages


def checklist_on(response):
    found = page(response).select(cls="nhsuk-task-list")
    return found[0] if found else None


def task_statuses(response) -> dict[str, str]:
    return {
        item.one(cls="nhsuk-task-list__link").text: item.one(cls="nhsuk-task-list__status").text
        for item in checklist_on(response).select("li", cls="nhsuk-task-list__item")
    }


@pytest.mark.parametrize("url", ["/", "/organisation/"])
def test_an_admin_sees_it_on_today_and_the_organisation_page_with_each_steps_state(
    org_admin_client, organisation, org_admin, team, url
):
    person_in(organisation, team=team, role=Role.LEADER)

    statuses = task_statuses(org_admin_client.get(url))

    assert statuses == {
        TEAMS: "Completed",
        PEOPLE: "Completed",
        ROLES: "In progress",
        LISTEN: "Not started",
        EMAILS: "Not started",
    }


def test_no_one_but_an_admin_sees_it(leader_client, member_client, facilitator_client):
    for client in (leader_client, member_client, facilitator_client):
        assert checklist_on(client.get("/")) is None


def test_an_admin_hides_it_from_today_with_one_button(org_admin_client, organisation):
    form = page(org_admin_client.get("/")).one("form", action=reverse("organisations:first_day_dismiss"))
    fields = {field.get("name"): field.get("value") for field in form.select("input")}

    response = org_admin_client.post(reverse("organisations:first_day_dismiss"), fields)

    assert response.status_code == 302
    assert response.url == reverse("core:today")
    assert checklist_on(org_admin_client.get("/")) is None
    assert checklist_on(org_admin_client.get(reverse("organisations:home"))) is None


def test_today_asks_no_more_queries_as_the_organisation_grows(org_admin_client, organisation):
    def queries_for_today() -> int:
        with CaptureQueriesContext(connection) as captured:
            org_admin_client.get("/")
        return len(captured)

    queries_for_today()  # a session's first page of the day also records where the person is signed in
    before = queries_for_today()
    for _ in range(30):
        person_in(organisation, team=TeamFactory(organisation=organisation), role=Role.LEADER)

    assert queries_for_today() == before
