"""Fetching a person's calendar from the internet: an ICS subscription link, or a CalDAV calendar.

The server fetches addresses people type, so it must not become a way into the private network behind it
(server-side request forgery): every host is resolved first, and an address that is not public (loopback,
private, link-local, reserved, multicast, or any of these inside an IPv6 form such as NAT64) is refused unless
settings.DIARY_ALLOW_PRIVATE_ADDRESSES is set (tests, a home installation). Subscription downloads and the
CalDAV client both connect to the very address that was checked (no second DNS lookup), follow at most a few
redirects (each checked again), and time out; subscriptions also stop at the size limit while streaming.
See docs/adr/0011-diary-imports-and-privacy.md.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
import time as clock
from datetime import date, datetime, time
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from attend.diary.calendar_read import MAX_BYTES

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 20
MOST_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "Attend diary (calendar refresh)"


class FetchFailed(Exception):
    """A calendar could not be fetched. The message is plain English, fit to show the person."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def private_addresses_allowed() -> bool:
    return bool(getattr(settings, "DIARY_ALLOW_PRIVATE_ADDRESSES", False))


def _split(url: str, problem: str):
    """urlsplit, with a mistyped address (a bad port, a broken [IPv6]) as FetchFailed rather than ValueError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it is the check: a port that is not a number raises here
    except ValueError:
        raise FetchFailed(problem)
    return parts


def subscription_url_clean(url: str) -> str:
    """The link as Attend fetches it: webcal:// becomes https://. Raises FetchFailed when it is not a link."""
    problem = "Enter a link that starts with https:// or webcal://"
    url = url.strip()
    parts = _split(url, problem)
    scheme = parts.scheme.lower()
    if scheme in ("webcal", "webcals"):
        url = "https" + url[len(parts.scheme) :]
        parts = _split(url, problem)
        scheme = "https"
    if scheme not in allowed_schemes() or not parts.hostname:
        raise FetchFailed(problem)
    return url


def public_address(host: str, port: int) -> str:
    """An address `host` resolves to, checked to be on the public internet. Raises FetchFailed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchFailed(f"Attend could not find the server {host}. Check the link is typed correctly.")
    addresses = [info[4][0] for info in found]
    if not private_addresses_allowed():
        for address in addresses:
            if not address_is_public(address):
                raise FetchFailed("Attend cannot fetch calendars from private or local network addresses.")
    return addresses[0]


# IPv6 prefixes whose last 32 bits are an IPv4 address that a gateway or the host's own stack delivers to:
# IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96, SIIT) and the NAT64 well-known prefix
# (64:ff9b::/96). Such an address is exactly as public as the IPv4 address inside it.
CARRIES_IPV4 = [ipaddress.ip_network(net) for net in ("::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96")]
# Tunnels and leftovers that also carry an IPv4 address, through relays Attend does not control: the local-use
# NAT64 prefix, IPv4-compatible addresses (deprecated), 6to4 and Teredo. No calendar server lives there.
TUNNELS = [ipaddress.ip_network(net) for net in ("64:ff9b:1::/48", "::/96", "2002::/16", "2001::/32")]


def address_is_public(address: str) -> bool:
    """True when `address` (as getaddrinfo gives it, maybe with a %zone) is on the public internet, in any form."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6:
        if any(ip in network for network in CARRIES_IPV4):
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif any(ip in network for network in TUNNELS):
            return False
    # is_global leaves multicast in (224.0.0.0/4 is not "private"); nothing Attend fetches is multicast.
    return ip.is_global and not ip.is_multicast


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, whatever DNS says a moment later."""

    def __init__(self, host: str, *, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _open(url: str, timeout: float) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    address = public_address(parts.hostname, port)
    connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, address=address, port=port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/calendar, */*"})
    return connection.getresponse()


def _read_limited(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    """The body, up to `max_bytes`, by `deadline` (time.monotonic). The socket timeout alone is per read, so
    a server dripping a byte at a time could otherwise hold the worker for as long as it liked."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchFailed(_too_big(max_bytes))
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchFailed(_too_big(max_bytes))
        if clock.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(max_bytes: int) -> str:
    return f"The calendar at this link is larger than {max_bytes // (1024 * 1024)} MB, so Attend cannot read it."


def _status_problem(status: int) -> str:
    if status in (401, 403):
        return (
            f"The link asks for a password (HTTP {status}). Publish the calendar as a link anyone can open, "
            "or connect it with CalDAV."
        )
    if status == 404:
        return "Nothing was found at this link (HTTP 404). It may have been unpublished: publish it again."
    return f"The calendar server answered with an error (HTTP {status}). Attend will try again later."


