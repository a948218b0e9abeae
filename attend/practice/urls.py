from django.urls import path

from attend.practice.views import history, library, log, offline, organisation, timers

app_name = "practice"

urlpatterns = [
    path("", library.index, name="index"),
    path("timer/", timers.timer, name="timer"),
    path("timer/start/", timers.timer_start, name="timer_start"),
    path("timer/presets/<uuid:preset_id>/", timers.preset_player, name="preset_player"),
    path("timer/presets/<uuid:preset_id>/edit/", timers.preset_edit, name="preset_edit"),
    path("timer/presets/<uuid:preset_id>/delete/", timers.preset_delete, name="preset_delete"),
    path("log/", log.log, name="log"),
    path("sessions/<uuid:client_id>/check-in/", log.check_in, name="check_in"),
    path("history/", history.history, name="history"),
    path("history/streaks/", history.streaks, name="streaks"),
    path("history/practice-log.<str:file_format>", history.export, name="export"),
    path("organisation/", organisation.organisation_practices, name="organisation_practices"),
    path("organisation/new/", organisation.organisation_practice_new, name="organisation_practice_new"),
    path(
        "organisation/<uuid:practice_id>/edit/",
        organisation.organisation_practice_edit,
        name="organisation_practice_edit",
    ),
    path(
        "organisation/<uuid:practice_id>/archive/",
        organisation.organisation_practice_archive,
        name="organisation_practice_archive",
    ),
    path("offline/", offline.offline, name="offline"),
    path("<str:key>/", library.player, name="player"),
]
