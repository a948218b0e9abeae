"""CalDAV against a real Radicale server: started on a free port with a temporary folder and plain htpasswd
sign-in, given a calendar and events with the caldav client, then imported through Diary's service."""

import socket
import subprocess
import sys
import time
import zoneinfo

import caldav
import pytest

from attend.diary import fetching, selectors, services
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.tests.support import at, this_monday

USER, PASSWORD = "lee", "app-password-1"

# Slow for the quick loop (`make test-fast` leaves it out); `make test` runs it.
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale stopped: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("Radicale did not start")


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    folder = tmp_path_factory.mktemp("radicale")
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(users),
            "--auth-htpasswd-encryption",
            "plain",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def work_calendar(radicale) -> str:
    """A calendar with a morning of meetings this week and one last year; returns its URL."""
    monday = this_monday()
    with caldav.DAVClient(url=f"{radicale}/{USER}/", username=USER, password=PASSWORD) as client:
        calendar = client.principal().make_calendar(name="Work")
        for hour in (9, 10, 11):
            start, end = at(monday, hour), at(monday, hour + 1)
            calendar.save_event(dtstart=start, dtend=end, summary=f"Ward round {hour}", uid=f"ward-{hour}@radicale")
        last_year = at(monday.replace(year=monday.year - 1), 9)
        calendar.save_event(dtstart=last_year, dtend=at(last_year.date(), 10), summary="Old", uid="old@radicale")
        return str(calendar.url)


@pytest.fixture
def private_allowed(settings):
    settings.DIARY_ALLOW_PRIVATE_ADDRESSES = True


@pytest.mark.django_db
def test_a_caldav_calendar_is_imported(private_allowed, work_calendar, leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the import is queued once the request commits
        diary_import = services.diary_caldav_add(
            owner=leader.user, name="Work", url=work_calendar, username=USER, password=PASSWORD
        )
    diary_import.refresh_from_db()  # what the worker did after the commit

    assert diary_import.state == DiaryImport.State.DONE
    events = selectors.events_between(leader.user, *services.stored_window(leader.user))
    assert sorted(event.title for event in events) == ["Ward round 10", "Ward round 11", "Ward round 9"]
    london = zoneinfo.ZoneInfo("Europe/London")
    assert events[0].start.astimezone(london).hour == 9
    calendar = DiaryCalendar.objects.get()
    assert calendar.connection["password"] == PASSWORD  # kept (encrypted) for refreshing


@pytest.mark.django_db
def test_a_caldav_calendar_refreshes(private_allowed, work_calendar, leader):
    calendar = services.diary_caldav_add(
        owner=leader.user, name="Work", url=work_calendar, username=USER, password=PASSWORD
    ).calendar

    assert services.diary_calendar_refresh(calendar=calendar).state == DiaryImport.State.DONE


def test_a_wrong_password_is_named(private_allowed, work_calendar):
    monday = this_monday()
    with pytest.raises(fetching.FetchFailed, match="not accepted"):
        fetching.caldav_fetch(url=work_calendar, username=USER, password="wrong", start=monday, end=monday)


def test_an_address_that_is_not_a_calendar_is_named(private_allowed, radicale):
    monday = this_monday()
    with pytest.raises(fetching.FetchFailed, match="no calendar at this address"):
        fetching.caldav_fetch(
            url=f"{radicale}/{USER}/no-such-calendar/", username=USER, password=PASSWORD, start=monday, end=monday
        )


@pytest.mark.django_db
def test_the_home_address_finds_the_only_calendar(
    private_allowed, work_calendar, radicale, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.diary_caldav_add(
            owner=leader.user, name="Work", url=f"{radicale}/{USER}/", username=USER, password=PASSWORD
        )

    assert len(selectors.events_between(leader.user, *services.stored_window(leader.user))) == 3


def test_an_unreachable_server_is_named(private_allowed):
    monday = this_monday()
    with pytest.raises(fetching.FetchFailed, match="could not reach"):
        fetching.caldav_fetch(
            url=f"http://127.0.0.1:{free_port()}/x/", username=USER, password=PASSWORD, start=monday, end=monday
        )
