"""Connect's pages over HTTP: what each person may change, and that no one else can, whatever they send."""

import datetime
import zoneinfo

import pytest
import recurring_ical_events
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from attend.connect import services
from attend.connect.models import Action, Conversation, Pairing, PrivateNote, TalkingPoint, WellbeingPlan
from attend.core.models import AuditEvent
from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairing(leader, member) -> Pairing:
    services.pairings_ensure(membership=leader)
    return Pairing.objects.get(leader=leader.user, person=member.user)


@pytest.fixture
def conversation(pairing) -> Conversation:
    return services.conversation_schedule(
        pairing=pairing,
        kind="wellbeing",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        minutes=30,
        place="",
    )


@pytest.fixture
def teammate_client(client, team):
    """Someone else in the same team: a colleague, not part of this pairing."""
    client.force_login(person_in(team.organisation, team=team, role=Role.MEMBER, name="Tam Teammate").user)
    return client


def outsiders(request) -> list:
    return [request.getfixturevalue(name) for name in ("teammate_client", "org_admin_client", "facilitator_client")]


def test_either_person_can_add_a_talking_point_and_it_carries_over(leader_client, member_client, pairing):
    for client, words in ((leader_client, "Training"), (member_client, "Rota")):
        response = client.post(reverse("connect:talking_point_add", args=[pairing.pk]), {"point": words})
        assert response.status_code == 302

    assert sorted(point.content["text"] for point in pairing.talking_points.all()) == ["Rota", "Training"]


def test_an_empty_talking_point_answers_422_with_the_error(member_client, pairing):
    response = member_client.post(reverse("connect:talking_point_add", args=[pairing.pk]), {"point": ""})

    assert response.status_code == 422
    assert not TalkingPoint.objects.exists()


def test_no_one_outside_the_pairing_can_write_to_it(request, pairing, conversation):
    point = services.talking_point_add(pairing=pairing, by=pairing.person, text="Rota")
    action = services.action_add(pairing=pairing, owner=pairing.leader, text="Ask", due_on=None)
    attempts = [
        (reverse("connect:talking_point_add", args=[pairing.pk]), {"point": "Sneaky"}),
        (reverse("connect:action_add", args=[pairing.pk]), {"text": "Sneaky", "owner": str(pairing.person.pk)}),
        (reverse("connect:talking_point_done", args=[point.pk]), {}),
        (reverse("connect:action_done", args=[action.pk]), {}),
        (reverse("connect:conversation_shared", args=[conversation.pk]), {"summary": "Sneaky", "plan": ""}),
        (reverse("connect:conversation_note", args=[conversation.pk]), {"text": "Sneaky"}),
        (reverse("connect:conversation_status", args=[conversation.pk]), {"status": "cancelled"}),
        (reverse("connect:pairing_cadence", args=[pairing.pk]), {"cadence_days": "7"}),
        (reverse("connect:schedule", args=[pairing.pk]), {}),
    ]
    for client in outsiders(request):
        for url, data in attempts:
            assert client.post(url, data).status_code == 404, url

    point.refresh_from_db()
    action.refresh_from_db()
    conversation.refresh_from_db()
    assert point.done_at is None and action.done_at is None
    assert conversation.status == Conversation.Status.PLANNED and conversation.shared == {}
    assert not PrivateNote.objects.exists()
    assert TalkingPoint.objects.count() == 1 and Action.objects.count() == 1


def test_only_the_leader_arranges_conversations_and_sets_how_often(member_client, pairing):
    assert member_client.get(reverse("connect:schedule", args=[pairing.pk])).status_code == 404
    assert (
        member_client.post(reverse("connect:pairing_cadence", args=[pairing.pk]), {"cadence_days": "7"}).status_code
        == 404
    )


def test_the_leader_arranges_a_conversation_in_their_own_time_zone(leader, leader_client, pairing):
    leader.user.time_zone = "America/New_York"
    leader.user.save()
    day = timezone.localdate() + datetime.timedelta(days=10)

    response = leader_client.post(
        reverse("connect:schedule", args=[pairing.pk]),
        {"kind": "one_to_one", "day": day.isoformat(), "at": "09:30", "minutes": "45", "place": "Room 2"},
    )

    conversation = pairing.conversations.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("connect:conversation", args=[conversation.pk])
    local = conversation.starts_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert (local.date(), local.hour, local.minute) == (day, 9, 30)
    assert conversation.minutes == 45 and conversation.place == "Room 2"


