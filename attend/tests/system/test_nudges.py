"""Given a person Attend has things to tell, when they choose how and when to hear, open what is waiting on
Today, or stop emails from a link in one, then their choices are kept, nothing comes outside their working
hours, and every page along the way passes axe."""

import re
from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from attend.nudges.emails import unsubscribe_token
from attend.nudges.models import NudgePreference
from attend.nudges.services import notification_create
from attend.tests.system.conftest import check_page, heading, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_member_chooses_a_weekly_digest_and_cannot_choose_a_time_outside_their_hours(page, member):
    # Given a member on Today
    sign_in(page, member.user.email)

    # When they open their account and change "Emails and reminders"
    page.get_by_role("banner").get_by_role("link", name="Mo Member").click()
    expect(heading(page)).to_have_text("Your account")
    check_page(page)
    page.get_by_role("link", name="Change emails and reminders").click()
    expect(heading(page)).to_have_text("What Attend tells you")
    expect(page.get_by_text("09:00 to 17:00 on your working days")).to_be_visible()
    check_page(page)

    # And choose a weekly email on Tuesdays at 10:00, without team pulses
    page.get_by_role("radio", name="Once a week").check()
    page.get_by_label("At what time").fill("10:00")
    page.get_by_role("group", name="On which day (weekly only)").get_by_role("radio", name="Tuesday").check()
    page.get_by_role("checkbox", name="Team pulses to answer").uncheck()
    page.get_by_role("button", name="Save", exact=True).click()

    # Then their choices are saved and shown again as they left them
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    check_page(page)
    expect(page.get_by_role("radio", name="Once a week")).to_be_checked()
    expect(page.get_by_label("At what time")).to_have_value("10:00")
    expect(page.get_by_role("radio", name="Tuesday")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Team pulses to answer")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Programme sessions")).to_be_checked()
    preference = NudgePreference.objects.get(person=member.user)
    assert (preference.digest, preference.digest_at, preference.digest_weekday) == ("weekly", time(10), 1)
    assert preference.email_off == ["pulse_invitation"]

    # When they try seven in the morning, before their working day starts
    page.get_by_label("At what time").fill("07:00")
    page.get_by_role("button", name="Save", exact=True).click()

    # Then they are told why, naming their working hours, and nothing changes
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("09:00 to 17:00")
    check_page(page)
    summary.get_by_role("link", name=re.compile("09:00 to 17:00")).click()
    expect(page.get_by_label("At what time")).to_be_focused()
    assert NudgePreference.objects.get(person=member.user).digest_at == time(10)


def test_a_member_sees_what_is_waiting_on_today_and_follows_it(page, member):
    # Given a colleague has shared a reflection with a member
    notification_create(
        person=member.user,
        kind="reflection_shared",
        title="Lee Leader shared a reflection with you",
        link=reverse("practice:index"),
        now=timezone.now(),
    )

    # When the member signs in, it is on Today under "For you"
    sign_in(page, member.user.email)
    check_page(page)
    expect(page.get_by_role("heading", name="For you", level=2)).to_be_visible()
    item = page.get_by_role("link", name="Lee Leader shared a reflection with you")
    expect(item).to_be_visible()

    # And following it lands where it points
    item.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("practice:index")) + "$"))
    check_page(page)

    # Then, back on Today, it is no longer listed
    page.goto(reverse("core:today"))
    expect(heading(page)).to_contain_text("Mo")
    expect(page.get_by_role("link", name="Lee Leader shared a reflection with you")).to_have_count(0)
    expect(page.get_by_role("heading", name="For you")).to_have_count(0)


def test_a_person_stops_one_kind_of_email_from_the_link_in_it(page, member):
    # Given an email about practice reminders, opened without signing in
    page.goto(reverse("nudges:unsubscribe", args=[unsubscribe_token(member.user, "practice_reminder")]))

    # Then Attend asks first, and changes nothing yet
    expect(heading(page)).to_have_text("Stop these emails?")
    expect(page.get_by_text("You will no longer get emails about practice reminders you asked for.")).to_be_visible()
    check_page(page)
    assert not NudgePreference.objects.filter(person=member.user).exists()

    # When they press the button
    page.get_by_role("button", name="Stop these emails").click()

    # Then those emails stop, and the page says so
    expect(heading(page)).to_have_text("You will not get these emails")
    expect(page.get_by_text("Attend will no longer email you about practice reminders you asked for.")).to_be_visible()
    check_page(page)
    preference = NudgePreference.objects.get(person=member.user)
    assert preference.email_off == ["practice_reminder"]
    assert preference.email_enabled is True
