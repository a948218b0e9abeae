import pytest

from attend.organisations import services
from attend.organisations.tests.support import BASE_URL, HEADER, people_csv


@pytest.fixture
def import_people(organisation, org_admin, django_capture_on_commit_callbacks):
    """Import CSV lines into `organisation` as its admin, sending any emails the import queues."""

    def run(*lines: str, header: str = HEADER) -> services.ImportResult:
        with django_capture_on_commit_callbacks(execute=True):
            return services.people_import(
                organisation=organisation, data=people_csv(*lines, header=header), by=org_admin.user, base_url=BASE_URL
            )

    return run


@pytest.fixture
def invite(organisation, org_admin, django_capture_on_commit_callbacks):
    """Invite one person into `organisation` as its admin, sending the email."""

    def run(*, name="Nia New", email="nia.new@example.test", roles=None, team=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.person_invite(
                organisation=organisation,
                name=name,
                email=email,
                roles=set(roles or ([] if team is None else ["member"])),
                team=team,
                by=org_admin.user,
                base_url=BASE_URL,
            )

    return run