def test_a_conversation_in_the_past_cannot_be_arranged(leader_client, pairing):
    response = leader_client.post(
        reverse("connect:schedule", args=[pairing.pk]),
        {"kind": "wellbeing", "day": "2020-01-06", "at": "10:00", "minutes": "30"},
    )

    assert response.status_code == 422
    assert "Choose a date and time in the future" in response.content.decode()
    assert not pairing.conversations.exists()


def test_each_person_keeps_their_own_private_note(leader_client, member_client, conversation):
    url = reverse("connect:conversation_note", args=[conversation.pk])
    leader_client.post(url, {"text": "Seemed tired; check in Friday"})
    member_client.post(url, {"text": "Ask about the course"})

    page = reverse("connect:conversation", args=[conversation.pk])
    assert "Seemed tired" not in member_client.get(page).content.decode()
    assert "Ask about the course" not in leader_client.get(page).content.decode()
    assert "Seemed tired" in leader_client.get(page).content.decode()


def test_only_held_or_cancelled_are_statuses(leader_client, conversation):
    response = leader_client.post(reverse("connect:conversation_status", args=[conversation.pk]), {"status": "deleted"})

    assert response.status_code == 400
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.PLANNED


def test_a_conversation_still_to_come_cannot_be_marked_held(leader_client, conversation):
    response = leader_client.post(reverse("connect:conversation_status", args=[conversation.pk]), {"status": "held"})

    assert response.status_code == 400
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.PLANNED


def test_cancelling_takes_the_arrangement_off_the_persons_today(leader_client, member_client, conversation):
    assert "has arranged a conversation with you" in member_client.get("/").content.decode()

    response = leader_client.post(
        reverse("connect:conversation_status", args=[conversation.pk]), {"status": "cancelled"}
    )

    assert response.status_code == 302
    assert "has arranged a conversation with you" not in member_client.get("/").content.decode()
    again = leader_client.post(reverse("connect:conversation_status", args=[conversation.pk]), {"status": "held"})
    assert again.status_code == 400


def test_a_conversation_that_already_happened_is_recorded_without_telling_anyone(leader_client, member, pairing):
    day = timezone.localdate() - datetime.timedelta(days=3)

    response = leader_client.post(
        reverse("connect:schedule", args=[pairing.pk]),
        {"kind": "one_to_one", "day": day.isoformat(), "at": "11:00", "minutes": "30", "already_held": "on"},
    )

    assert response.status_code == 302
    assert pairing.conversations.get().status == Conversation.Status.HELD
    assert not member.user.notifications.exists()


def test_a_conversation_more_than_a_year_away_is_refused(leader_client, pairing):
    response = leader_client.post(
        reverse("connect:schedule", args=[pairing.pk]),
        {"kind": "wellbeing", "day": "9999-12-31", "at": "23:30", "minutes": "30"},
    )

    assert response.status_code == 422
    assert "Choose a date within a year of today" in response.content.decode()


def test_the_invitation_names_both_people_and_nothing_they_wrote(leader_client, conversation):
    services.conversation_shared_save(conversation=conversation, summary="Talked about the rota", plan="")

    response = leader_client.get(reverse("connect:conversation_ics", args=[conversation.pk]))

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:Health and wellbeing conversation: Lee Leader and Mo Member" in body
    assert f"UID:connect-{conversation.pk}@attend" in body
    assert "rota" not in body


def test_a_person_saves_their_own_plan_and_chooses_what_their_leader_sees(
    member, member_client, leader_client, pairing
):
    review = timezone.localdate() + datetime.timedelta(days=200)
    response = member_client.post(
        reverse("connect:plan"),
        {
            "keeps_me_well": "A proper lunch break",
            "signs": "I go quiet",
            "shared_sections": ["keeps_me_well"],
            "review_on": review.isoformat(),
        },
    )

    assert response.status_code == 302
    plan = WellbeingPlan.objects.get(person=member.user)
    assert plan.shared_sections == ["keeps_me_well"] and plan.review_on == review
    leader_page = leader_client.get(reverse("connect:pairing", args=[pairing.pk])).content.decode()
    assert "A proper lunch break" in leader_page
    assert "I go quiet" not in leader_page


