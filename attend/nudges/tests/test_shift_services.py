"""Nudges and Practice reminders for a person on a rota, against the database: nothing is emailed in the rest
after a night, and Practice reminds on shift days only."""

from datetime import date

import pytest

from attend.accounts import working_pattern as wp
from attend.nudges import rules, services
from attend.nudges.tests.support import FRIDAY, MONDAY, THURSDAY, at
from attend.practice.models import PracticePreference
from attend.practice.nudges import practice_reminders

# June 2026: Monday 15th. Long day Monday, nights Wednesday and Thursday, rest Friday (after the night).
ROTA = wp.Pattern(
    kind=wp.ROTA,
    shifts=wp.NHS_SHIFTS,
    rota_starts_on=date(2026, 6, 15),
    rota=(("LD", None, "N", "N", None, None, None),),
)


@pytest.fixture
def on_rota(member):
    person = member.user
    person.working_pattern = wp.to_stored(ROTA)
    person.save()
    return person


def test_a_time_critical_email_waits_through_the_rest_after_a_night(on_rota):
    assert services.working_pattern(on_rota, at(FRIDAY, 11)).shifts is not None
    assert rules.is_quiet(at(FRIDAY, 11), services.working_pattern(on_rota, at(FRIDAY, 11)))
    assert not rules.is_quiet(at(THURSDAY, 23), services.working_pattern(on_rota, at(THURSDAY, 23)))
    assert not rules.is_quiet(at(FRIDAY, 7), services.working_pattern(on_rota, at(FRIDAY, 7)))  # still on shift


def test_practice_reminds_on_shift_days_and_never_on_the_rest_day_after_a_night(on_rota):
    PracticePreference.objects.create(person=on_rota, remind_on_working_days=True)
    practice_reminders(now=at(MONDAY, 10))
    practice_reminders(now=at(THURSDAY, 21))
    practice_reminders(now=at(FRIDAY, 12))  # a weekday, but rest after Thursday's night

    days = sorted(n.dedupe_key for n in on_rota.notifications.filter(kind="practice_reminder"))
    assert days == ["practice-reminder:2026-06-15", "practice-reminder:2026-06-18"]
