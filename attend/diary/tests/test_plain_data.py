"""The figures' JSON-ready copies (plain_data.py): what kept_figures.py writes, and reads back exactly."""

import datetime

from attend.diary.figures import MeetingRef
from attend.diary.plain_data import plain, unplain
from attend.diary.tests.support import at, this_monday


def test_figures_come_back_from_plain_json_exactly_with_the_zone_of_the_pattern():
    monday = this_monday()
    tuesday = monday + datetime.timedelta(days=1)
    ref = MeetingRef(title="Board", start=at(tuesday, 9), end=at(tuesday, 11), minutes=120, series_uid=None)
    back = unplain(MeetingRef, plain(ref), ref.start.tzinfo)
    assert back == ref and back.start.tzinfo is ref.start.tzinfo and back.series_uid is None
