from django.urls import path

from attend.accounts.sso import views

app_name = "sso"

urlpatterns = [
    path("", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("settings/<slug:slug>/", views.settings_page, name="settings"),
    path("<slug:slug>/", views.organisation_start, name="organisation"),
]
