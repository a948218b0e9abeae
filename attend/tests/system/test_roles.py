"""Given an organisation admin, when they change a person's roles, then the person page and the audit log show it."""

import pytest
from playwright.sync_api import expect

from attend.tests.system.conftest import check_page, follow, open_from_menu, sign_in, tab_to

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_an_admin_makes_a_team_member_the_leader_and_a_facilitator(page, org_admin, member):
    # Given an organisation admin looking at a team member
    sign_in(page, org_admin.user.email)
    open_from_menu(page, "Organisation")
    check_page(page)
    follow(page, page.get_by_role("link", name="People", exact=True))
    page.get_by_role("link", name="Mo Member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mo Member")
    check_page(page)

    # When they make them the leader of their team and a facilitator
    page.get_by_role("link", name="Change roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change roles")
    check_page(page)
    page.get_by_role("checkbox", name="Facilitator").check()
    page.get_by_role("group", name="Ward 7").get_by_role("radio", name="Leader of this team").check()
    page.get_by_role("button", name="Save roles").click()

    # Then the person page shows the new roles
    expect(page.get_by_role("alert")).to_contain_text("Mo Member's roles have been saved")
    roles = page.locator(".nhsuk-summary-list")
    expect(roles).to_contain_text("Facilitator")
    expect(roles).to_contain_text("Ward 7 (leader)")
    check_page(page)

    # And the audit log records each change, by whom and about whom
    open_from_menu(page, "Organisation")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    events = page.get_by_role("table", name="Audit events")
    team_change = events.get_by_role("row").filter(has_text="member@example.test in Ward 7")
    expect(team_change).to_contain_text("Role given")
    expect(team_change).to_contain_text("Ade Admin")
    expect(events.get_by_role("row").filter(has_text="Role given")).to_have_count(2)
    check_page(page)


def test_an_admin_changes_a_role_by_keyboard_alone(page, org_admin, member):
    # Given an organisation admin on a team member's page, using only a keyboard
    sign_in(page, org_admin.user.email)
    page.goto(f"/organisation/people/{member.pk}/")
    check_page(page)

    # When they tab to "Change roles", tick Facilitator with Space and save with Enter
    tab_to(page, page.get_by_role("link", name="Change roles"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change roles")
    check_page(page)
    facilitator = page.get_by_role("checkbox", name="Facilitator")
    tab_to(page, facilitator)
    page.keyboard.press("Space")
    expect(facilitator).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Save roles"))
    page.keyboard.press("Enter")

    # Then the person page shows the new role
    expect(page.get_by_role("alert")).to_contain_text("Mo Member's roles have been saved")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Facilitator")
    check_page(page)
