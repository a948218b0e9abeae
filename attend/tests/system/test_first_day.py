"""Given an empty Attend, when a self-hoster adds an organisation and its admin works through the first-day
checklist by its own links, then a team leader invited by CSV signs in, practises and reads their diary: the
whole first day, on an empty database (no demo data), with every page checked at 1280px and 320px."""

import io
import re
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from attend.diary.tests.support import busy_week, ics, this_monday
from attend.organisations.models import Organisation
from attend.practice.models import PracticeSession
from attend.tests.system.conftest import check_page, follow, heading, visit_checked

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

INVITATION_LINK = re.compile(r"^(http://\S+/organisation/invitation/[\w-]+/)$", re.MULTILINE)
PASSWORD = "harbour-lantern-thistle-58"
PEOPLE_CSV = (
    "name,email,team,role\n"
    "Lena Lowry,lena.lowry@brookside.example,Rose Unit,leader\n"
    "Sam Okoro,sam.okoro@brookside.example,Rose Unit,team member\n"
    "Priya Shah,priya.shah@brookside.example,Rose Unit,team member\n"
)


def checklist(page: Page):
    return page.locator(".nhsuk-task-list")


def task(page: Page, title: str):
    return checklist(page).locator(".nhsuk-task-list__item").filter(has_text=title)


def create_organisation(site_url: str) -> str:
    """Run organisation_create as a self-hoster would, and read the admin's link from what it prints."""
    out = io.StringIO()
    call_command(
        "organisation_create",
        "Brookside Care",
        not_nhs=True,
        admin_email="ade.adeyemi@brookside.example",
        admin_name="Ade Adeyemi",
        site_url=site_url,
        no_email=True,
        stdout=out,
    )
    return INVITATION_LINK.search(out.getvalue()).group(1)


