from django.urls import path

from attend.connect import views

app_name = "connect"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/<uuid:pairing_id>/", views.pairing, name="pairing"),
    path("people/<uuid:pairing_id>/how-often/", views.pairing_cadence, name="pairing_cadence"),
    path("people/<uuid:pairing_id>/arrange/", views.schedule, name="schedule"),
    path("people/<uuid:pairing_id>/talking-points/", views.talking_point_add, name="talking_point_add"),
    path("people/<uuid:pairing_id>/actions/", views.action_add, name="action_add"),
    path("talking-points/<uuid:point_id>/done/", views.talking_point_done, name="talking_point_done"),
    path("actions/<uuid:action_id>/done/", views.action_done, name="action_done"),
    path("actions/<uuid:action_id>/change/", views.action_edit, name="action_edit"),
    path("actions/<uuid:action_id>/delete/", views.action_delete, name="action_delete"),
    path("conversations/<uuid:conversation_id>/", views.conversation, name="conversation"),
    path("conversations/<uuid:conversation_id>/shared/", views.conversation_shared, name="conversation_shared"),
    path("conversations/<uuid:conversation_id>/note/", views.conversation_note, name="conversation_note"),
    path("conversations/<uuid:conversation_id>/status/", views.conversation_status, name="conversation_status"),
    path("conversations/<uuid:conversation_id>/invitation.ics", views.conversation_ics, name="conversation_ics"),
    path(
        "conversations/<uuid:conversation_id>/series.ics", views.conversation_series_ics, name="conversation_series_ics"
    ),
    path("plan/", views.plan, name="plan"),
    path("organisation/", views.organisation_figures, name="organisation_figures"),
    path("support/", views.support, name="support"),
    path("support/<uuid:service_id>/", views.support_edit, name="support_edit"),
    path("support/<uuid:service_id>/delete/", views.support_delete, name="support_delete"),
]
