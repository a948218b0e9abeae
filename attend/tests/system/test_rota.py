"""Given a ward manager who works long days and nights, when they set a one-week rota and upload their calendar,
then Diary's week counts their shifts (12.5 hours a long day), the meeting in the rest after a night is time on a
day they do not work, they can open "long meetings" to see which, protected time is offered only inside shifts,
with a pause after a night's handover, and Today starts a practice in one press (issue 18's journey)."""

import datetime

import pytest
from playwright.sync_api import expect

from attend.diary.tests.support import at, ics, this_monday
from attend.tests.system.conftest import check_page, heading, sign_in
from attend.tests.system.test_practice import START_NOW, wait_for_state

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

REST_DAYS = ("Tuesday", "Saturday", "Sunday")


def ward_calendar(monday: datetime.date) -> bytes:
    day = {name: monday + datetime.timedelta(days=n) for n, name in enumerate(("mon", "tue", "wed", "thu", "fri"))}
    return ics(
        [
            ("Ward round", at(day["mon"], 11), at(day["mon"], 12)),
            ("Staffing review", at(day["mon"], 14), at(day["mon"], 16)),
            ("Bed meeting (night)", at(day["thu"], 2), at(day["thu"], 2, 30)),
            ("Governance", at(day["fri"], 14), at(day["fri"], 15)),
        ]
    )


def test_a_ward_manager_sets_a_rota_and_diary_follows_their_nights_and_rest(page, leader):
    next_monday = this_monday() + datetime.timedelta(weeks=1)
    # Given a leader whose working hours are still the fixed 9 to 5
    sign_in(page, leader.user.email)
    page.goto("/account/")
    check_page(page)

    # When they say they work a rota
    page.get_by_role("link", name="Change how you work").click()
    expect(heading(page)).to_have_text("How you work")
    check_page(page)
    page.get_by_label("A rota of shifts that repeats every few weeks").check()
    page.get_by_role("button", name="Save how you work").click()

    # Then they are asked for their rota, and a night followed by a long day is refused, naming the day
    expect(heading(page)).to_have_text("Your rota")
    check_page(page)
    page.get_by_label("Weeks in your rota").select_option("1")
    page.get_by_role("button", name="Show these weeks").click()
    page.get_by_label("The date your rota's week 1 starts").fill(this_monday().isoformat())
    page.get_by_label("Week 1, Monday").select_option("LD")
    page.get_by_label("Week 1, Wednesday").select_option("N")
    page.get_by_label("Week 1, Thursday").select_option("LD")
    page.get_by_role("button", name="Save your rota").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Week 1, Thursday: Long day starts at 07:30")
    check_page(page)

    # When they make Thursday a night instead
    page.get_by_label("Week 1, Thursday").select_option("N")
    page.get_by_role("button", name="Save your rota").click()
    expect(heading(page)).to_have_text("How you work")
    expect(page.get_by_role("main")).to_contain_text("1 week, starting")
    check_page(page)

    # And upload a calendar for next week
    page.goto("/diary/calendars/upload/")
    page.set_input_files(
        "input[type=file][name=file]",
        {"name": "ward.ics", "mimeType": "text/calendar", "buffer": ward_calendar(next_monday)},
    )
    page.get_by_role("button", name="Upload and read").click()
    expect(page.get_by_role("status")).to_contain_text("Finished")

    # Then next week's figures count a long day as 12.5 hours, and Friday (rest after a night) as a day off
    page.goto(f"/diary/week/?week={next_monday.isoformat()}")
    check_page(page)
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="Monday")).to_contain_text("12.5")
    expect(table.get_by_role("row").filter(has_text="Friday")).to_contain_text("Not a working day")
    expect(page.get_by_role("main")).to_contain_text("1 hour of meetings on days you do not usually work")

    # And they can open "long meetings" to see which: the two hours in Monday's long day
    page.get_by_role("link", name="See which long meetings (over an hour)").click()
    expect(heading(page)).to_have_text("Long meetings")
    expect(page.get_by_role("table")).to_contain_text("Staffing review")
    expect(page.get_by_role("table")).not_to_contain_text("Ward round")
    check_page(page)

    # And protected time is offered only in shifts, with a pause after each night's handover
    page.goto(f"/diary/protected-time/?week={next_monday.isoformat()}")
    check_page(page)
    hints = page.locator(".nhsuk-checkboxes__hint").all_inner_texts()
    assert hints, "no protected time was offered"
    assert not [hint for hint in hints if hint.startswith(REST_DAYS)]
    # Friday's are in Thursday's night, which ends at 08:00: "Friday 11 December, 07:50 to 08:00. ..."
    friday_ends = [hint.split(" to ")[1][:5] for hint in hints if hint.startswith("Friday")]
    assert friday_ends and all(end <= "08:00" for end in friday_ends)
    handovers = page.get_by_text("A pause after handover", exact=True)
    expect(handovers).to_have_count(2)

    # And from Today one press starts a practice: the player opens already running
    page.goto("/")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name=START_NOW).or_(page.get_by_role("link", name=START_NOW)).click()
    wait_for_state(page, "running")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()


def test_the_other_working_pattern_pages_answer_by_keyboard_and_pass_axe(page, leader):
    # Given a leader on their working-pattern pages
    sign_in(page, leader.user.email)
    page.goto("/account/working-pattern/shifts/")
    check_page(page)

    # When they change a night's end by keyboard, typed as people type it
    page.get_by_label("Ends at").nth(1).fill("8.30am")
    page.get_by_label("Ends at").nth(1).press("Enter")

    # Then it is kept
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Saved your shifts")
    page.goto("/account/working-pattern/shifts/")
    expect(page.get_by_label("Ends at").nth(1)).to_have_value("08:30")

    # And the calendar titles and one-off changes pages pass axe, with a change added and listed
    page.goto("/account/working-pattern/calendar/")
    check_page(page)
    page.goto("/account/working-pattern/changes/")
    check_page(page)
    page.get_by_label("Date").fill(this_monday().isoformat())
    page.get_by_label("Leave: no work that day").check()
    page.get_by_role("button", name="Add this change").click()
    expect(page.get_by_role("table")).to_contain_text("Leave")
    check_page(page)
