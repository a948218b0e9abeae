import pytest

from attend.accounts.models import User
from attend.demo import diary as demo
from attend.demo import organisations as organisations_demo
from attend.diary import selectors

pytestmark = pytest.mark.django_db


def test_the_demo_leader_has_a_busy_diary_for_this_week_and_the_twelve_before():
    organisations_demo.load()
    leader = User.objects.get(email=demo.DEMO_LEADER)

    message = demo.load()

    assert message.startswith("Loaded a demo diary")
    monday = selectors.monday_of(selectors.today_for(leader))
    weeks = selectors.trend(leader, last_monday=monday)
    assert len(weeks) == 12
    assert all(week.meeting_minutes > 0 for week in weeks)
    assert selectors.week_report(leader, monday).week.meeting_share > 0.3
    assert demo.load() == "Demo diary is already loaded."
