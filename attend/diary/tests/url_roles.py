"""How every Diary URL answers each role; merged into attend/tests/test_url_roles.EXPECTED.

A diary is its owner's alone: the report pages always show the signed-in person's own diary (so they open
for everyone signed in), and the leader's calendar and its import are 404 for everyone else, admins included.
"""

from attend.tests.roles import AUTHOR_ONLY, SIGNED_IN, statuses

POST_ONLY = statuses(302, 405, 405, 405, 405, 405)

EXPECTED: dict[str, dict[str, int]] = {
    "diary:index": SIGNED_IN,
    "diary:week": SIGNED_IN,
    "diary:trend": SIGNED_IN,
    "diary:protected_time": SIGNED_IN,
    "diary:protected_time_download": SIGNED_IN,
    "diary:meetings": AUTHOR_ONLY,  # only the person's own meetings: no diary, no list (404)
    "diary:people_rule": SIGNED_IN,
    "diary:working_hours": SIGNED_IN,
    "diary:upload": SIGNED_IN,
    "diary:subscribe": SIGNED_IN,
    "diary:caldav": SIGNED_IN,
    "diary:calendar": AUTHOR_ONLY,
    "diary:calendar_rename": POST_ONLY,
    "diary:calendar_refresh": POST_ONLY,
    "diary:calendar_delete": AUTHOR_ONLY,
    "diary:import_progress": AUTHOR_ONLY,
}

# URLs that answer with a file, not a page (the axe sweep skips them).
DOWNLOADS: set[str] = {"diary:protected_time_download"}
