from django.urls import path

from attend.programme.views import (
    discussion,
    materials,
    people,
    programmes,
    questionnaires,
    records,
    reports,
    sessions,
)

app_name = "programme"

urlpatterns = [
    path("", programmes.index, name="index"),
    path("new/", programmes.programme_new, name="programme_new"),
    path("<uuid:programme_id>/", programmes.programme, name="programme"),
    path("<uuid:programme_id>/cohorts/new/", programmes.cohort_new, name="cohort_new"),
    path("cohorts/<uuid:cohort_id>/", programmes.cohort, name="cohort"),
    path("cohorts/<uuid:cohort_id>/status/", programmes.cohort_status, name="cohort_status"),
    path("cohorts/<uuid:cohort_id>/people/", people.participants, name="participants"),
    path("cohorts/<uuid:cohort_id>/people/places/", people.cohort_capacity, name="cohort_capacity"),
    path(
        "cohorts/<uuid:cohort_id>/people/<uuid:participant_id>/remove/",
        people.participant_remove,
        name="participant_remove",
    ),
    path("cohorts/<uuid:cohort_id>/sessions/new/", sessions.session_new, name="session_new"),
    path("cohorts/<uuid:cohort_id>/materials/new/", materials.material_new, name="material_new"),
    path("cohorts/<uuid:cohort_id>/questionnaires/new/", questionnaires.assignment_new, name="assignment_new"),
    path("cohorts/<uuid:cohort_id>/posts-to-look-at/", discussion.moderation, name="moderation"),
    path("cohorts/<uuid:cohort_id>/your-results/", questionnaires.my_results, name="my_results"),
    path("cohorts/<uuid:cohort_id>/report/", reports.report, name="report"),
    path("cohorts/<uuid:cohort_id>/report/print/", reports.report_print, name="report_print"),
    path("cohorts/<uuid:cohort_id>/report.csv", reports.report_csv, name="report_csv"),
    path("sessions/<uuid:session_id>/", sessions.session, name="session"),
    path("sessions/<uuid:session_id>/change/", sessions.session_edit, name="session_edit"),
    path("sessions/<uuid:session_id>/invitation.ics", sessions.session_ics, name="session_ics"),
    path("sessions/<uuid:session_id>/attendance/", sessions.attendance, name="attendance"),
    path("sessions/<uuid:session_id>/reply/", sessions.session_reply, name="session_reply"),
    path("sessions/<uuid:session_id>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("cohorts/<uuid:cohort_id>/your-cpd-record/", records.cpd_record, name="cpd_record"),
    path("cohorts/<uuid:cohort_id>/your-cpd-record.docx", records.cpd_record_docx, name="cpd_record_docx"),
    path("discussion/<uuid:thread_id>/", discussion.thread, name="thread"),
    path("posts/<uuid:post_id>/reply/", discussion.post_reply, name="post_reply"),
    path("posts/<uuid:post_id>/edit/", discussion.post_edit, name="post_edit"),
    path("posts/<uuid:post_id>/report/", discussion.post_report, name="post_report"),
    path("posts/<uuid:post_id>/hide/", discussion.post_hide, name="post_hide"),
    path("posts/<uuid:post_id>/restore/", discussion.post_restore, name="post_restore"),
    path("questionnaires/<uuid:assignment_id>/", questionnaires.questionnaire, name="questionnaire"),
]
