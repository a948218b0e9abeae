"""The emails themselves: two parts, the headers mail providers need, one-click unsubscribe, and only titles."""

import email.policy
import re
from email.utils import parseaddr

import pytest
import time_machine
from django.core import signing
from django.urls import resolve, reverse

from attend.nudges import services
from attend.nudges.emails import email_for, read_unsubscribe_token, unsubscribe_token
from attend.nudges.models import EmailDelivery
from attend.nudges.tests.support import MONDAY, TUESDAY, at, tell
from attend.reflect.content import built_in_template
from attend.reflect.services import journal_entry_share, journal_entry_start, journal_entry_update

pytestmark = pytest.mark.django_db

SITE = "https://attend.example.nhs.uk"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE + "/"


@pytest.fixture
def person(member):
    return member.user


@pytest.fixture
def digest(person) -> EmailDelivery:
    tell(person, now=at(MONDAY, 10), title="Your team pulse is open", link="/pulse/")
    tell(person, now=at(MONDAY, 11), kind="session_reminder", title="Programme session tomorrow", link="/sessions/7/")
    return services.digest_due(person, now=at(TUESDAY, 9))


@pytest.fixture
def time_critical(person) -> EmailDelivery:
    tell(
        person,
        now=at(MONDAY, 10),
        kind="session_reminder",
        title="Programme session at 11:00",
        link="/sessions/7/",
        time_critical=True,
        send=lambda delivery, now: None,
    )
    return EmailDelivery.objects.get(kind=EmailDelivery.Kind.TIME_CRITICAL)


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def unsubscribe_url(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    return header[1:-1]


def token_in(url: str) -> str:
    assert url.startswith(SITE + "/")
    match = resolve(url.removeprefix(SITE))
    assert match.view_name == "nudges:unsubscribe"
    return match.kwargs["token"]


def test_a_digest_email_has_a_text_and_an_html_part(digest, person):
    message = email_for(digest)

    assert message.to == [person.email]
    assert message.subject == "Attend: 2 things for you"
    assert message.content_subtype == "plain"
    assert "Hello Mo," in message.body
    assert "Hello Mo," in html_of(message)
    assert "<ul>" in html_of(message)


def test_the_email_carries_the_headers_mail_providers_need(digest):
    message = email_for(digest)
    built = message.message()

    assert message.extra_headers["Message-ID"] == f"<{digest.pk}@attend.example.nhs.uk>"
    assert built["Message-ID"] == f"<{digest.pk}@attend.example.nhs.uk>"
    assert built["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert built["Auto-Submitted"] == "auto-generated"
    assert re.fullmatch(r"<https://attend\.example\.nhs\.uk/nudges/unsubscribe/[^/>]+/>", built["List-Unsubscribe"])
    assert built.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in built.iter_parts()] == ["text/plain", "text/html"]
    assert parseaddr(built["To"])[1] == "member@example.test"


def test_a_digest_unsubscribes_from_everything(digest, person):
    person_id, kind = read_unsubscribe_token(token_in(unsubscribe_url(email_for(digest))))

    assert person_id == str(person.pk)
    assert kind is None


def test_a_time_critical_email_unsubscribes_from_its_own_kind(time_critical, person):
    message = email_for(time_critical)

    person_id, kind = read_unsubscribe_token(token_in(unsubscribe_url(message)))

    assert (person_id, kind) == (str(person.pk), "session_reminder")
    assert message.subject == "Programme session at 11:00"
    assert "Attend emails you about programme sessions." in message.body
    assert "Stop these emails" in html_of(message)


def test_the_body_links_the_same_unsubscribe_page_as_the_header(digest, time_critical):
    for delivery in (digest, time_critical):
        message = email_for(delivery)
        url = unsubscribe_url(message)
        assert url in message.body
        assert f'href="{url}"' in html_of(message)


def test_the_digest_body_holds_titles_and_links_and_nothing_else(digest):
    message = email_for(digest)
    preferences = SITE + reverse("nudges:preferences")
    unsubscribe = unsubscribe_url(message)

    head, footer = message.body.split("\n--\n")
    lines = head.splitlines()
    assert [line for line in lines if line.startswith("- ")] == [
        "- Your team pulse is open",
        "- Programme session tomorrow",
    ]
    assert [line for line in lines if line.startswith("  ")] == [f"  {SITE}/pulse/", f"  {SITE}/sessions/7/"]
    # Everything else is the same fixed wording for everyone
    assert [line for line in lines if line and not line.startswith(("- ", "  "))] == [
        "Hello Mo,",
        "Here is what Attend has for you.",
    ]
    assert footer.startswith(f"This is your Attend digest.\nStop Attend's emails: {unsubscribe}")
    assert footer.rstrip().endswith(f"Choose what Attend emails you, and when: {preferences}")
    html = html_of(message)
    assert re.findall(r'href="([^"]+)"', html) == [
        f"{SITE}/pulse/",
        f"{SITE}/sessions/7/",
        unsubscribe,
        preferences,
    ]
    assert re.findall(r"<li>(.*?)</li>", html) == [
        f'<a href="{SITE}/pulse/" style="color: #005eb8;">Your team pulse is open</a>',
        f'<a href="{SITE}/sessions/7/" style="color: #005eb8;">Programme session tomorrow</a>',
    ]


@pytest.mark.parametrize("which", ["digest", "time_critical"])
def test_every_link_in_the_text_part_stands_on_its_own(which, request):
    message = email_for(request.getfixturevalue(which))

    # What a mail program would make into links
    links = re.findall(r"https?://\S+", message.body)

    assert links[-2:] == [unsubscribe_url(message), SITE + reverse("nudges:preferences")]


def test_a_shared_reflection_reaches_email_as_who_shared_it_and_a_link_only(leader, member, organisation):
    entry = journal_entry_start(author=leader.user, template=built_in_template("free"))
    journal_entry_update(
        entry=entry,
        title="After the cardiac arrest in bay 4",
        event_date=None,
        answers={key: {"text": "I keep thinking about Mr Okafor", "choices": []} for key in ("notes", "what")},
        feelings=[],
        tags=["resus"],
        finish=True,
    )
    with time_machine.travel(at(MONDAY, 10), tick=False):
        share = journal_entry_share(entry=entry, reader=member.user, organisation=organisation)

    message = email_for(services.digest_due(member.user, now=at(TUESDAY, 9)))

    everything = "\n".join([message.subject, message.body, html_of(message), *message.extra_headers.values()])
    for private in ("cardiac", "bay 4", "Okafor", "resus"):
        assert private not in everything
    assert "- Lee Leader shared a reflection with you\n" in message.body
    assert f"  {SITE}{reverse('reflect:shared_entry', args=[share.pk])}\n" in message.body


def test_names_are_plain_in_the_text_part_and_escaped_in_the_html(person):
    tell(person, now=at(MONDAY, 10), title="Siobhán O'Neill <b>shared</b> a reflection with you")
    message = email_for(services.digest_due(person, now=at(TUESDAY, 9)))

    assert "- Siobhán O'Neill <b>shared</b> a reflection with you" in message.body
    assert "<b>" not in html_of(message)
    assert "Siobhán O&#39;Neill &lt;b&gt;shared&lt;/b&gt; a reflection with you" in html_of(message)


def test_a_digest_of_one_says_thing(person):
    tell(person, now=at(MONDAY, 10))

    assert email_for(services.digest_due(person, now=at(TUESDAY, 9))).subject == "Attend: 1 thing for you"


# Unsubscribe tokens


@pytest.mark.parametrize("kind", [None, "practice_reminder", "invitation_expiring"])
def test_an_unsubscribe_token_round_trips(person, kind):
    assert read_unsubscribe_token(unsubscribe_token(person, kind)) == (str(person.pk), kind)


def test_tokens_differ_by_person_and_kind(person, leader):
    tokens = {
        unsubscribe_token(person, None),
        unsubscribe_token(person, "practice_reminder"),
        unsubscribe_token(leader.user, None),
    }

    assert len(tokens) == 3


def test_a_tampered_token_is_rejected(person, leader):
    token = unsubscribe_token(person, "practice_reminder")
    payload, signature = token.rsplit(":", 1)
    forged = signing.dumps({"person": str(leader.user.pk), "kind": "*"}, salt="somewhere.else", compress=True)

    for bad in (
        payload + ":" + signature[::-1],
        payload[:-2] + ":" + signature,
        token + "x",
        forged,
        "",
        "not-a-token",
    ):
        with pytest.raises(signing.BadSignature):
            read_unsubscribe_token(bad)


def test_a_signed_token_for_an_unknown_kind_is_rejected(person):
    token = signing.dumps(
        {"person": str(person.pk), "kind": "lottery_win"}, salt="attend.nudges.unsubscribe", compress=True
    )

    with pytest.raises(signing.BadSignature):
        read_unsubscribe_token(token)


def test_the_unsubscribe_header_goes_on_the_wire_as_a_plain_url(digest):
    wire = email_for(digest).message(policy=email.policy.SMTP).as_bytes()
    [header] = [line for line in wire.split(b"\r\n") if line.startswith(b"List-Unsubscribe:")]

    assert header.startswith(b"List-Unsubscribe: <https://attend.example.nhs.uk/nudges/unsubscribe/")
    assert header.endswith(b"/>")
