"""Given every page in the URLconf that someone may open, when it is shown at 1280px and 320px,
then axe-core finds no WCAG 2.2 A/AA problem and nothing scrolls sideways.

The pages and who may open them come from the role-by-URL table, so a new page is checked here too.
"""

import pytest
from playwright.sync_api import expect

from attend.diary.tests import url_roles as diary_roles
from attend.listen.tests import url_roles as listen_roles
from attend.programme.tests import url_roles as programme_roles
from attend.tests.system.conftest import check_page, sign_in
from attend.tests.test_url_roles import EXPECTED, ROLES, url_for

pytestmark = [pytest.mark.system, pytest.mark.sweep, pytest.mark.django_db(transaction=True)]


def first_role_that_sees(name: str) -> str | None:
    return next((role for role in ROLES if EXPECTED[name][role] == 200), None)


# Downloads are files, not pages.
DOWNLOADS = {
    "organisations:people_import_sample",
    "reflect:account_docx",
    "reflect:export_everything",
    "practice:export",
    "connect:conversation_ics",
    "connect:conversation_series_ics",
    "service_worker",
    "manifest",
    *diary_roles.DOWNLOADS,
    *listen_roles.DOWNLOADS,
    *programme_roles.DOWNLOADS,
}
PAGES = sorted(name for name in EXPECTED if first_role_that_sees(name) and name not in DOWNLOADS)


@pytest.mark.parametrize("role", ["anonymous", "member", "leader", "facilitator", "org_admin"])
def test_every_page_a_role_can_open_passes_axe(
    page, role, team, member, leader, other_leader, facilitator, org_admin, journal, private_things
):
    people = {"member": member, "leader": leader, "facilitator": facilitator, "org_admin": org_admin}
    if role != "anonymous":
        sign_in(page, people[role].user.email)
    visited = 0
    for name in PAGES:
        if EXPECTED[name][role] != 200:
            continue
        response = page.goto(url_for(name, team, member, {**journal, **private_things}))
        assert response.status == 200, f"{name} answered {response.status} to the {role}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_page(page)
        visited += 1
    assert visited > 0
