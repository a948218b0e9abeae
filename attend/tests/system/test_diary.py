"""Given a leader with a busy calendar, when they upload it to Diary, read their week and trend, and choose
protected time, then they download exactly the blocks they chose as an .ics file; and nobody else, an admin
included, can open their calendar."""

import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from attend.diary.calendar_bounds import MAX_EVENTS_A_DAY
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.tests.support import at, busy_week, calendar_with, ics, this_monday
from attend.tests.system.conftest import check_page, heading, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def calendar_file() -> bytes:
    monday = this_monday()
    return ics(busy_week(monday) + busy_week(monday + datetime.timedelta(weeks=1), prefix="Next"))


def open_diary(page: Page) -> None:
    # The header's "Diary" item is added with the shared navigation; until then, the address.
    menu_link = page.get_by_role("navigation", name="Menu").get_by_role("link", name="Diary", exact=True)
    if menu_link.count() and menu_link.is_visible():
        menu_link.click()
    else:
        page.goto("/diary/")
    expect(heading(page)).to_have_text("Diary")
    check_page(page)


def upload_calendar(page: Page, data: bytes | None = None) -> None:
    page.get_by_role("link", name="Upload a calendar file (.ics)").click()
    expect(heading(page)).to_have_text("Upload a calendar file")
    check_page(page)
    # The design system's script hides the native file input behind a "Choose file" drop button.
    page.set_input_files(
        "input[type=file][name=file]",
        {"name": "work.ics", "mimeType": "text/calendar", "buffer": data or calendar_file()},
    )
    page.get_by_role("button", name="Upload and read").click()


