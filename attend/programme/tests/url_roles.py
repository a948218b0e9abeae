"""How every Programme URL answers each role; merged into attend/tests/test_url_roles.EXPECTED.

The facilitator runs the cohort; the leader takes part in it; the member, the other organisation's leader and
the organisation admin do not. Facilitator-only pages are 403 for anyone without the role; a cohort's pages are
404 for anyone outside it. The admin may read the cohort's aggregate report, and nothing else of it.
"""

from attend.tests.roles import statuses

FACILITATOR_ONLY = statuses(302, 403, 403, 403, 200, 403)
FACILITATOR_ONLY_POST = statuses(302, 403, 403, 403, 405, 403)
IN_THE_COHORT = statuses(302, 404, 200, 404, 200, 404)
PARTICIPANT_ONLY = statuses(302, 404, 200, 404, 404, 404)
REPORT_READERS = statuses(302, 403, 403, 403, 200, 200)
POST_ONLY = statuses(302, 405, 405, 405, 405, 405)

EXPECTED: dict[str, dict[str, int]] = {
    "programme:index": statuses(302, 200, 200, 200, 200, 200),  # each person's own cohorts, or none
    "programme:programme_new": FACILITATOR_ONLY,
    "programme:programme": FACILITATOR_ONLY,
    "programme:cohort_new": FACILITATOR_ONLY,
    "programme:cohort": IN_THE_COHORT,
    "programme:cohort_status": FACILITATOR_ONLY_POST,
    "programme:participants": FACILITATOR_ONLY,
    "programme:cohort_capacity": FACILITATOR_ONLY_POST,
    "programme:participant_remove": FACILITATOR_ONLY,  # GET asks "are you sure", POST removes
    "programme:session_new": FACILITATOR_ONLY,
    "programme:material_new": FACILITATOR_ONLY,
    "programme:assignment_new": FACILITATOR_ONLY,
    "programme:moderation": FACILITATOR_ONLY,
    "programme:my_results": PARTICIPANT_ONLY,
    "programme:report": REPORT_READERS,
    "programme:report_print": REPORT_READERS,
    "programme:report_csv": REPORT_READERS,
    "programme:session": IN_THE_COHORT,
    "programme:session_ics": IN_THE_COHORT,
    "programme:session_edit": FACILITATOR_ONLY,
    "programme:attendance": FACILITATOR_ONLY_POST,
    "programme:session_reply": POST_ONLY,  # only a participant; a test shows anyone else gets 404
    "programme:session_cancel": FACILITATOR_ONLY,  # GET asks "are you sure", POST cancels
    "programme:cpd_record": PARTICIPANT_ONLY,
    "programme:cpd_record_docx": PARTICIPANT_ONLY,
    "programme:thread": IN_THE_COHORT,
    "programme:post_reply": IN_THE_COHORT,
    "programme:post_edit": statuses(302, 404, 404, 404, 200, 404),  # the facilitator's own post
    "programme:post_report": statuses(302, 404, 200, 404, 404, 404),  # anyone in the cohort but its author
    "programme:post_hide": FACILITATOR_ONLY_POST,
    "programme:post_restore": FACILITATOR_ONLY_POST,
    "programme:questionnaire": PARTICIPANT_ONLY,
}

# URLs that answer with a file, not a page (the axe sweep skips them).
DOWNLOADS: set[str] = {"programme:session_ics", "programme:report_csv", "programme:cpd_record_docx"}
