"""Read the raw database, as someone with a copy of it would, after people have answered: nothing in any Listen
table links a response to a person or to an invitation, or reveals the order people answered in."""

import base64
import datetime
import struct

import pytest
from django.db import connection

from attend.core import crypto
from attend.listen import services
from attend.listen.tests.support import OPENS, open_round, staff, tokens_of

pytestmark = pytest.mark.django_db
ANSWERED = 20  # four batches of five: the chance a shuffle leaves them all in arrival order is 1 in 120^4


def listen_tables() -> list[str]:
    return sorted(name for name in connection.introspection.table_names() if name.startswith("listen_"))


def raw_rows(table: str, order: str = "") -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} {order}")  # noqa: S608 (our table names)
        return [column[0] for column in cursor.description], cursor.fetchall()


@pytest.fixture
def answered(team, leader, member):
    people = staff(team, ANSWERED + 3)
    opened = open_round(team, leader.user)
    for number, token in enumerate(tokens_of(opened.round)[:ANSWERED]):
        services.pulse_response_submit(
            token=token,
            answers=dict.fromkeys(opened.round.item_keys, 1 + number % 5),
            comment=f"comment number {number}",
            today=OPENS + datetime.timedelta(days=number % 3),
        )
    return {"round": opened.round, "people": [member.user, *people]}


def test_a_response_row_holds_only_round_batch_day_answers_and_a_ciphertext(answered):
    columns, rows = raw_rows("listen_response")
    assert sorted(columns) == ["answered_on", "answers", "batch", "comment", "id", "round_id"]
    assert len(rows) == ANSWERED
    day = columns.index("answered_on")
    assert {str(row[day]) for row in rows} <= {str(OPENS + datetime.timedelta(days=n)) for n in range(3)}
    assert all(len(str(row[day])) == len("2026-12-01") for row in rows), "a day, never a time"


def test_an_invitation_row_records_only_that_it_was_used(answered):
    columns, rows = raw_rows("listen_invitation")
    assert sorted(columns) == ["id", "round_id", "token_hash", "used"]
    used = columns.index("used")
    assert sorted(bool(row[used]) for row in rows).count(True) == ANSWERED


def test_no_listen_table_names_a_person_who_answered(answered):
    people = answered["people"]
    needles = {str(person.pk) for person in people} | {str(person.pk).replace("-", "") for person in people}
    needles |= {person.email for person in people} | {person.name for person in people}
    for table in listen_tables():
        columns, rows = raw_rows(table)
        for row in rows:
            for column, value in zip(columns, row, strict=True):
                assert not any(needle in str(value) for needle in needles), f"{table}.{column} names a person"


def test_nothing_joins_a_response_to_an_invitation(answered):
    _, invitations = raw_rows("listen_invitation")
    invitation_values = {str(value) for row in invitations for value in row if value not in (True, False, 0, 1)}
    invitation_values.discard(str(answered["round"].pk))
    invitation_values.discard(str(answered["round"].pk).replace("-", ""))
    _, responses = raw_rows("listen_response")
    for row in responses:
        for value in row:
            assert not any(needle in str(value) for needle in invitation_values)


def test_neither_ids_nor_row_order_follow_the_order_people_answered(answered):
    arrival = [f"comment number {n}" for n in range(ANSWERED)]
    columns, physical = raw_rows("listen_response")
    _, by_id = raw_rows("listen_response", "ORDER BY id")
    comment = columns.index("comment")
    assert [crypto.decrypt_json(row[comment]) for row in physical] != arrival
    assert [crypto.decrypt_json(row[comment]) for row in by_id] != arrival


def test_a_comment_ciphertext_carries_no_time(answered):
    columns, rows = raw_rows("listen_response")
    comment = columns.index("comment")
    for row in rows:
        token = base64.urlsafe_b64decode(row[comment])
        (timestamp,) = struct.unpack(">Q", token[1:9])  # Fernet writes the moment of encryption here, in clear
        assert timestamp == 0


def test_no_listen_table_keeps_an_address_or_a_browser(answered):
    for table in listen_tables():
        columns, _ = raw_rows(table)
        words = {word for column in columns for word in column.split("_")}
        assert not words & {"ip", "agent", "address"}, table
        if table in ("listen_response", "listen_invitation"):
            assert not words & {"user", "person", "invitation", "email", "created", "updated", "at"}, table


@pytest.mark.django_db(transaction=True)  # each submission commits on its own, as in real use
@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's")
def test_no_response_row_shares_its_transaction_with_one_invitation(team, leader, member):
    """PostgreSQL stamps each row with the transaction that wrote it: pending rows are rewritten with every
    submission, so none keeps the stamp of the invitation that sent it (only the latest, shared by all)."""
    staff(team, 6)
    opened = open_round(team, leader.user)
    for token in tokens_of(opened.round)[:3]:
        services.pulse_response_submit(
            token=token, answers=dict.fromkeys(opened.round.item_keys, 3), comment="", today=OPENS
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM listen_response")
        assert len(cursor.fetchall()) == 1


def test_every_response_in_a_batch_keeps_the_same_day(answered):
    """Answers arrive over three days, but a batch's rows all keep the day it sealed: the day cannot single out
    one response within its batch (say, the only one given on the day one person opened their invitation)."""
    columns, rows = raw_rows("listen_response")
    batch, day = columns.index("batch"), columns.index("answered_on")
    days_per_batch: dict = {}
    for row in rows:
        days_per_batch.setdefault(row[batch], set()).add(str(row[day]))
    assert len(days_per_batch) == ANSWERED // 5
    assert all(len(days) == 1 for days in days_per_batch.values()), days_per_batch


def test_a_comment_quoted_by_an_action_stays_encrypted_at_rest(answered, leader):
    quoted = "comment number 7"
    services.pulse_action_add(pulse_round=answered["round"], by=leader.user, text="More handover time", quote=quoted)
    columns, rows = raw_rows("listen_action")
    (row,) = rows
    assert not any(quoted in str(value) for value in row), "a copy of a comment must be encrypted like the comment"
    assert crypto.decrypt_json(row[columns.index("quote")]) == quoted