def test_a_leader_uploads_reads_their_week_and_downloads_two_protected_blocks(page, leader):
    # Given a leader with no calendar in Attend yet
    sign_in(page, leader.user.email)
    open_diary(page)
    expect(page.get_by_text("Outlook and NHSmail")).to_be_visible()

    # When they upload their calendar file
    upload_calendar(page)

    # Then the import page says it has finished
    expect(page.get_by_role("status")).to_contain_text("Finished")
    check_page(page)

    # When they open their week
    page.get_by_role("button", name="See your week").click()
    expect(heading(page)).to_contain_text("Week of")
    check_page(page)

    # Then they read plain-language observations, and a chart with its table
    expect(page.get_by_role("main")).to_contain_text("Tuesday")
    expect(page.get_by_role("table")).to_contain_text("Meetings (hours)")

    # And the 12-week trend has a table of its own
    page.get_by_role("link", name="See the 12 weeks up to this one").click()
    expect(heading(page)).to_have_text("Your last 12 weeks")
    expect(page.get_by_role("table")).to_contain_text("Share in meetings")
    check_page(page)

    # When they look for protected time next week and choose two blocks
    page.goto("/diary/protected-time/")
    check_page(page)
    page.get_by_role("navigation", name="Pagination").get_by_role("link").last.click()
    expect(heading(page)).to_have_text("Protected time")
    check_page(page)
    boxes = page.get_by_role("checkbox")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Save my choices").click()

    # Then Attend confirms and offers the download
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("You have chosen 2 blocks")
    check_page(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your protected time (.ics)").click()

    # And the file holds exactly those two blocks
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    assert all(str(event["UID"]).endswith("@attend") for event in events)


def test_an_admin_cannot_open_the_leaders_calendar(new_page, leader, org_admin):
    # Given a leader who has uploaded a calendar
    page = new_page()
    sign_in(page, leader.user.email)
    open_diary(page)
    upload_calendar(page)
    expect(page.get_by_role("status")).to_contain_text("Finished")
    page.get_by_role("link", name="Your calendar").first.click()
    calendar_address = page.url

    # When an organisation admin opens the same address
    admin = new_page()
    sign_in(admin, org_admin.user.email)
    response = admin.goto(calendar_address)

    # Then it is not found, and their own diary is empty
    assert response.status == 404
    open_diary(admin)
    expect(admin.get_by_text("Your calendars")).to_have_count(0)


def test_the_progress_page_updates_itself_while_an_import_runs(page, leader):
    # Given a long import half way through saving
    calendar = DiaryCalendar.objects.create(owner=leader.user, source="upload", name="Work")
    running = DiaryImport.objects.create(
        calendar=calendar, state=DiaryImport.State.SAVING, events_total=40000, events_done=12000
    )
    sign_in(page, leader.user.email)

    # When the leader watches its progress
    page.goto(f"/diary/imports/{running.pk}/")
    expect(page.get_by_role("status")).to_have_text("12,000 of 40,000 events saved.")
    check_page(page)

    # Then the page follows the import to its end without being reloaded
    DiaryImport.objects.filter(pk=running.pk).update(state=DiaryImport.State.DONE)
    expect(page.get_by_role("status")).to_contain_text("Finished")
    check_page(page)


# The 250-byte calendar that once froze the web server: 20,000 overlapping one-minute repeats, which Today
# analysed on every sign-in (issue 14).
MINUTE_BY_MINUTE = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:m@x\r\nSUMMARY:Stand-up\r\n"
    b"DTSTART:20251115T090000Z\r\nDTEND:20251202T090000Z\r\nRRULE:FREQ=MINUTELY;COUNT=20000\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)
# Not a speed measure (bench/diary_hostile.py is): the line between a page that answers and one that holds a
# web server for minutes, as this file once did.
ANSWERS = 10_000


def test_the_calendar_that_froze_the_server_is_refused_and_today_answers(page, leader):
    # Given a leader who uploads the 250-byte calendar
    sign_in(page, leader.user.email)
    open_diary(page)
    upload_calendar(page, MINUTE_BY_MINUTE)

    # Then Attend says which event it cannot read, and why
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("This calendar could not be read")
    expect(problem).to_contain_text("“Stand-up” (line 5) repeats every minute")
    check_page(page)

    # And Today, the page after every sign-in, answers
    page.goto("/", timeout=ANSWERS)
    expect(heading(page)).to_be_visible()
    check_page(page)


def test_today_answers_for_a_diary_as_full_as_attend_keeps(page, leader):
    # Given a leader whose diary holds the most Attend keeps: 100 overlapping meetings on every day this week
    monday = this_monday()
    meetings = [
        (f"Clash {day}-{n}", start, start + datetime.timedelta(minutes=45))
        for day in range(7)
        for n in range(MAX_EVENTS_A_DAY)
        for start in [at(monday + datetime.timedelta(days=day), 8) + datetime.timedelta(minutes=5 * n)]
    ]
    calendar_with(leader.user, ics(meetings))

    # When they sign in, Today answers with its gentle line about their day
    sign_in(page, leader.user.email)
    page.goto("/", timeout=ANSWERS)
    expect(page.get_by_role("main")).to_contain_text("Diary")
    check_page(page)

    # And their week opens too
    page.goto("/diary/week/", timeout=ANSWERS)
    expect(heading(page)).to_contain_text("Week of")
    check_page(page)


def test_a_wrong_first_file_leaves_no_calendar_and_working_hours_are_typed_as_people_type_them(page, leader):
    # Given a leader on Diary
    sign_in(page, leader.user.email)
    open_diary(page)

    # When they upload a contact card by mistake
    upload_calendar(page, b"BEGIN:VCARD\r\nFN:Someone\r\nEND:VCARD\r\n")

    # Then they are back on the upload form, told once what is wrong, and no calendar was made
    expect(heading(page)).to_have_text("Upload a calendar file")
    problem = "This file is not a calendar (.ics): it does not start with BEGIN:VCALENDAR."
    expect(page.get_by_role("alert")).to_contain_text(problem)
    expect(page.get_by_text("VCALENDAR..")).to_have_count(0)
    check_page(page)
    assert not DiaryCalendar.objects.filter(owner=leader.user).exists()

    # When they set their working hours as they would say them
    page.goto("/diary/working-hours/")
    check_page(page)
    page.get_by_label("Your working day usually starts at").fill("8am")
    page.get_by_label("Your working day usually ends at").fill("25:00")
    page.get_by_role("button", name="Save working hours").click()

    # Then an impossible time is named, not called empty, and what they typed is still there
    expect(page.get_by_role("alert")).to_contain_text("Enter a time between 00:00 and 23:59, like 08:30 or 8:30am")
    expect(page.get_by_text("This field is required.")).to_have_count(0)
    expect(page.get_by_label("Your working day usually starts at")).to_have_value("8am")
    check_page(page)

    # And a time like "5.30pm" is saved
    page.get_by_label("Your working day usually ends at").fill("5.30pm")
    page.get_by_role("button", name="Save working hours").click()
    expect(page.get_by_text("Saved your working hours")).to_be_visible()
    check_page(page)
    leader.user.refresh_from_db()
    assert (leader.user.working_day_start, leader.user.working_day_end) == (datetime.time(8), datetime.time(17, 30))