def test_a_plan_must_be_reviewed_within_a_year(member_client):
    late = timezone.localdate() + datetime.timedelta(days=400)

    response = member_client.post(reverse("connect:plan"), {"review_on": late.isoformat()})

    assert response.status_code == 422
    assert not WellbeingPlan.objects.exists()


def test_only_an_admin_keeps_the_support_list_and_only_their_own(org_admin_client, leader_client, other_leader):
    other = services.support_service_save(
        by=None, organisation=other_leader.organisation, name="Their chaplaincy", description="x", contact="y"
    )

    assert leader_client.get(reverse("connect:support")).status_code == 403
    response = org_admin_client.post(
        reverse("connect:support"), {"name": "Occupational health", "description": "Advice", "contact": "Ext 1"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.SUPPORT_SERVICE_ADDED, actor__isnull=False)
    assert event.target_description == "Occupational health" and event.actor.name == "Ade Admin"
    assert org_admin_client.get(reverse("connect:support_edit", args=[other.pk])).status_code == 404
    assert org_admin_client.post(reverse("connect:support_delete", args=[other.pk])).status_code == 404


# Actions that keep going (issue 16)


def _date_fields(day: datetime.date) -> dict:
    return {"due_on": day.isoformat()}


def _overdue_action(pairing, owner, *, days_late=3) -> Action:
    """An action set when its date was still ahead, now past it."""
    today = timezone.localdate()
    return services.action_add(
        pairing=pairing,
        owner=owner,
        by=pairing.leader,
        text="Send the rota",
        due_on=today - datetime.timedelta(days=days_late),
        today=today - datetime.timedelta(days=10),
    )


def test_a_due_date_in_the_past_is_refused_with_a_clear_error(leader_client, pairing):
    past = _date_fields(timezone.localdate() - datetime.timedelta(days=1))
    response = leader_client.post(
        reverse("connect:action_add", args=[pairing.pk]),
        {"text": "Book the course", "owner": str(pairing.leader.pk), **past},
    )

    assert response.status_code == 422
    assert "Choose a date today or later, or leave it empty" in response.content.decode()
    assert not Action.objects.exists()


def test_a_due_date_in_2020_is_refused_by_the_service_too(pairing):
    with pytest.raises(ValidationError):
        services.action_add(
            pairing=pairing, owner=pairing.leader, text="Old", due_on=datetime.date(2020, 1, 1), by=pairing.leader
        )


def test_an_overdue_action_is_shown_on_the_pairing_and_on_the_persons_row(leader_client, member_client, pairing):
    _overdue_action(pairing, pairing.person)
    services.action_add(pairing=pairing, owner=pairing.person, text="Not late", due_on=None, by=pairing.leader)

    page = leader_client.get(reverse("connect:pairing", args=[pairing.pk])).content.decode()
    assert "Overdue" in page and "was due" in page
    roster = leader_client.get(reverse("connect:index")).content.decode()
    assert "1 action overdue" in roster
    assert "Overdue" in member_client.get(reverse("connect:pairing", args=[pairing.pk])).content.decode()


def test_an_overdue_action_keeps_its_date_when_its_words_change_but_not_a_new_past_date(leader_client, pairing):
    action = _overdue_action(pairing, pairing.person)
    kept = _date_fields(action.due_on)
    form = {"text": "Send the new rota", "owner": str(pairing.person.pk)}

    response = leader_client.post(reverse("connect:action_edit", args=[action.pk]), {**form, **kept})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.content["text"] == "Send the new rota"

    earlier = _date_fields(action.due_on - datetime.timedelta(days=1))
    response = leader_client.post(reverse("connect:action_edit", args=[action.pk]), {**form, **earlier})
    assert response.status_code == 422
    assert "Choose a date today or later" in response.content.decode()


def test_the_author_marks_done_reopens_and_deletes_after_being_asked_once(leader_client, pairing):
    action = services.action_add(pairing=pairing, owner=pairing.person, text="Call HR", due_on=None, by=pairing.leader)
    done_url = reverse("connect:action_done", args=[action.pk])

    leader_client.post(done_url)
    action.refresh_from_db()
    assert action.done_at is not None
    leader_client.post(done_url)
    action.refresh_from_db()
    assert action.done_at is None

    asked = leader_client.get(reverse("connect:action_delete", args=[action.pk]))
    assert asked.status_code == 200 and "You cannot undo this" in asked.content.decode()
    assert Action.objects.filter(pk=action.pk).exists()
    leader_client.post(reverse("connect:action_delete", args=[action.pk]))
    assert not Action.objects.filter(pk=action.pk).exists()


def test_only_the_author_changes_or_deletes_and_the_owner_may_mark_it_done(member_client, leader_client, pairing):
    mine = services.action_add(pairing=pairing, owner=pairing.person, text="Leader's", due_on=None, by=pairing.leader)
    for name in ("action_edit", "action_delete"):
        assert member_client.get(reverse(f"connect:{name}", args=[mine.pk])).status_code == 403
        assert member_client.post(reverse(f"connect:{name}", args=[mine.pk]), {"text": "x"}).status_code == 403
    assert Action.objects.get(pk=mine.pk).content["text"] == "Leader's"
    member_client.post(reverse("connect:action_done", args=[mine.pk]))
    assert Action.objects.get(pk=mine.pk).done_at is not None

    theirs = services.action_add(pairing=pairing, owner=pairing.person, text="Own", due_on=None, by=pairing.person)
    assert leader_client.post(reverse("connect:action_delete", args=[theirs.pk])).status_code == 403
    assert leader_client.post(reverse("connect:action_done", args=[theirs.pk])).status_code == 403


def test_no_one_outside_the_pairing_reaches_an_action(request, pairing):
    action = services.action_add(pairing=pairing, owner=pairing.person, text="Ours", due_on=None, by=pairing.leader)
    for client in outsiders(request):
        for name in ("action_edit", "action_delete", "action_done"):
            assert client.post(reverse(f"connect:{name}", args=[action.pk])).status_code == 404
    assert Action.objects.get(pk=action.pk).done_at is None


# Recurring conversations (issue 16)


def _arrange_series(client, pairing, *, day: datetime.date, every="2", times="6"):
    return client.post(
        reverse("connect:schedule", args=[pairing.pk]),
        {
            "kind": "one_to_one",
            "day": day.isoformat(),
            "at": "09:00",
            "minutes": "30",
            "place": "",
            "every_weeks": every,
            "times": times,
        },
    )


def test_a_series_every_two_weeks_is_arranged_at_the_same_local_time_across_summer_time(leader_client, pairing):
    start = datetime.date(2027, 3, 15)  # before the clocks go forward on 28 March
    response = _arrange_series(leader_client, pairing, day=start)

    assert response.status_code == 302
    series = list(pairing.conversations.order_by("starts_at"))
    assert len(series) == 6 and len({c.series for c in series}) == 1
    london = zoneinfo.ZoneInfo("Europe/London")
    assert {c.starts_at.astimezone(london).time() for c in series} == {datetime.time(9, 0)}
    assert [c.starts_at.astimezone(london).date() for c in series][:3] == [
        start,
        start + datetime.timedelta(weeks=2),
        start + datetime.timedelta(weeks=4),
    ]
    assert pairing.person.notifications.filter(kind="conversation_reminder").count() == 1


def test_the_series_downloads_as_one_event_with_a_weekly_rule_and_cancelled_ones_left_out(
    leader_client, member_client, pairing
):
    _arrange_series(leader_client, pairing, day=datetime.date(2027, 3, 15))
    series = list(pairing.conversations.order_by("starts_at"))
    services.conversation_status_set(conversation=series[2], status=Conversation.Status.CANCELLED)

    response = member_client.get(reverse("connect:conversation_series_ics", args=[series[3].pk]))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    (event,) = parsed.walk("VEVENT")
    assert event["RRULE"] == {"FREQ": ["WEEKLY"], "INTERVAL": [2], "COUNT": [6]}
    assert event["DTSTART"].dt.tzinfo is not None and str(event["DTSTART"].params["TZID"]) == "Europe/London"
    assert event["DTSTART"].dt.hour == 9
    assert [d.dt.date() for d in event["EXDATE"].dts] == [datetime.date(2027, 4, 12)]
    assert parsed.walk("VTIMEZONE"), "Outlook needs the time zone described"
    assert str(event["SUMMARY"]) == f"Regular 1:1: {pairing.leader.name} and {pairing.person.name}"
    # A calendar expanding the rule finds exactly the conversations still arranged in Attend, at the same times.
    expanded = recurring_ical_events.of(parsed).between(datetime.date(2027, 1, 1), datetime.date(2028, 1, 1))
    arranged = [c.starts_at for c in series if c.status != Conversation.Status.CANCELLED]
    assert sorted(e["DTSTART"].dt.astimezone(datetime.UTC) for e in expanded) == arranged


def test_a_series_longer_than_a_year_is_refused_and_nothing_is_arranged(leader_client, pairing):
    response = _arrange_series(
        leader_client, pairing, day=timezone.localdate() + datetime.timedelta(days=3), every="8", times="12"
    )

    assert response.status_code == 422
    assert "A series can run for up to a year" in response.content.decode()
    assert not pairing.conversations.exists()


def test_a_single_conversation_has_no_series_file(leader_client, conversation):
    assert leader_client.get(reverse("connect:conversation_series_ics", args=[conversation.pk])).status_code == 404


# Today's Connect panel


def _connect_reads(client) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return [query["sql"] for query in queries if '"connect_' in query["sql"]]


def test_today_says_when_the_next_conversation_is_to_both_people(pairing, conversation, leader_client, member_client):
    for client, other in ((leader_client, "Mo Member"), (member_client, "Lee Leader")):
        assert f"Next: with {other}," in client.get("/").content.decode()


def test_today_reads_nothing_of_connect_for_someone_with_no_team_place(pairing, org_admin_client, facilitator_client):
    """An admin or facilitator of a large trust is in no pairing: their Today skips Connect's reads (issue 21)."""
    for client in (org_admin_client, facilitator_client):
        assert _connect_reads(client) == []


def test_today_reads_connect_in_one_query_for_a_leader(pairing, conversation, leader_client):
    assert len(_connect_reads(leader_client)) == 1


def test_today_keeps_no_name_in_the_shared_memo(pairing, conversation, leader_client, kept_components):
    """Today's cards keep their shape for every worker's next request (nhsuk_forms/memo.py), never their words."""
    assert "Next: with Mo Member," in leader_client.get("/").content.decode()
    assert len(kept_components) > 0
    assert "Mo Member" not in str(list(kept_components._kept.items()))


def test_the_roster_links_each_person_to_their_own_pairing(pairing, leader_client, leader, member):
    """The roster's links are made from one `reverse` (presenters.pairing_hrefs): each is still its pairing's page."""
    from attend.connect import presenters

    second = Pairing.objects.create(organisation=pairing.organisation, leader=member.user, person=leader.user)
    assert presenters.pairing_hrefs([pairing.pk, second.pk]) == {
        pairing.pk: reverse("connect:pairing", args=[pairing.pk]),
        second.pk: reverse("connect:pairing", args=[second.pk]),
    }
    assert (
        f'href="{reverse("connect:pairing", args=[pairing.pk])}">Mo Member</a>'
        in leader_client.get(reverse("connect:index")).content.decode()
    )


def test_a_conversation_page_keeps_none_of_its_details_in_the_shared_memo(
    conversation, leader_client, member_client, kept_components
):
    conversation.place = "The quiet room by ward 7"
    conversation.save()
    for client in (leader_client, member_client):
        page = client.get(reverse("connect:conversation", args=[conversation.pk])).content.decode()
        assert "The quiet room by ward 7" in page
    assert len(kept_components) > 0
    assert "quiet room" not in str(list(kept_components._kept.items()))
