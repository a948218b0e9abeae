"""Subscription links against a real local HTTP server, and the rules that keep fetching safe."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from attend.diary import fetching, selectors, services, tasks
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.tests.support import busy_week, ics, this_monday
from attend.nudges.models import Notification


class CalendarServer:
    """An http.server in a thread answering each path from `routes`: {path: (status, body, headers)}."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, dict]] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                status, body, headers = routes.get(self.path, (404, b"", {}))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def calendar_server():
    with CalendarServer() as server:
        yield server


@pytest.fixture
def private_allowed(settings):
    settings.DIARY_ALLOW_PRIVATE_ADDRESSES = True


def week_file(prefix="Meeting") -> bytes:
    return ics(busy_week(this_monday(), prefix=prefix))


def test_webcal_links_are_fetched_over_https():
    assert (
        fetching.subscription_url_clean("webcal://calendar.example.org/a.ics") == "https://calendar.example.org/a.ics"
    )


@pytest.mark.parametrize("url", ["ftp://example.org/a.ics", "not a link", "http://calendar.example.org/a.ics"])
def test_only_https_links_are_accepted(url):
    with pytest.raises(fetching.FetchFailed):
        fetching.subscription_url_clean(url)


@pytest.mark.parametrize("url", ["https://example.org:99999/a.ics", "https://example.org:abc/a.ics", "https://[::1/a"])
def test_a_mistyped_address_is_a_plain_message_not_an_error(url):
    with pytest.raises(fetching.FetchFailed, match="starting with https://|starts with https://"):
        fetching.subscription_fetch(url)
    with pytest.raises(fetching.FetchFailed, match="starting with https://"):
        fetching.caldav_url_check(url)


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.8", "192.168.1.1", "169.254.169.254", "[::1]", "localhost"])
def test_private_and_local_addresses_are_refused(host):
    with pytest.raises(fetching.FetchFailed, match="private or local"):
        fetching.subscription_fetch(f"https://{host}/calendar.ics")


def test_a_caldav_address_on_the_private_network_is_refused():
    with pytest.raises(fetching.FetchFailed, match="private or local"):
        fetching.caldav_url_check("https://127.0.0.1:5232/user/calendar/")


def test_a_subscription_is_fetched(private_allowed, calendar_server):
    calendar_server.routes["/cal.ics"] = (200, week_file(), {"Content-Type": "text/calendar"})

    assert fetching.subscription_fetch(f"{calendar_server.base}/cal.ics") == week_file()


def test_redirects_are_followed_a_few_times(private_allowed, calendar_server):
    calendar_server.routes["/old.ics"] = (302, b"", {"Location": "/new.ics"})
    calendar_server.routes["/new.ics"] = (200, week_file(), {})
    calendar_server.routes["/loop.ics"] = (302, b"", {"Location": "/loop.ics"})

    assert fetching.subscription_fetch(f"{calendar_server.base}/old.ics") == week_file()
    with pytest.raises(fetching.FetchFailed, match="redirected too many times"):
        fetching.subscription_fetch(f"{calendar_server.base}/loop.ics")


def test_a_calendar_over_the_size_limit_is_stopped(private_allowed, calendar_server):
    calendar_server.routes["/big.ics"] = (200, b"x" * 5000, {})

    with pytest.raises(fetching.FetchFailed, match="larger than"):
        fetching.subscription_fetch(f"{calendar_server.base}/big.ics", max_bytes=4000)


@pytest.mark.parametrize(("status", "words"), [(404, "unpublished"), (401, "password"), (500, "HTTP 500")])
def test_server_errors_are_named(private_allowed, calendar_server, status, words):
    with pytest.raises(fetching.FetchFailed, match=words):
        calendar_server.routes["/x.ics"] = (status, b"", {})
        fetching.subscription_fetch(f"{calendar_server.base}/x.ics")


def test_an_unreachable_server_is_named(private_allowed):
    with pytest.raises(fetching.FetchFailed, match="could not reach"):
        fetching.subscription_fetch("http://127.0.0.1:9/cal.ics", timeout=2)


@pytest.mark.django_db
def test_adding_a_subscription_imports_it_and_refresh_updates_it(
    private_allowed, calendar_server, leader, django_capture_on_commit_callbacks
):
    calendar_server.routes["/cal.ics"] = (200, week_file("First"), {})
    with django_capture_on_commit_callbacks(execute=True):  # the import is queued once the request commits
        diary_import = services.diary_subscription_add(
            owner=leader.user, name="NHSmail", url=f"{calendar_server.base}/cal.ics"
        )
    calendar = diary_import.calendar
    calendar.refresh_from_db()
    assert calendar.connection == {"url": f"{calendar_server.base}/cal.ics"}
    assert calendar.next_refresh_at > timezone.now()

    calendar_server.routes["/cal.ics"] = (200, week_file("Second"), {})
    services.diary_calendar_refresh(calendar=calendar)

    window = services.stored_window(leader.user)
    assert {event.title.split()[0] for event in selectors.events_between(leader.user, *window)} == {"Second"}


