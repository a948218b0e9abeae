from django.urls import path

from attend.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.programme_new, name="programme_new"),
    path("<uuid:programme_id>/", views.programme, name="programme"),
    path("<uuid:programme_id>/cohorts/new/", views.cohort_new, name="cohort_new"),
    path("cohorts/<uuid:cohort_id>/", views.cohort, name="cohort"),
    path("cohorts/<uuid:cohort_id>/status/", views.cohort_status, name="cohort_status"),
    path("cohorts/<uuid:cohort_id>/people/", views.participants, name="participants"),
    path(
        "cohorts/<uuid:cohort_id>/people/<uuid:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("cohorts/<uuid:cohort_id>/sessions/new/", views.session_new, name="session_new"),
    path("cohorts/<uuid:cohort_id>/materials/new/", views.material_new, name="material_new"),
    path("cohorts/<uuid:cohort_id>/questionnaires/new/", views.assignment_new, name="assignment_new"),
    path("cohorts/<uuid:cohort_id>/posts-to-look-at/", views.moderation, name="moderation"),
    path("cohorts/<uuid:cohort_id>/your-results/", views.my_results, name="my_results"),
    path("cohorts/<uuid:cohort_id>/report/", views.report, name="report"),
    path("cohorts/<uuid:cohort_id>/report/print/", views.report_print, name="report_print"),
    path("cohorts/<uuid:cohort_id>/report.csv", views.report_csv, name="report_csv"),
    path("sessions/<uuid:session_id>/", views.session, name="session"),
    path("sessions/<uuid:session_id>/change/", views.session_edit, name="session_edit"),
    path("sessions/<uuid:session_id>/invitation.ics", views.session_ics, name="session_ics"),
    path("sessions/<uuid:session_id>/attendance/", views.attendance, name="attendance"),
    path("discussion/<uuid:thread_id>/", views.thread, name="thread"),
    path("posts/<uuid:post_id>/reply/", views.post_reply, name="post_reply"),
    path("posts/<uuid:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<uuid:post_id>/report/", views.post_report, name="post_report"),
    path("posts/<uuid:post_id>/hide/", views.post_hide, name="post_hide"),
    path("posts/<uuid:post_id>/restore/", views.post_restore, name="post_restore"),
    path("questionnaires/<uuid:assignment_id>/", views.questionnaire, name="questionnaire"),
]
