from django.urls import path

from attend.diary import views

app_name = "diary"

urlpatterns = [
    path("", views.index, name="index"),
    path("week/", views.week, name="week"),
    path("trend/", views.trend, name="trend"),
    path("protected-time/", views.protected_time, name="protected_time"),
    path("protected-time/attend-protected-time.ics", views.protected_time_download, name="protected_time_download"),
    path("week/meetings/<slug:figure>/", views.meetings, name="meetings"),
    path("time-for-people/", views.people_rule, name="people_rule"),
    path("working-hours/", views.working_hours, name="working_hours"),
    path("calendars/upload/", views.upload, name="upload"),
    path("calendars/link/", views.subscribe, name="subscribe"),
    path("calendars/caldav/", views.caldav, name="caldav"),
    path("calendars/<uuid:diary_calendar_id>/", views.calendar, name="calendar"),
    path("calendars/<uuid:diary_calendar_id>/rename/", views.calendar_rename, name="calendar_rename"),
    path("calendars/<uuid:diary_calendar_id>/refresh/", views.calendar_refresh, name="calendar_refresh"),
    path("calendars/<uuid:diary_calendar_id>/remove/", views.calendar_delete, name="calendar_delete"),
    path("imports/<uuid:diary_import_id>/", views.import_progress, name="import_progress"),
]
