"""Nudges keeps no answer link beside a person once it has reached them, and no read time finer than the day
(issue 17, ADR 0018): read the raw rows, as someone holding a copy of the database would."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from attend.listen.tests.support import open_round, staff, tokens_of
from attend.nudges import services as nudges
from attend.nudges.models import EmailDelivery, Notification
from attend.nudges.tests.support import LONDON

pytestmark = pytest.mark.django_db

OPENS = datetime.date(2026, 6, 15)  # a Monday
# Tuesday morning: the people's daily digest (9:00 on the London clock) has come, inside working hours.
DIGEST_DAY = datetime.datetime(2026, 6, 16, 10, 0, tzinfo=LONDON)


def raw_rows(model) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchall()


def as_text(rows) -> str:
    return "\n".join(" | ".join(str(value) for value in row) for row in rows)


def open_and_email(team, leader):
    staff(team, 5)
    opened = open_round(team, leader.user, opens_on=OPENS)
    Notification.objects.update(created_at=datetime.datetime(2026, 6, 15, 8, 0, tzinfo=LONDON))
    tokens = tokens_of(opened.round)
    nudges.nudges_dispatch(now=DIGEST_DAY, send=nudges.email_delivery_deliver)
    return opened.round, tokens


def test_once_emailed_no_notification_or_email_row_keeps_an_answer_link(team, leader, member, mailoutbox):
    pulse_round, tokens = open_and_email(team, leader)

    assert len(tokens) == 6 and len(mailoutbox) == 6
    assert all(any(token in message.body for message in mailoutbox) for token in tokens)  # they did get them
    stored = as_text(raw_rows(Notification)) + as_text(raw_rows(EmailDelivery))
    for token in tokens:
        assert token not in stored
    assert "/listen/answer/" not in stored


def test_once_emailed_the_notification_says_when_and_points_to_the_teams_pulse(team, leader, member, mailoutbox):
    open_and_email(team, leader)

    notification = member.user.notifications.get(kind="pulse_invitation")
    assert notification.link == reverse("listen:team_results")
    assert notification.title == "Your link to the team's pulse was emailed to you on 16 June 2026"


def test_a_link_not_yet_emailed_is_still_there_to_answer_from_today(team, leader, member):
    staff(team, 2)
    pulse_round = open_round(team, leader.user, opens_on=OPENS).round

    assert len(tokens_of(pulse_round)) == 3
    assert all(link.startswith("/listen/answer/") for link in Notification.objects.values_list("link", flat=True))


def test_reading_a_notification_keeps_only_the_day(team, leader, member, mailoutbox):
    staff(team, 5)
    open_round(team, leader.user, opens_on=OPENS)
    notification = member.user.notifications.get(kind="pulse_invitation")
    created = Notification.objects.filter(pk=notification.pk).values_list("updated_at", flat=True).get()
    client = Client()
    client.force_login(member.user)

    client.get(reverse("nudges:notification_open", args=[notification.pk]))
    nudges.notifications_read_all(person=member.user)

    read_at, updated_at = Notification.objects.filter(pk=notification.pk).values_list("read_at", "updated_at").get()
    assert read_at is not None
    assert (read_at.hour, read_at.minute, read_at.second, read_at.microsecond) == (0, 0, 0, 0)
    assert updated_at == created  # reading leaves no other trace of the moment
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT read_at FROM {Notification._meta.db_table} WHERE read_at IS NOT NULL")  # noqa: S608
        [(raw,)] = cursor.fetchall()
    assert "00:00:00" in str(raw)  # as the database keeps it, not only as Django reads it
