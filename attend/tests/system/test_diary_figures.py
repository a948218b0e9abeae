"""Issue 18 items 3 to 5. Given a leader with a calendar, when they open their week, then they see their time with
people and can open "long meetings" to see which; and from Today they start a practice that fits their next gap in
one press."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from attend.diary import services
from attend.diary.tests.support import at, calendar_with, ics, this_monday
from attend.tests.system.conftest import check_page, sign_in
from attend.tests.system.test_practice import wait_for_state

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def a_leader_with_a_calendar(leader) -> None:
    # Working every day, all day, so Today has a gap whatever the hour the journey runs.
    services.working_hours_save(
        user=leader.user,
        time_zone="Europe/London",
        working_days=range(7),
        starts=datetime.time(0, 0),
        ends=datetime.time(23, 59),
    )
    monday = this_monday()
    calendar_with(
        leader.user,
        ics([("Budget away day", at(monday, 9), at(monday, 12)), ("1:1 with Sam", at(monday, 13), at(monday, 13, 30))]),
    )


def test_a_leader_sees_time_with_people_opens_long_meetings_and_starts_a_practice_in_a_gap(page, leader):
    if timezone.localtime(timezone=zoneinfo.ZoneInfo("Europe/London")).time() >= datetime.time(23, 30):
        pytest.skip("too close to the end of the working day for a gap")
    # Given a leader with a calendar in Diary
    a_leader_with_a_calendar(leader)
    sign_in(page, leader.user.email)

    # When they open their week
    page.goto("/diary/week/")
    expect(heading(page)).to_contain_text("Week of")
    check_page(page)

    # Then their time with people is shown beside their meetings
    expect(page.get_by_role("main")).to_contain_text("Time with people (one-to-ones and your team)")
    expect(page.get_by_role("main")).to_contain_text("30 minutes")

    # When they open "long meetings" to see which
    page.get_by_role("link", name="See which long meetings (over an hour)").click()

    # Then the meeting is named with its day, time and length
    expect(heading(page)).to_have_text("Long meetings")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Budget away day")
    expect(table).to_contain_text("3 hours")
    expect(table).not_to_contain_text("1:1 with Sam")
    check_page(page)

    # And the rule for time with people can be changed on its own page
    page.goto("/diary/week/")
    page.get_by_role("link", name="Change what counts").click()
    expect(heading(page)).to_have_text("Time with people")
    check_page(page)

    # When they open Today, it shows their next gap with a practice that fits it
    page.goto("/")
    card = page.get_by_role("link", name="Your next gap")
    expect(card).to_be_visible()
    check_page(page)

    # And one press starts the practice: the player opens already running
    with page.expect_navigation():
        card.click()
    wait_for_state(page, "running")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    check_page(page)
