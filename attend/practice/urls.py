from django.urls import path

from attend.practice import views

app_name = "practice"

urlpatterns = [
    path("", views.index, name="index"),
    path("timer/", views.timer, name="timer"),
    path("timer/start/", views.timer_start, name="timer_start"),
    path("timer/presets/<uuid:preset_id>/", views.preset_player, name="preset_player"),
    path("timer/presets/<uuid:preset_id>/edit/", views.preset_edit, name="preset_edit"),
    path("timer/presets/<uuid:preset_id>/delete/", views.preset_delete, name="preset_delete"),
    path("log/", views.log, name="log"),
    path("sessions/<uuid:client_id>/check-in/", views.check_in, name="check_in"),
    path("history/", views.history, name="history"),
    path("history/streaks/", views.streaks, name="streaks"),
    path("history/practice-log.<str:file_format>", views.export, name="export"),
    path("organisation/", views.organisation_practices, name="organisation_practices"),
    path("organisation/new/", views.organisation_practice_new, name="organisation_practice_new"),
    path("organisation/<uuid:practice_id>/edit/", views.organisation_practice_edit, name="organisation_practice_edit"),
    path(
        "organisation/<uuid:practice_id>/archive/",
        views.organisation_practice_archive,
        name="organisation_practice_archive",
    ),
    path("offline/", views.offline, name="offline"),
    path("<str:key>/", views.player, name="player"),
]