def subscription_fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The calendar at an ICS link, as bytes. Raises FetchFailed with a plain message."""
    url = subscription_url_clean(url)
    deadline = clock.monotonic() + timeout  # for the whole fetch, redirects included
    for _ in range(MOST_REDIRECTS + 1):
        try:
            response = _open(url, timeout)
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                location = response.getheader("Location")
                response.close()
                url = subscription_url_clean(urljoin(url, location))
                continue
            if response.status != 200:
                raise FetchFailed(_status_problem(response.status))
            return _read_limited(response, max_bytes, deadline)
        except FetchFailed:
            raise
        except ssl.SSLError:
            raise FetchFailed("The server's security certificate could not be checked, so Attend did not connect.")
        except TimeoutError:
            raise FetchFailed("The calendar server took too long to answer. Attend will try again later.")
        except (OSError, http.client.HTTPException) as error:
            logger.info("Subscription fetch failed: %s", error)
            raise FetchFailed("Attend could not reach the calendar server. Check the link, or try again later.")
    raise FetchFailed("The link redirected too many times.")


def allowed_schemes() -> tuple[str, ...]:
    return ("https", "http") if private_addresses_allowed() else ("https",)


def caldav_url_check(url: str) -> str:
    """CalDAV addresses follow the same rules as subscription links (https, public), webcal excepted."""
    _caldav_checked(url)
    return url.strip()


def _caldav_checked(url: str) -> tuple[str, str]:
    """The host of a CalDAV address and the public address it resolves to. Raises FetchFailed."""
    url = url.strip()
    problem = "Enter the calendar's address, starting with https://"
    parts = _split(url, problem)
    if parts.scheme.lower() not in allowed_schemes() or not parts.hostname:
        raise FetchFailed(problem)
    return parts.hostname, public_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def _checked_session(host: str, address: str):
    """An HTTP session for the CalDAV client that only ever connects to checked addresses.

    The caldav library connects through niquests, which would look the host up again (a DNS rebinding window
    between Attend's check and the connection) and follow redirects anywhere. This session's resolver answers
    the address Attend checked for the calendar's own host, and resolves-and-checks any other host (a redirect)
    on the very lookup the connection then uses; redirects are capped and must stay on https. TLS still uses
    the host name, for SNI and for checking the certificate: only the DNS answer is pinned.
    """
    import niquests
    from niquests.packages.urllib3.contrib.resolver.system import SystemResolver

    class CheckedResolver(SystemResolver):
        def __init__(self):
            super().__init__()
            self.checked = {host.lower(): address}

        def getaddrinfo(self, name, port, family, type, proto=0, flags=0, *, quic_upgrade_via_dns_rr=False):
            name = (name.decode("ascii") if isinstance(name, bytes) else name or "").lower()
            if name not in self.checked:
                self.checked[name] = public_address(name, int(port or 443))
            return socket.getaddrinfo(self.checked[name], port, family, type, proto, flags | socket.AI_NUMERICHOST)

    class CheckedSession(niquests.Session):
        def get_redirect_target(self, response):
            target = super().get_redirect_target(response)
            if target and _split(urljoin(response.url, target), "").scheme.lower() not in allowed_schemes():
                raise FetchFailed("The calendar server sent Attend to an address that is not https, so it stopped.")
            return target

    session = CheckedSession(resolver=CheckedResolver(), disable_http3=True)
    session.max_redirects = MOST_REDIRECTS
    # As subscription fetching: straight to the checked address, never through a proxy named in the
    # environment (which would do its own lookup).
    session.trust_env = False
    return session


CALDAV_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"


def _caldav_calendar(client, url: str):
    """The calendar at `url`; or, when `url` is the person's home or the server, their only calendar."""
    from caldav.elements import dav
    from caldav.lib import error as dav_error

    calendar = client.calendar(url=url)
    try:
        kinds = calendar.get_properties([dav.ResourceType()]).get("{DAV:}resourcetype") or []
    except dav_error.NotFoundError:
        raise FetchFailed("There is no calendar at this address. Check it is the calendar's own CalDAV address.")
    if CALDAV_CALENDAR in kinds:
        return calendar
    calendars = client.principal().calendars()
    if len(calendars) == 1:
        return calendars[0]
    raise FetchFailed(
        "This address is not one calendar. Use the address of the calendar itself (your calendar app shows it)."
    )


def caldav_fetch(
    *, url: str, username: str, password: str, start: date, end: date, timeout: float = TIMEOUT_SECONDS
) -> bytes:
    """The events between `start` and `end` in a CalDAV calendar, as one VCALENDAR. Raises FetchFailed."""
    import niquests as requests  # the HTTP library the caldav client uses here
    from caldav.lib import error as dav_error

    host, address = _caldav_checked(url)
    url = url.strip()
    try:
        import caldav

        with caldav.DAVClient(
            url=url, username=username, password=password, timeout=timeout, enable_rfc6764=False
        ) as client:
            client.session.close()
            client.session = _checked_session(host, address)
            calendar = _caldav_calendar(client, url)
            found = calendar.search(
                start=datetime.combine(start, time.min), end=datetime.combine(end, time.min), event=True, expand=False
            )
            return _one_vcalendar([item.data for item in found])
    except FetchFailed:
        raise
    except dav_error.AuthorizationError:
        raise FetchFailed("The user name or app password was not accepted. Check them, or make a new app password.")
    except dav_error.NotFoundError:
        raise FetchFailed("There is no calendar at this address. Check it is the calendar's own CalDAV address.")
    except requests.TooManyRedirects:
        raise FetchFailed("The calendar server redirected too many times.")
    except (requests.Timeout, TimeoutError):
        raise FetchFailed("The calendar server took too long to answer. Try again later.")
    except (requests.ConnectionError, OSError):
        raise FetchFailed("Attend could not reach the calendar server. Check the address, or try again later.")
    except (dav_error.DAVError, requests.RequestException) as error:
        logger.info("CalDAV fetch failed: %s", error)
        raise FetchFailed("This address did not answer as a CalDAV calendar. Check it is the calendar's address.")


def _one_vcalendar(objects: list[str]) -> bytes:
    """Each CalDAV object is its own VCALENDAR: join their time zones (once each) and events into one."""
    from icalendar import Calendar

    merged = Calendar()
    merged.add("prodid", "-//Attend//Diary CalDAV//EN")
    merged.add("version", "2.0")
    zones: set[str] = set()
    for text in objects:
        if not text:
            continue
        for component in Calendar.from_ical(text).subcomponents:
            if component.name == "VTIMEZONE":
                zone = str(component.get("TZID"))
                if zone in zones:
                    continue
                zones.add(zone)
            merged.add_component(component)
    return merged.to_ical()
