"""Given a facilitator's running cohort with the leader in it, when the facilitator arranges a session (a date
outside the cohort is refused), the leader opens it, takes its meeting request into their calendar and says they
will come, then the facilitator sees who is coming and a register that starts from it, and the leader downloads
their certificate and CPD record.
"""

import datetime
import io
import re
from pathlib import Path

import docx
import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from attend.programme.models import SessionReply
from attend.tests.system.conftest import check_page, follow, sign_in
from attend.tests.system.test_programme import banner, heading, main, running_cohort

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_session_as_a_meeting_from_request_to_register_and_cpd_record(page, new_page, facilitator, leader):
    # Given the facilitator's running cohort, with the leader in it
    cohort = running_cohort(facilitator, leader)
    sign_in(page, facilitator.user.email)
    page.goto(f"/programme/cohorts/{cohort.pk}/")
    check_page(page)

    # When they arrange a session after the cohort ends
    follow(page, main(page).get_by_role("button", name="Arrange a session"))
    page.get_by_label("Title").fill("Session 2: understanding")
    page.get_by_label("Date").fill((cohort.ends_on + datetime.timedelta(days=5)).isoformat())
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("Place (optional)").fill("Training room 1")
    page.get_by_role("button", name="Arrange session").click()

    # Then it is refused, naming the date
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose a date within the cohort's dates")
    check_page(page)

    # When they choose a date within it
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_role("button", name="Arrange session").click()
    expect(heading(page)).to_have_text("Session 2: understanding")
    expect(main(page).get_by_text("Not answered yet")).to_be_visible()
    check_page(page)
    session_url = page.url

    # And the leader opens the session and takes the meeting request into their calendar
    theirs = new_page()
    sign_in(theirs, leader.user.email)
    theirs.goto(session_url)
    expect(heading(theirs)).to_have_text("Session 2: understanding")
    check_page(theirs)
    with theirs.expect_download() as download:
        theirs.get_by_role("link", name=re.compile("Download the invitation")).click()
    parsed = Calendar.from_ical(Path(download.value.path()).read_bytes())
    [event] = parsed.walk("VEVENT")
    assert str(parsed["METHOD"]) == "REQUEST"
    assert str(event["ORGANIZER"]).lower().startswith("mailto:")
    assert str(event["ATTENDEE"]).lower() == f"mailto:{leader.user.email.lower()}"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"

    # And says they will come
    theirs.get_by_label("Yes, I will come").check()
    theirs.get_by_role("button", name="Save my answer").click()
    expect(banner(theirs)).to_contain_text("Your facilitator can see your answer")
    expect(main(theirs).get_by_text("You said you will come.")).to_be_visible()
    expect(main(theirs).get_by_text("Who is coming")).to_have_count(0)
    check_page(theirs)
    assert SessionReply.objects.get().answer == "attending"

    # Then the facilitator sees them on the list, and the register starts from it
    page.reload()
    expect(main(page).get_by_text(f"1 person: {leader.user.name}")).to_be_visible()
    register = page.get_by_role("group", name=leader.user.name)
    expect(register.get_by_label("Present")).to_be_checked()
    check_page(page)
    page.get_by_role("button", name="Save attendance").click()
    expect(banner(page)).to_contain_text("Attendance saved for 1 person")

    # And cancelling asks first
    follow(page, main(page).get_by_role("link", name=re.compile("Cancel the session")))
    expect(heading(page)).to_have_text("Are you sure you want to cancel Session 2: understanding?")
    check_page(page)
    page.get_by_role("link", name="No, keep the session").click()
    expect(heading(page)).to_have_text("Session 2: understanding")

    # When the leader opens their certificate and CPD record
    theirs.get_by_role("link", name="Spring cohort").first.click()
    follow(theirs, main(theirs).get_by_role("link", name="Your certificate and CPD record"))
    expect(heading(theirs)).to_have_text("Your certificate and CPD record")
    expect(main(theirs).get_by_text(re.compile(f"This is to certify that {leader.user.name}"))).to_be_visible()
    expect(main(theirs).get_by_role("cell", name="Session 2: understanding")).to_be_visible()
    check_page(theirs)

    # Then they download it as a document for their portfolio
    with theirs.expect_download() as download:
        theirs.get_by_role("link", name=re.compile("Download it as a Word document")).click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Session 2: understanding" in cells and "2 hours" in cells
