"""Nothing says who answered, in any copy of the data (issue 17, ADR 0018): not the invitation rows and their
order, not a token a notification carries, not a transaction id or a dead row version on PostgreSQL, not a log."""

import hashlib
import io
import logging

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attend.listen import services
from attend.listen.models import Invitation, InviteMethod
from attend.listen.tests.support import open_round, staff
from attend.nudges.models import Notification

pytestmark = pytest.mark.django_db


def people_and_tokens(pulse_round) -> list[tuple[str, str]]:
    """(person's name, the token their notification carries), in the roster's alphabetical order."""
    rows = Notification.objects.filter(kind="pulse_invitation", dedupe_key__startswith=f"pulse:{pulse_round.pk}:")
    pairs = [(n.person.name, n.link.removeprefix("/listen/answer/").strip("/")) for n in rows]
    return sorted(pairs)


def invitation_hashes_in_row_order(pulse_round) -> list[str]:
    table = Invitation._meta.db_table
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token_hash FROM {table} WHERE round_id = %s ORDER BY {order}",
            [pulse_round.pk.hex if connection.vendor == "sqlite" else pulse_round.pk],
        )  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_a_token_read_from_a_notification_does_not_find_its_invitation_without_the_servers_key(team, leader, member):
    staff(team, 11)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    stored = set(Invitation.objects.filter(round=pulse_round).values_list("token_hash", flat=True))
    for _, token in people_and_tokens(pulse_round):
        assert hashlib.sha256(token.encode()).hexdigest() not in stored
        assert Invitation.hash(token) in stored  # the server, holding its key, still finds it


def test_neither_row_order_nor_ids_say_whose_invitation_is_whose(team, leader, member):
    staff(team, 11)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    roster_order = [Invitation.hash(token) for _, token in people_and_tokens(pulse_round)]
    assert len(roster_order) == 12
    physical = invitation_hashes_in_row_order(pulse_round)
    by_id = list(Invitation.objects.filter(round=pulse_round).order_by("id").values_list("token_hash", flat=True))
    assert sorted(physical) == sorted(roster_order)
    # 1 chance in 12! (about 1 in 479 million) that a fair shuffle lands in the roster's order
    assert physical != roster_order and by_id != roster_order


def test_the_response_count_shows_but_never_which_links_were_used(leader_client, team, leader, member):
    staff(team, 6)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    pairs = people_and_tokens(pulse_round)
    for _, token in pairs[:2]:
        services.pulse_response_submit(
            token=token, answers=dict.fromkeys(pulse_round.item_keys, 4), today=timezone.localdate()
        )
    page = leader_client.get(reverse("listen:round", args=[pulse_round.pk])).content.decode()
    assert "2 of 7 answered" in page
    assert not any(name in page for name, _ in pairs)


class Captured(logging.Handler):
    def __init__(self):
        super().__init__()
        self.stream = io.StringIO()

    def emit(self, record):
        self.stream.write(self.format(record) + "\n")


@pytest.fixture
def captured_logs():
    """A handler on every logger Django writes requests to, and on the root."""
    handler = Captured()
    names = ["", "django", "django.request", "django.server", "django.security", "django.security.csrf"]
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.stream
    for logger in loggers:
        logger.removeHandler(handler)


def test_attends_own_logs_never_write_an_answer_link(captured_logs, team, leader, member):
    staff(team, 4)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    (_, token), *_ = people_and_tokens(pulse_round)
    browser = Client()
    url = reverse("listen:answer", kwargs={"pulse_token": token})
    browser.get(url)
    browser.post(url, {**dict.fromkeys(pulse_round.item_keys, "4"), "comment": ""})
    browser.get(url)  # already used
    browser.get(reverse("listen:answer", kwargs={"pulse_token": "a-mistyped-" + token}))  # a 404, logged
    browser.put(url)  # a 405, logged
    # And the development server's request line, as runserver writes it
    logging.getLogger("django.server").info('"%s" %s %s', f"GET {url} HTTP/1.1", "200", "1234")
    logging.getLogger("django.server").warning('"%s" %s %s', f"GET {url}?again=1 HTTP/1.1", "404", "1234")
    logged = captured_logs.getvalue()
    assert "/listen/answer/" in logged  # the lines are there,
    assert token not in logged  # but never the link itself


def versions(table: str) -> list[tuple[int, int, int]]:
    """Every tuple in the table's pages, live or dead: (xmin, xmax, line pointer)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int")  # noqa: S608
        (pages,) = cursor.fetchone()
        found = []
        for page in range(pages):
            cursor.execute(
                "SELECT t_xmin::text::bigint, t_xmax::text::bigint, lp"
                f" FROM heap_page_items(get_raw_page('{table}', %s)) WHERE t_xmin IS NOT NULL",  # noqa: S608
                [page],
            )
            found += cursor.fetchall()
        return found


def without_autovacuum():
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("ALTER TABLE listen_response SET (autovacuum_enabled = false)")
        cursor.execute("ALTER TABLE listen_invitation SET (autovacuum_enabled = false)")


@pytest.mark.django_db(transaction=True)  # each submission commits on its own, as in real use
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions and transaction ids are PostgreSQL's")
def test_no_row_version_live_or_dead_ties_an_answer_to_an_invitation(team, leader, member):
    """Read every tuple of both tables, dead ones too (pageinspect), before any VACUUM: no transaction id that wrote
    or deleted a version of a response wrote or deleted a version of an invitation."""
    without_autovacuum()
    staff(team, 11)
    today = timezone.localdate()
    pulse_round = open_round(team, leader.user, opens_on=today).round
    team_link = open_round(team, leader.user, opens_on=today, invite=InviteMethod.LINK)
    for number, (_, token) in enumerate(people_and_tokens(pulse_round)[:7]):
        services.pulse_response_submit(
            token=token, answers=dict.fromkeys(pulse_round.item_keys, 1 + number % 5), today=today
        )
        services.pulse_response_submit(
            token=team_link.team_link_token, answers=dict.fromkeys(pulse_round.item_keys, 2), today=today
        )

    responses, invitations = versions("listen_response"), versions("listen_invitation")
    assert len(responses) > 7, "the dead versions are there to be read"
    response_xids = {xid for xmin, xmax, _ in responses for xid in (xmin, xmax) if xid}
    invitation_xids = {xid for xmin, xmax, _ in invitations for xid in (xmin, xmax) if xid}
    assert not response_xids & invitation_xids


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions are PostgreSQL's")
def test_the_periodic_job_clears_the_dead_versions_answering_left(team, leader, member):
    from attend.core.periodic import periodic_round
    from attend.listen.models import Response

    without_autovacuum()
    staff(team, 6)
    today = timezone.localdate()
    pulse_round = open_round(team, leader.user, opens_on=today).round
    for _, token in people_and_tokens(pulse_round)[:4]:
        services.pulse_response_submit(token=token, answers=dict.fromkeys(pulse_round.item_keys, 3), today=today)
    assert len(versions("listen_response")) > Response.objects.count()  # pending answers were rewritten
    assert len(versions("listen_invitation")) > Invitation.objects.count()  # and invitations marked used
    periodic_round(jobs=["attend.listen.services.pulse_rounds_job"])
    assert len(versions("listen_response")) == Response.objects.count() == 4
    assert len(versions("listen_invitation")) == Invitation.objects.count()
