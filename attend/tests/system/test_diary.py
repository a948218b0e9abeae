"""Given a leader with a busy calendar, when they upload it to Diary, read their week and trend, and choose
protected time, then they download exactly the blocks they chose as an .ics file; and nobody else, an admin
included, can open their calendar."""

import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.tests.support import busy_week, ics, this_monday
from attend.tests.system.conftest import check_page, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def heading(page: Page):
    return page.get_by_role("heading", level=1)


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


def upload_calendar(page: Page) -> None:
    page.get_by_role("link", name="Upload a calendar file (.ics)").click()
    expect(heading(page)).to_have_text("Upload a calendar file")
    check_page(page)
    # The design system's script hides the native file input behind a "Choose file" drop button.
    page.set_input_files(
        "input[type=file][name=file]", {"name": "work.ics", "mimeType": "text/calendar", "buffer": calendar_file()}
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
