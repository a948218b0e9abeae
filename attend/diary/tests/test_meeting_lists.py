"""Issue 18 items 3 and 4: each counted figure opens to the meetings behind it, for their owner alone; time with
people on the week, by a rule the person sets."""

import datetime

import pytest
from django.urls import reverse

from attend.connect.models import Conversation, Pairing
from attend.diary import selectors
from attend.diary.models import PeopleTimeRule
from attend.diary.tests.support import at, calendar_with, ics, this_monday

pytestmark = pytest.mark.django_db


def _long_meeting_diary(owner):
    monday = this_monday()
    tuesday = monday + datetime.timedelta(days=1)
    calendar_with(
        owner,
        ics([("Budget away day", at(tuesday, 9), at(tuesday, 12)), ("Huddle", at(tuesday, 13), at(tuesday, 13, 15))]),
    )
    return monday


def _list_url(figure: str, monday: datetime.date) -> str:
    return f"{reverse('diary:meetings', args=[figure])}?week={monday.isoformat()}"


def test_long_meetings_open_to_name_them_with_day_time_and_length(leader_client, leader):
    monday = _long_meeting_diary(leader.user)

    week = leader_client.get(f"{reverse('diary:week')}?week={monday.isoformat()}").content.decode()
    assert _list_url("long", monday).replace("&", "&amp;") in week or _list_url("long", monday) in week

    page = leader_client.get(_list_url("long", monday)).content.decode()
    assert "Budget away day" in page and "3 hours" in page
    assert "9am to 12pm" in page or "9:00am to 12:00pm" in page or "09:00 to 12:00" in page
    assert "Huddle" not in page  # 15 minutes is not long


def test_the_meetings_behind_a_figure_are_never_shown_to_anyone_else(
    member, member_client, leader_client, org_admin_client, other_leader_client
):
    # The person is a team member with a diary; their leader, an admin and another person ask for the list.
    monday = _long_meeting_diary(member.user)
    url = _list_url("long", monday)
    assert "Budget away day" in member_client.get(url).content.decode()

    for other in (leader_client, org_admin_client, other_leader_client):
        response = other.get(url)
        assert response.status_code == 404
        assert "Budget away day" not in response.content.decode()


def test_someone_with_their_own_diary_sees_only_their_own_meetings(member, leader, leader_client):
    monday = _long_meeting_diary(member.user)
    tuesday = monday + datetime.timedelta(days=1)
    calendar_with(leader.user, ics([("Board", at(tuesday, 9), at(tuesday, 11))], uid_prefix="leader"))

    page = leader_client.get(_list_url("long", monday)).content.decode()

    assert "Board" in page and "Budget away day" not in page


def test_an_unknown_figure_is_not_found(leader_client, leader):
    monday = _long_meeting_diary(leader.user)

    assert leader_client.get(_list_url("everything", monday)).status_code == 404


def test_time_with_people_counts_titles_the_team_and_connect_and_follows_the_rule(leader, member, leader_client):
    monday = this_monday()
    tuesday = monday + datetime.timedelta(days=1)
    calendar_with(
        leader.user,
        ics([("1:1 with Sam", at(tuesday, 9), at(tuesday, 9, 30)), ("Budget", at(tuesday, 10), at(tuesday, 11))]),
    )
    pairing = Pairing.objects.create(organisation=leader.organisation, leader=leader.user, person=member.user)
    Conversation.objects.create(pairing=pairing, kind="wellbeing", starts_at=at(tuesday, 15), minutes=45)

    week = selectors.week_report(leader.user, monday).week
    assert week.people_minutes == 30 + 45
    page = leader_client.get(_list_url("people", monday)).content.decode()
    assert "1:1 with Sam" in page and "Connect conversation" in page and "Budget" not in page

    response = leader_client.post(
        reverse("diary:people_rule"), {"title_words": "catch up", "small_meeting": "0", "connect": ""}
    )
    assert response.status_code == 302
    assert PeopleTimeRule.objects.get(owner=leader.user).title_words == ["catch up"]
    assert selectors.week_report(leader.user, monday).week.people_minutes == 0


def test_the_rule_page_refuses_too_many_words_with_422(leader_client):
    words = ", ".join(f"word{n}" for n in range(30))

    response = leader_client.post(reverse("diary:people_rule"), {"title_words": words, "small_meeting": "4"})

    assert response.status_code == 422
    assert "Enter 20 words or phrases or fewer" in response.content.decode()


def test_the_series_to_review_open_to_this_weeks_meetings_in_them(leader_client, leader):
    monday = this_monday()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN"]
    for uid, title, hour, hours in (("s1", "Ops board", 9, 2), ("one", "One-off chat", 14, 1)):
        start = at(monday, hour).astimezone(datetime.UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + datetime.timedelta(hours=hours):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{title}",
        ]
        if uid == "s1":
            lines.append("RRULE:FREQ=WEEKLY;COUNT=8")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    calendar_with(leader.user, "\r\n".join(lines).encode())

    plan_page = leader_client.get(f"{reverse('diary:protected_time')}?week={monday.isoformat()}").content.decode()
    assert reverse("diary:meetings", args=["series"]) in plan_page
    page = leader_client.get(_list_url("series", monday)).content.decode()

    assert "Ops board" in page and "2 hours" in page
    assert "One-off chat" not in page


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_week_and_its_lists_ask_the_database_the_same_however_big_the_team(leader_client, leader, team):
    from attend.organisations.tests.factories import person_in

    monday = _long_meeting_diary(leader.user)
    week = f"{reverse('diary:week')}?week={monday.isoformat()}"
    before = (_queries(leader_client, week), _queries(leader_client, _list_url("people", monday)))

    for n in range(30):
        member = person_in(team.organisation, team=team, role="member", email=f"p{n}@example.test", name=f"P {n}")
        pairing = Pairing.objects.create(organisation=team.organisation, leader=leader.user, person=member.user)
        Conversation.objects.create(pairing=pairing, kind="wellbeing", starts_at=at(monday, 16), minutes=30)

    assert (_queries(leader_client, week), _queries(leader_client, _list_url("people", monday))) == before


def test_the_tables_of_a_diary_keep_no_meeting_and_no_figure_in_the_shared_memo(leader_client, leader, kept_components):
    """The tables' shape is kept for every worker's next request (nhsuk_forms/memo.py); what is in them, never."""
    monday = _long_meeting_diary(leader.user)
    kept = kept_components
    week = f"{reverse('diary:week')}?week={monday.isoformat()}"
    for url in (_list_url("long", monday), week, reverse("diary:trend")):
        page = leader_client.get(url).content.decode()
        assert "nhsuk-table" in page
    protected = leader_client.get(f"{reverse('diary:protected_time')}?week={monday.isoformat()}").content.decode()
    assert 'type="checkbox"' in protected

    assert "Budget away day" in leader_client.get(_list_url("long", monday)).content.decode()
    memo = str(list(kept._kept.items()))
    assert len(kept) > 0
    assert "Budget away day" not in memo
    assert "3 hours" not in memo  # the week's meeting hours, a figure of the leader's own
