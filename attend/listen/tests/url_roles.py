"""How every Listen URL answers each role; merged into attend/tests/test_url_roles.EXPECTED.

A team's rounds, results and actions: its leader and the organisation's admins; members and facilitators are
refused (403), and another organisation's leader finds nothing (404). The self-view is the leader's alone.
Answering needs no account: the link is the proof; but a signed-in leader of the team is refused (ADR 0018).
"""

from attend.tests.roles import ADMIN_ONLY, ADMIN_ONLY_POST, EVERYONE, statuses

LEADER_AND_ADMIN = statuses(302, 403, 200, 404, 403, 200)
POST_ONLY = statuses(302, 405, 405, 405, 405, 405)

EXPECTED: dict[str, dict[str, int]] = {
    "listen:index": statuses(302, 403, 200, 200, 403, 200),  # every leader has a home; the other sees only theirs
    "listen:round_open": statuses(302, 403, 200, 200, 403, 200),
    # A team's results as its members read them: anyone in a team as a member (the leader fixture leads only).
    "listen:team_results": statuses(302, 200, 403, 403, 403, 403),
    "listen:round": LEADER_AND_ADMIN,
    "listen:round_csv": LEADER_AND_ADMIN,
    "listen:round_close": LEADER_AND_ADMIN,  # GET asks "are you sure", POST closes
    "listen:self_view": statuses(302, 403, 200, 404, 403, 404),  # the team's own leader only
    "listen:action_add": POST_ONLY,
    "listen:action_edit": LEADER_AND_ADMIN,
    "listen:trend": LEADER_AND_ADMIN,
    # An admin sees every team; a leader the whole organisation and the teams they lead.
    "listen:heatmap": statuses(302, 403, 200, 200, 403, 200),
    "listen:heatmap_csv": ADMIN_ONLY,
    "listen:settings": ADMIN_ONLY,
    "listen:items": ADMIN_ONLY,
    "listen:item_edit": ADMIN_ONLY,
    "listen:item_archive": ADMIN_ONLY_POST,
    # A live single-use link, for whoever holds it; never the team's own leader, who reads the results (ADR 0018).
    "listen:answer": statuses(200, 200, 403, 200, 200, 200),
    "listen:thanks": EVERYONE,
}

# URLs that answer with a file, not a page (the axe sweep skips them).
DOWNLOADS: set[str] = {"listen:round_csv", "listen:heatmap_csv"}