@pytest.mark.django_db
def test_refresh_now_fetches_at_once_and_leaves_the_reading_to_the_worker(
    private_allowed, calendar_server, leader, leader_client, settings, django_capture_on_commit_callbacks
):
    calendar_server.routes["/cal.ics"] = (200, week_file("First"), {})
    with django_capture_on_commit_callbacks(execute=True):
        calendar = services.diary_subscription_add(
            owner=leader.user, name="NHSmail", url=f"{calendar_server.base}/cal.ics"
        ).calendar
    calendar_server.routes["/cal.ics"] = (200, week_file("Second"), {})
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # keeps, never runs

    with django_capture_on_commit_callbacks(execute=True):  # the request commits, so the refresh is queued
        response = leader_client.post(reverse("diary:calendar_refresh", args=[calendar.pk]))

    # The link was read in the request (a broken one is said at once); the file waits for the worker
    (queued,) = default_task_backend.results
    waiting = DiaryImport.objects.get(pk=queued.args[0])
    assert calendar_server.hits == ["/cal.ics", "/cal.ics"]
    assert response.url == reverse("diary:import_progress", args=[waiting.pk])
    assert waiting.state == DiaryImport.State.QUEUED
    tasks.diary_import_process.call(*queued.args)
    window = services.stored_window(leader.user)
    assert {event.title.split()[0] for event in selectors.events_between(leader.user, *window)} == {"Second"}


@pytest.mark.django_db
def test_a_broken_link_keeps_the_events_and_tells_the_person_once(private_allowed, calendar_server, leader):
    calendar_server.routes["/cal.ics"] = (200, week_file(), {})
    calendar = services.diary_subscription_add(
        owner=leader.user, name="NHSmail", url=f"{calendar_server.base}/cal.ics"
    ).calendar
    calendar.refresh_from_db()
    first = calendar.current_import_id
    del calendar_server.routes["/cal.ics"]

    for _ in range(services.FAILURES_BEFORE_TELLING + 2):
        services.diary_calendar_refresh(calendar=calendar)

    calendar.refresh_from_db()
    assert calendar.current_import_id == first
    assert calendar.status == DiaryCalendar.Status.FAILED
    assert "HTTP 404" in calendar.last_error
    told = Notification.objects.filter(person=leader.user, kind="calendar_link_broken")
    assert told.count() == 1


@pytest.mark.django_db
def test_due_calendars_are_refreshed_once_each(
    private_allowed, calendar_server, leader, django_capture_on_commit_callbacks
):
    calendar_server.routes["/cal.ics"] = (200, week_file(), {})
    with django_capture_on_commit_callbacks(execute=True):
        calendar = services.diary_subscription_add(
            owner=leader.user, name="Link", url=f"{calendar_server.base}/cal.ics"
        ).calendar
    services.diary_calendar_create(owner=leader.user, source=DiaryCalendar.Source.UPLOAD, name="File")
    later = timezone.now() + services.refresh_interval() + datetime.timedelta(minutes=1)
    calendar_server.hits.clear()

    with time_machine.travel(later, tick=False):
        # Each run commits before the next, so what it queued has run.
        with django_capture_on_commit_callbacks(execute=True):
            assert services.diary_refresh_due() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert services.diary_refresh_due() == 0  # refreshed and moved on: not due again yet
    assert calendar_server.hits == ["/cal.ics"]
    calendar.refresh_from_db()
    assert calendar.failures == 0


@pytest.mark.django_db
def test_a_subscription_link_that_fails_at_once_saves_nothing(private_allowed, calendar_server, leader):
    with pytest.raises(fetching.FetchFailed):
        services.diary_subscription_add(owner=leader.user, name="Link", url=f"{calendar_server.base}/missing.ics")

    assert not DiaryCalendar.objects.exists()


def test_a_server_dripping_its_answer_is_stopped_at_the_time_limit(private_allowed):
    """Each read arrives within the socket timeout, but the whole answer would take far longer."""
    import time

    class Drip(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(100):
                try:
                    self.wfile.write(b"x" * 10)
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        with pytest.raises(fetching.FetchFailed, match="took too long"):
            fetching.subscription_fetch(f"http://127.0.0.1:{server.server_address[1]}/cal.ics", timeout=1)
        assert time.monotonic() - started < 5
    finally:
        server.shutdown()
        server.server_close()
