from django.urls import path

from attend.core import views

app_name = "core"

urlpatterns = [
    path("", views.today, name="today"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
