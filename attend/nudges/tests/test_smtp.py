"""Sending through a real SMTP server (aiosmtpd on a free local port): each email once, failures retried a
few times and then given up, and what arrives is what mail providers need."""

import email
import email.policy
import socket
from datetime import time, timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.urls import reverse

from attend.nudges import services
from attend.nudges.emails import unsubscribe_token
from attend.nudges.models import EmailDelivery, NudgePreference
from attend.nudges.services import MOST_ATTEMPTS, email_delivery_deliver, retry_after
from attend.nudges.tasks import email_delivery_send
from attend.nudges.tests.support import MONDAY, TUESDAY, WEDNESDAY, at, tell

pytestmark = pytest.mark.django_db

SITE = "https://attend.example.nhs.uk"


class Recorder:
    """Keeps every message it accepts; answers `refuse` (for example "451 try later") instead when set."""

    def __init__(self):
        self.received = []
        self.refuse = None
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refuse:
            self.refused += 1
            return self.refuse
        self.received.append(envelope)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.handler = Recorder()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def received(self):
        return self.handler.received

    def messages(self):
        return [
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            for envelope in self.received
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    server = SmtpServer(free_port())
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    settings.SITE_URL = SITE
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def in_working_hours():
    """The worker checks the wall clock for quiet hours: on Tuesday morning in London, it may send."""
    with time_machine.travel(at(TUESDAY, 9), tick=True):
        yield


@pytest.fixture
def person(member):
    return member.user


@pytest.fixture
def waiting(person):
    """Two things for the person from Monday, for Tuesday's nine o'clock digest."""
    tell(person, now=at(MONDAY, 10), title="Your team pulse is open", link="/pulse/")
    tell(person, now=at(MONDAY, 11), kind="session_reminder", title="Programme session tomorrow", link="/sessions/")


def dispatch(now, capture):
    with capture(execute=True):
        return services.nudges_dispatch(now=now)


def fresh(delivery: EmailDelivery) -> EmailDelivery:
    return EmailDelivery.objects.get(pk=delivery.pk)


def test_a_planned_digest_arrives_once_with_both_parts_and_the_unsubscribe_headers(
    smtp, person, waiting, django_capture_on_commit_callbacks
):
    [digest] = dispatch(at(TUESDAY, 9), django_capture_on_commit_callbacks)

    [envelope] = smtp.received
    assert envelope.mail_from == "attend@localhost"
    assert envelope.rcpt_tos == [person.email]
    [message] = smtp.messages()
    assert message["Subject"] == "Attend: 2 things for you"
    assert message["Message-ID"] == f"<{digest.pk}@attend.example.nhs.uk>"
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    assert "Your team pulse is open" in text.get_content()
    assert f'href="{SITE}/sessions/"' in html.get_content()
    unsubscribe = SITE + reverse("nudges:unsubscribe", args=[unsubscribe_token(person, None)])
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sent = fresh(digest)
    assert (sent.status, sent.attempts, sent.last_error) == (EmailDelivery.Status.SENT, 1, "")
    assert sent.sent_at is not None


def test_the_server_receives_the_unsubscribe_header_as_a_plain_url(
    smtp, person, waiting, django_capture_on_commit_callbacks
):
    dispatch(at(TUESDAY, 9), django_capture_on_commit_callbacks)

    [envelope] = smtp.received
    headers = envelope.original_content.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    [header] = [line for line in headers if line.startswith(b"List-Unsubscribe:")]
    assert header.startswith(f"List-Unsubscribe: <{SITE}/nudges/unsubscribe/".encode())


def test_delivering_the_same_email_again_sends_nothing_more(smtp, person, waiting, django_capture_on_commit_callbacks):
    [digest] = dispatch(at(TUESDAY, 9), django_capture_on_commit_callbacks)

    assert email_delivery_deliver(fresh(digest)) is False
    email_delivery_send.enqueue(str(digest.pk))
    assert dispatch(at(TUESDAY, 9, 30), django_capture_on_commit_callbacks) == []
    assert dispatch(at(TUESDAY, 16), django_capture_on_commit_callbacks) == []

    assert len(smtp.received) == 1
    assert fresh(digest).attempts == 1


def test_a_refused_email_is_marked_failed_and_sent_once_the_server_accepts_again(
    smtp, person, waiting, django_capture_on_commit_callbacks
):
    smtp.handler.refuse = "451 try later"

    [digest] = dispatch(at(TUESDAY, 9), django_capture_on_commit_callbacks)

    failed = fresh(digest)
    assert failed.status == EmailDelivery.Status.FAILED
    assert failed.attempts == 1
    assert "451" in failed.last_error
    assert "try later" in failed.last_error
    assert failed.sent_at is None
    assert smtp.received == []
    assert smtp.handler.refused == 1

    # The server is back, but it is not yet time to try again
    smtp.handler.refuse = None
    due = retry_after(failed)
    assert due == failed.updated_at + timedelta(minutes=2)
    dispatch(due - timedelta(seconds=1), django_capture_on_commit_callbacks)
    assert smtp.received == []

    dispatch(due, django_capture_on_commit_callbacks)
    dispatch(due + timedelta(minutes=30), django_capture_on_commit_callbacks)

    assert len(smtp.received) == 1
    sent = fresh(digest)
    assert (sent.status, sent.attempts) == (EmailDelivery.Status.SENT, 2)


def test_an_email_is_retried_when_the_server_was_down(smtp, person, waiting, django_capture_on_commit_callbacks):
    smtp.stop()

    [digest] = dispatch(at(TUESDAY, 9), django_capture_on_commit_callbacks)

    failed = fresh(digest)
    assert failed.status == EmailDelivery.Status.FAILED
    assert failed.attempts == 1
    assert "ConnectionRefusedError" in failed.last_error

    smtp.start()
    dispatch(retry_after(failed), django_capture_on_commit_callbacks)

    assert len(smtp.received) == 1
    assert fresh(digest).status == EmailDelivery.Status.SENT


def test_after_the_most_attempts_an_email_is_given_up(smtp, person, waiting, django_capture_on_commit_callbacks):
    smtp.handler.refuse = "451 try later"
    [digest] = dispatch(at(TUESDAY, 9), django_capture_on_commit_callbacks)

    waits = []
    for attempt in range(2, MOST_ATTEMPTS + 1):
        failed = fresh(digest)
        waits.append(retry_after(failed) - failed.updated_at)
        dispatch(retry_after(failed), django_capture_on_commit_callbacks)
        assert fresh(digest).attempts == attempt

    assert waits == [timedelta(minutes=minutes) for minutes in (2, 4, 8, 16)]
    given_up = fresh(digest)
    assert (given_up.status, given_up.attempts) == (EmailDelivery.Status.FAILED, MOST_ATTEMPTS)
    assert smtp.handler.refused == MOST_ATTEMPTS

    # Even once the server accepts, that email is not tried again
    smtp.handler.refuse = None
    assert email_delivery_deliver(given_up) is False
    dispatch(retry_after(given_up) + timedelta(hours=1), django_capture_on_commit_callbacks)
    assert smtp.received == []
    assert smtp.handler.refused == MOST_ATTEMPTS
    assert fresh(digest).attempts == MOST_ATTEMPTS

    # What it held waits again, and the next digest carries it
    assert not given_up.notifications.exists()
    with time_machine.travel(at(WEDNESDAY, 9), tick=True):
        [next_digest] = dispatch(at(WEDNESDAY, 9), django_capture_on_commit_callbacks)
    assert next_digest.pk != digest.pk
    assert next_digest.notifications.count() == 2
    [message] = smtp.messages()
    assert message["Message-ID"] == f"<{next_digest.pk}@attend.example.nhs.uk>"
    assert fresh(digest).status == EmailDelivery.Status.FAILED


def test_a_time_critical_email_goes_through_the_server(smtp, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(
            person, now=at(TUESDAY, 9), kind="session_reminder", title="Programme session at 11:00", time_critical=True
        )

    [message] = smtp.messages()
    assert message["Subject"] == "Programme session at 11:00"
    unsubscribe = SITE + reverse("nudges:unsubscribe", args=[unsubscribe_token(person, "session_reminder")])
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"


def test_a_failed_email_is_not_retried_in_quiet_hours_but_the_next_working_morning(
    smtp, person, django_capture_on_commit_callbacks
):
    NudgePreference.objects.create(person=person, digest_at=time(16, 55))
    tell(person, now=at(MONDAY, 10))
    smtp.handler.refuse = "451 try later"
    with time_machine.travel(at(MONDAY, 16, 58)):
        [digest] = dispatch(at(MONDAY, 16, 58), django_capture_on_commit_callbacks)
    assert fresh(digest).status == EmailDelivery.Status.FAILED

    smtp.handler.refuse = None
    for moment in (at(MONDAY, 17, 5), at(MONDAY, 23), at(TUESDAY, 8, 59)):
        with time_machine.travel(moment):
            dispatch(moment, django_capture_on_commit_callbacks)
        assert smtp.received == []
        assert fresh(digest).attempts == 1

    with time_machine.travel(at(TUESDAY, 9)):
        dispatch(at(TUESDAY, 9), django_capture_on_commit_callbacks)

    assert len(smtp.received) == 1
    sent = fresh(digest)
    assert (sent.status, sent.attempts) == (EmailDelivery.Status.SENT, 2)
