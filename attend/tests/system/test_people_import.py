"""Given an admin with a CSV of people, when one line is wrong, then nothing is imported until it is fixed; the
fixed file is imported in the background, with a progress page that says what it did."""

import pytest
from playwright.sync_api import expect

from attend.tests.system.conftest import check_page, sign_in, visit_checked

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

HEADER = "name,email,team,role\n"
ROWS = [
    "Asha Patel,asha.patel@example.test,Ward 9,leader\n",
    "Ben Okafor,ben.okafor@example.test,Ward 9,team member\n",
    "Cara Lewis,{cara},Ward 9,team member\n",
]
PEOPLE = ["Asha Patel", "Ben Okafor", "Cara Lewis"]


def people_csv(folder, name: str, *, cara_email: str):
    path = folder / name
    path.write_text(HEADER + "".join(ROWS).format(cara=cara_email), encoding="utf-8")
    return path


def upload(page, path) -> None:
    # The design system's script hides the native file input behind a "Choose file" drop button.
    page.set_input_files("input[type=file][name=file]", path)
    expect(page.get_by_role("button", name="Upload a CSV file")).to_contain_text(path.name)
    page.get_by_role("button", name="Import people").click()


def test_a_file_with_one_bad_line_imports_nobody_and_the_fixed_file_imports_everyone(page, org_admin, tmp_path):
    # Given an organisation admin on the import page
    sign_in(page, org_admin.user.email)
    visit_checked(page, "/organisation/people/")
    page.get_by_role("button", name="Import from a CSV file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people from a CSV file")
    check_page(page)

    # When they upload a file whose line 4 has an email address that is not one
    upload(page, people_csv(tmp_path, "people.csv", cara_email="cara.lewis.example.test"))

    # Then nothing was imported, and the page names the line and the reason
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Nothing was imported")
    expect(summary).to_contain_text('Line 4: "cara.lewis.example.test" is not a valid email address')
    check_page(page)

    # And the People page shows none of the file's people
    page.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    for name in PEOPLE:
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    check_page(page)

    # When they upload the corrected file
    page.get_by_role("button", name="Import from a CSV file").click()
    upload(page, people_csv(tmp_path, "people-fixed.csv", cara_email="cara.lewis@example.test"))

    # Then the import leaves for the background and its progress page says what it did (in tests the worker
    # runs the task as soon as the upload commits)
    expect(page.get_by_role("heading", level=1)).to_have_text("People import")
    expect(page.get_by_role("status")).to_contain_text("Read 3 people and added 1 team")
    expect(page.get_by_role("status")).to_contain_text("3 invitations are on their way")
    check_page(page)

    # And everyone in the file is invited: they join when they accept
    page.get_by_role("button", name="See who you invited").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invited")
    for name in PEOPLE:
        expect(page.get_by_role("main").get_by_text(name, exact=True)).to_be_visible()
    check_page(page)

    # And the new team is on the Teams page
    visit_checked(page, "/organisation/teams/")
    expect(page.locator("main")).to_contain_text("Ward 9")


def test_the_progress_page_follows_a_running_import_and_says_when_one_stopped(page, org_admin, monkeypatch):
    from types import SimpleNamespace

    from attend.organisations import services
    from attend.organisations.services import imports

    # Given two imports an admin uploaded that the worker has not started yet
    monkeypatch.setattr(imports, "people_import_process", SimpleNamespace(enqueue=lambda import_id: None))
    data = (HEADER + "".join(ROWS).format(cara="cara.lewis@example.test")).encode()

    def start():
        return services.people_import_start(
            organisation=org_admin.organisation, data=data, by=org_admin.user, base_url="https://attend.example/"
        ).people_import

    running, stopped = start(), start()
    sign_in(page, org_admin.user.email)

    # When the admin opens the first one's page
    visit_checked(page, f"/organisation/people/imports/{running.pk}/")

    # Then it says what it is doing, and offers a plain link for a browser without scripts
    expect(page.get_by_role("status")).to_have_text("Importing 3 people…")
    expect(page.get_by_role("link", name="Refresh to see progress")).to_be_visible()

    # When the worker writes it, then the page changes by itself to what the import did
    services.people_import_run(people_import=running)
    expect(page.get_by_role("status")).to_contain_text("Read 3 people and added 1 team", timeout=10_000)
    expect(page.get_by_role("link", name="Refresh to see progress")).to_have_count(0)
    check_page(page)

    # When the worker has to stop the other one, then its page says nothing was imported and how to try again
    services.people_import_task_failed(args=[str(stopped.pk)], kwargs={}, reason="time")
    visit_checked(page, f"/organisation/people/imports/{stopped.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported")
    expect(page.get_by_role("alert")).to_contain_text("took longer than Attend allows")
    expect(page.get_by_role("button", name="Upload the file again")).to_be_visible()
