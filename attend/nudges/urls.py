from django.urls import path

from attend.nudges import views

app_name = "nudges"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("for-you/", views.notifications, name="notifications"),
    path("for-you/read/", views.notifications_read, name="notifications_read"),
    path("for-you/<uuid:notification_id>/", views.notification_open, name="notification_open"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("organisation/", views.organisation_budget, name="organisation_budget"),
]
