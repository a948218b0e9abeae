"""The CalDAV client connects only to addresses Attend checked (issue 14).

The caldav library looks the host up itself, after Attend's check: a DNS server that answers a public address to
the check and 127.0.0.1 to the connection (DNS rebinding) would have turned Attend against its own network. Its
redirects were followed unchecked too. Here DNS is a fake with exactly that behaviour, and every socket connect
is recorded: an inside address is never connected to.
"""

import ipaddress
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from attend.diary import fetching

PUBLIC = "93.184.215.14"
real_getaddrinfo = socket.getaddrinfo
real_connect = socket.socket.connect


class RebindingDNS:
    """Answers `first` for a name the first time it is asked, then `later` ever after; IP literals as they are."""

    def __init__(self, answers: dict[str, tuple[str, str]]):
        self.answers = answers
        self.asked: dict[str, int] = {}

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in self.answers:
            return real_getaddrinfo(host, port, family, type, proto, flags)
        first, later = self.answers[name]
        self.asked[name] = self.asked.get(name, 0) + 1
        address = first if self.asked[name] == 1 else later
        return real_getaddrinfo(address, port, family, type, proto, flags | socket.AI_NUMERICHOST)


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket connects to. Connections to anywhere but loopback are refused at once (this
    machine has no internet); loopback ones go through, to a server that counts them."""
    seen = []

    def connect(sock, address):
        seen.append(address[0])
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise ConnectionRefusedError(f"no route to {address[0]} in tests")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


@pytest.fixture
def loopback_server():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def handle(self):
            hits.append(self.client_address)
            super().handle()

        def do_PROPFIND(self):
            self.send_response(207)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def fetch(url: str) -> bytes:
    return fetching.caldav_fetch(
        url=url, username="lee", password="app-password", start=date(2026, 3, 2), end=date(2026, 3, 9), timeout=3
    )


def test_a_host_that_rebinds_to_loopback_after_the_check_is_never_reached(monkeypatch, connections, loopback_server):
    port, hits = loopback_server
    dns = RebindingDNS({"calendar.example.org": (PUBLIC, "127.0.0.1")})
    monkeypatch.setattr(socket, "getaddrinfo", dns)

    with pytest.raises(fetching.FetchFailed, match="could not reach"):
        fetch(f"https://calendar.example.org:{port}/lee/work/")

    assert hits == []
    assert "127.0.0.1" not in connections
    assert set(connections) == {PUBLIC}  # the address that was checked, and only that


class RedirectingServer:
    """Stands in for a public CalDAV server (on loopback, as tests have no internet): answers every request with
    a redirect to `location`."""

    def __init__(self, location: str):
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_PROPFIND(self):
                hits.append(self.path)
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_PROPFIND  # a 302 turns the client's PROPFIND into a GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://calendar.example.org:{self.server.server_address[1]}/lee/work/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback_stands_in_for_the_internet(monkeypatch):
    """Only 127.0.0.1 counts as public here, and plain http is allowed: the stand-in server has no certificate."""
    real_rule = fetching.address_is_public
    monkeypatch.setattr(fetching, "address_is_public", lambda a: a == "127.0.0.1" or real_rule(a))
    monkeypatch.setattr(fetching, "allowed_schemes", lambda: ("https", "http"))


@pytest.mark.parametrize(
    "location",
    [
        "http://intranet.example.org/calendar/",  # a name that resolves inside
        "http://10.0.0.8/calendar/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://[64:ff9b::a00:8]/calendar/",  # 10.0.0.8 through NAT64
    ],
)
def test_a_redirect_to_an_inside_address_is_refused(
    monkeypatch, connections, loopback_stands_in_for_the_internet, location
):
    dns = RebindingDNS(
        {"calendar.example.org": ("127.0.0.1", "127.0.0.1"), "intranet.example.org": ("10.0.0.8", "10.0.0.8")}
    )
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    server = RedirectingServer(location)
    try:
        with pytest.raises(fetching.FetchFailed, match="private or local"):
            fetch(server.url)
    finally:
        server.close()

    assert server.hits, "the calendar server was asked"
    assert [address for address in connections if address != "127.0.0.1"] == []


def test_a_redirect_away_from_https_is_refused(monkeypatch, connections):
    monkeypatch.setattr(fetching, "address_is_public", lambda a: a == "127.0.0.1")
    session = fetching._checked_session("calendar.example.org", "127.0.0.1")

    class Redirect:
        is_redirect = True
        url = "https://calendar.example.org/lee/work/"
        headers = {"location": "http://calendar.example.org/lee/work/"}

    with pytest.raises(fetching.FetchFailed, match="not https"):
        session.get_redirect_target(Redirect())


def test_redirects_are_followed_at_most_three_times(monkeypatch, connections, loopback_stands_in_for_the_internet):
    dns = RebindingDNS({"calendar.example.org": ("127.0.0.1", "127.0.0.1")})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    server = RedirectingServer("/again/")
    try:
        with pytest.raises(fetching.FetchFailed, match="redirected too many times"):
            fetch(server.url)
    finally:
        server.close()

    assert len(server.hits) == 1 + fetching.MOST_REDIRECTS


def test_a_proxy_named_in_the_environment_is_not_used(monkeypatch, connections, loopback_server):
    # A proxy would look the host up itself, after Attend's check.
    port, hits = loopback_server
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setattr(socket, "getaddrinfo", RebindingDNS({"calendar.example.org": (PUBLIC, PUBLIC)}))

    with pytest.raises(fetching.FetchFailed, match="could not reach"):
        fetch("https://calendar.example.org/lee/work/")

    assert hits == []
    assert set(connections) == {PUBLIC}
