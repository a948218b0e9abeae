"""Given people with different places, when they move around, then they reach only their own organisation's pages."""

import pytest
from playwright.sync_api import expect

from attend.organisations.models import Role
from attend.organisations.tests.factories import MembershipFactory, TeamMembershipFactory
from attend.tests.system.conftest import check_page, sign_in, visit_checked

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_team_member_cannot_open_the_organisation_admin_pages(page, member, org_admin):
    # Given a team member, signed in, with no Organisation link in the header
    sign_in(page, member.user.email)
    expect(page.get_by_role("link", name="Organisation", exact=True)).to_have_count(0)

    # When they type the address of an organisation admin page
    for path in ("/organisation/people/", f"/organisation/people/{org_admin.pk}/"):
        response = page.goto(path)

        # Then they are told they cannot open it, and nothing about the people is shown
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this page")
        expect(page.locator("main")).not_to_contain_text("Ade Admin")
        check_page(page)


def test_a_person_in_two_organisations_switches_between_them(page, leader, other_team):
    # Given a leader in Northgate who also leads a team in another organisation
    TeamMembershipFactory(
        team=other_team,
        membership=MembershipFactory(organisation=other_team.organisation, user=leader.user),
        role=Role.LEADER,
    )
    sign_in(page, leader.user.email)
    expect(page.get_by_text("Working in Northgate Community Care.")).to_be_visible()
    expect(page.get_by_role("link", name="Your team: Ward 7")).to_be_visible()
    check_page(page)

    # When they follow "Change organisation" and choose the other one
    page.get_by_role("link", name="Change organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change organisation")
    check_page(page)
    page.get_by_role("radio", name="Elsewhere Care Homes").check()
    page.get_by_role("button", name="Continue").click()

    # Then Today shows the other organisation and its team, and not the first one's
    expect(page.get_by_text("Working in Elsewhere Care Homes.")).to_be_visible()
    expect(page.get_by_role("link", name="Your team: Beech House")).to_be_visible()
    expect(page.get_by_role("link", name="Your team: Ward 7")).to_have_count(0)
    check_page(page)

    # And the first organisation's team page is now out of reach
    visit_checked(page, f"/organisation/my-team/{leader.team_memberships.get().team_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
