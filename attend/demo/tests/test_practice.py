"""The demo leader's practice: about eight weeks of invented sessions, two timers, and enough colleagues
practising for the organisation's count to show."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from attend.accounts.models import User
from attend.demo.practice import DEMO_PERSON, NOTES
from attend.practice import content, selectors
from attend.practice.models import PracticeSession
from attend.practice.tests.support import raw_check_in
from attend.reflect.content import family_of

pytestmark = pytest.mark.django_db

# A Wednesday; the demo is random but seeded, so a fixed day gives a fixed history.
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)


def load_demo() -> str:
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    with time_machine.travel(NOW, tick=False):
        output = load_demo()
    leader = User.objects.get(email=DEMO_PERSON)
    return output, leader, list(leader.practice_sessions.order_by("started_at"))


def test_the_demo_leader_practised_over_about_eight_weeks(demo):
    output, leader, sessions = demo

    assert f"Loaded {len(sessions)} practice sessions for {leader.name}." in output
    assert len(sessions) >= 25
    assert sessions[0].started_at <= NOW - timedelta(days=49)
    assert sessions[0].started_at >= NOW - timedelta(days=57)
    assert sessions[-1].started_at <= NOW
    weeks = {(NOW - session.started_at).days // 7 for session in sessions}
    assert len(weeks) >= 7, "practice in most weeks, not bunched together"
    organisation = leader.memberships.get().organisation
    assert all(session.organisation == organisation for session in sessions)


def test_the_demo_sessions_are_like_real_ones(demo):
    _, _, sessions = demo
    keys = {practice.key for practice in content.built_in_practices()} | {"timer"}

    assert all(session.ended for session in sessions)
    assert {session.practice_key for session in sessions} <= keys
    early = [session for session in sessions if not session.completed]
    assert early, "some sessions ended early"
    assert all(session.actual_seconds < session.planned_seconds for session in early)
    assert all(session.actual_seconds == session.planned_seconds for session in sessions if session.completed)
    for session in sessions:
        assert session.planned_end_at == session.started_at + timedelta(seconds=session.planned_seconds)
        if session.kind == "guided":
            assert session.planned_seconds == content.built_in_practice(session.practice_key).length_seconds


def test_some_demo_sessions_have_check_ins_kept_private(demo):
    _, _, sessions = demo

    checked_in = [session for session in sessions if session.check_in]
    assert 0 < len(checked_in) < len(sessions)
    assert all(family_of(session.feeling) is not None for session in checked_in)
    notes = [session for session in checked_in if session.note]
    assert notes
    assert {session.note for session in notes} <= set(NOTES)
    for session in notes:
        assert session.note not in raw_check_in(session)


def test_the_demo_leader_has_two_timers(demo):
    _, leader, _ = demo

    presets = {preset.name: preset.timer_settings() for preset in leader.timer_presets.all()}

    assert set(presets) == {"Sit, walk, sit", "Morning sit"}
    assert presets["Sit, walk, sit"].planned_seconds == 3000
    assert presets["Morning sit"].stages[0].bells() == [0, 300, 600, 900]


def test_the_demo_organisation_has_enough_people_practising_to_show(demo):
    _, leader, _ = demo
    organisation = leader.memberships.get().organisation

    summary = selectors.organisation_practice_summary(organisation, now=NOW)

    assert summary is not None
    assert summary["people"] >= 5
    others = PracticeSession.objects.exclude(person=leader)
    assert others.exists()
    assert set(others.values_list("organisation", flat=True)) == {organisation.pk}


def test_loading_the_demo_again_adds_no_practice(demo):
    _, _, sessions = demo

    with time_machine.travel(NOW, tick=False):
        second = load_demo()

    assert "Demo practice is already loaded." in second
    assert User.objects.get(email=DEMO_PERSON).practice_sessions.count() == len(sessions)
