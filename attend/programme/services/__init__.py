"""Writes for Programme, one module per journey. Callers reach programmes, cohorts, sessions, threads and posts
through `access` first; reads live in `selectors`.

Everything is re-exported here, so `from attend.programme import services` and `services.session_schedule(...)`
keep working wherever they are used (and the clock's dotted path `attend.programme.services.cohort_places_job`).
"""

# Reads these writes check. `programme/demo.py` still reaches `assignment_measures` through this module.
from attend.programme.selectors import assignment_is_open, assignment_measures, post_editable
from attend.programme.services.cohorts import cohort_create, cohort_status_set, cohort_thread, programme_create
from attend.programme.services.common import (
    DESCRIPTION_LENGTH,
    MATERIAL_TEXT_LENGTH,
    POST_LENGTH,
    THREAD_SUFFIX,
    ProgrammeError,
)
from attend.programme.services.discussion import (
    RECENT_POSTS,
    post_create,
    post_edit,
    post_hide,
    post_report,
    post_restore,
)
from attend.programme.services.enrolment import (
    Invited,
    cohort_capacity_set,
    cohort_people_invite,
    cohort_places_fill,
    cohort_places_job,
    participant_place,
    participant_remove,
)
from attend.programme.services.evaluation import questionnaire_assign, questionnaire_submit
from attend.programme.services.meetings import session_cancel, session_reply_set, session_requests_deliver
from attend.programme.services.records import cpd_record_exported
from attend.programme.services.sessions import (
    SessionOutsideCohort,
    attendance_record,
    material_add,
    session_change,
    session_schedule,
)

__all__ = [
    "DESCRIPTION_LENGTH",
    "MATERIAL_TEXT_LENGTH",
    "POST_LENGTH",
    "RECENT_POSTS",
    "THREAD_SUFFIX",
    "Invited",
    "ProgrammeError",
    "assignment_is_open",
    "assignment_measures",
    "attendance_record",
    "cohort_capacity_set",
    "cohort_create",
    "cohort_people_invite",
    "cohort_places_fill",
    "cohort_places_job",
    "cohort_status_set",
    "cohort_thread",
    "cpd_record_exported",
    "material_add",
    "participant_place",
    "participant_remove",
    "post_create",
    "post_edit",
    "post_editable",
    "post_hide",
    "post_report",
    "post_restore",
    "programme_create",
    "questionnaire_assign",
    "questionnaire_submit",
    "SessionOutsideCohort",
    "session_cancel",
    "session_change",
    "session_reply_set",
    "session_requests_deliver",
    "session_schedule",
]