def set_password(page: Page, link: str) -> None:
    visit_checked(page, link)
    page.get_by_label("Create a password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm your password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title("Today – Attend")
    check_page(page)


def back_to_today(page: Page) -> None:
    visit_checked(page, "/")
    expect(heading(page)).to_contain_text("Ade")


def wait_for_practice(person_email: str, timeout: float = 10) -> PracticeSession:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session = PracticeSession.objects.filter(person__email=person_email, ended=True).first()
        if session:
            return session
        time.sleep(0.1)
    pytest.fail(f"no ended practice session for {person_email}")


def test_a_new_organisations_first_day_from_the_command_to_a_leader_reading_their_diary(
    page, new_page, live_server, mailoutbox
):
    # Given an Attend with no organisation at all
    assert not Organisation.objects.exists()

    # When a self-hoster adds a care provider and gives its admin the printed link
    link = create_organisation(live_server.url)

    # Then the admin sets a password and lands on Today, where the first-day checklist waits, all to do
    set_password(page, link)
    expect(page.get_by_role("heading", name="Get Brookside Care started")).to_be_visible()
    expect(checklist(page).locator(".nhsuk-task-list__item")).to_have_count(5)
    expect(checklist(page)).not_to_contain_text("Completed")
    # And the header carries the organisation's own name and no NHS logo: it is not part of the NHS
    header = page.get_by_role("banner")
    expect(header).to_contain_text("Brookside Care")
    expect(header.locator("svg.nhsuk-header__logo")).to_have_count(0)

    # When they follow "Add your teams" and add one
    follow(page, task(page, "Add your teams").get_by_role("link"))
    expect(heading(page)).to_have_text("Teams")
    follow(page, page.get_by_role("button", name="Add a team"))
    page.get_by_label("Team name").fill("Rose Unit")
    follow(page, page.get_by_role("button", name="Save team"))

    # Then the team's page says what it still needs: a leader and its people
    expect(heading(page)).to_have_text("Rose Unit")
    expect(page.get_by_role("main")).to_contain_text("Give Rose Unit a leader")
    expect(page.get_by_role("main")).to_contain_text("Add the people in Rose Unit")

    # When they follow "Invite people" from the checklist and import the team from a CSV file
    back_to_today(page)
    expect(task(page, "Add your teams")).to_contain_text("Completed")
    follow(page, task(page, "Invite people").get_by_role("link"))
    follow(page, page.get_by_role("button", name="Import from a CSV file"))
    page.set_input_files(
        "input[type=file][name=file]",
        {"name": "brookside.csv", "mimeType": "text/csv", "buffer": PEOPLE_CSV.encode()},
    )
    follow(page, page.get_by_role("button", name="Import people"))

    # Then everyone is invited, and People names the next step: the roles, which the invited hold once they
    # accept (nobody joins an organisation without saying yes)
    expect(page.get_by_role("status")).to_contain_text("Read 3 people")
    expect(page.get_by_role("status")).to_contain_text("3 invitations are on their way")
    expect(page.get_by_role("main")).to_contain_text("Next on your first-day checklist")
    expect(page.get_by_role("main")).to_contain_text("Give leader and facilitator roles")
    assert sorted(email.to[0] for email in mailoutbox) == [
        "lena.lowry@brookside.example",
        "priya.shah@brookside.example",
        "sam.okoro@brookside.example",
    ]

    # When Programme tells them how to give the facilitator role, which they give themselves
    back_to_today(page)
    expect(task(page, "Invite people")).to_contain_text("Completed")
    expect(task(page, "Give leader and facilitator roles")).to_contain_text("Not started")
    visit_checked(page, "/programme/")
    expect(page.get_by_role("main")).to_contain_text("No one runs a programme in Brookside Care yet")
    follow(page, page.get_by_role("link", name="Give yourself the facilitator role"))
    expect(heading(page)).to_have_text("Change roles")
    page.get_by_role("checkbox", name="Facilitator").check()
    follow(page, page.get_by_role("button", name="Save roles"))
    expect(page.get_by_role("alert")).to_contain_text("You can now set up programmes and cohorts")

    # And they make the two choices by the checklist's links, keeping the defaults
    back_to_today(page)
    expect(task(page, "Give leader and facilitator roles")).to_contain_text("In progress")
    follow(page, task(page, "Choose Listen's anonymity thresholds").get_by_role("link"))
    follow(page, page.get_by_role("button", name="Save thresholds"))
    back_to_today(page)
    follow(page, task(page, "Choose how many emails Attend may send").get_by_role("link"))
    follow(page, page.get_by_role("button", name="Save"))

    # When the leader opens the link from their invitation email, accepts and creates their account
    [invitation] = [email for email in mailoutbox if email.to == ["lena.lowry@brookside.example"]]
    leader = new_page()
    leader_link = INVITATION_LINK.search(invitation.body).group(1)
    visit_checked(leader, leader_link)
    expect(heading(leader)).to_contain_text("has invited you to join Brookside Care")
    leader.get_by_label("Create a password", exact=True).fill("copper-willow-saffron-31")
    leader.get_by_label("Confirm your password", exact=True).fill("copper-willow-saffron-31")
    follow(leader, leader.get_by_role("button", name="Accept and create account"))

    # Then, the leader in place and every step done, the checklist has gone from Today and the organisation page
    back_to_today(page)
    expect(checklist(page)).to_have_count(0)
    visit_checked(page, "/organisation/")
    expect(checklist(page)).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("No: your pages show your name and no NHS logo")
    follow(page, page.get_by_role("link", name="Change whether this is an NHS organisation"))
    expect(page.get_by_role("radio", name="No, it is not part of the NHS")).to_be_checked()

    # Then Today shows them their team
    expect(heading(leader)).to_contain_text("Lena")
    expect(leader.get_by_role("main")).to_contain_text("Your team: Rose Unit")

    # When they take the three-minute breathing space, and end it after a few seconds
    follow(leader, leader.get_by_role("link", name="Take three minutes: breathing space"))
    expect(heading(leader)).to_have_text("Three-step breathing space")
    leader.get_by_role("button", name="Start").click()
    expect(leader.locator("[data-practice-player]")).to_have_attribute("data-state", "running", timeout=20_000)
    check_page(leader)
    leader.wait_for_timeout(2_000)
    leader.get_by_role("button", name="End").click()

    # Then they are thanked, and the practice is in their log
    expect(leader.get_by_role("heading", name="Thank you for taking this time")).to_be_focused()
    check_page(leader)
    assert wait_for_practice("lena.lowry@brookside.example").actual_seconds >= 1

    # When they upload a small calendar to Diary
    visit_checked(leader, "/diary/")
    follow(leader, leader.get_by_role("link", name="Upload a calendar file (.ics)"))
    monday = this_monday()
    leader.set_input_files(
        "input[type=file][name=file]",
        {"name": "work.ics", "mimeType": "text/calendar", "buffer": ics(busy_week(monday))},
    )
    leader.get_by_role("button", name="Upload and read").click()
    expect(leader.get_by_role("status")).to_contain_text("Finished")
    check_page(leader)

    # Then they read their week's report
    follow(leader, leader.get_by_role("button", name="See your week"))
    expect(heading(leader)).to_contain_text("Week of")
    expect(leader.get_by_role("table")).to_contain_text("Meetings (hours)")
