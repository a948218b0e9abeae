from django.urls import path

from attend.connect.views import conversations, organisation, pairings, plan

app_name = "connect"

urlpatterns = [
    path("", pairings.index, name="index"),
    path("people/<uuid:pairing_id>/", pairings.pairing, name="pairing"),
    path("people/<uuid:pairing_id>/how-often/", pairings.pairing_cadence, name="pairing_cadence"),
    path("people/<uuid:pairing_id>/arrange/", conversations.schedule, name="schedule"),
    path("people/<uuid:pairing_id>/talking-points/", pairings.talking_point_add, name="talking_point_add"),
    path("people/<uuid:pairing_id>/actions/", pairings.action_add, name="action_add"),
    path("talking-points/<uuid:point_id>/done/", pairings.talking_point_done, name="talking_point_done"),
    path("actions/<uuid:action_id>/done/", pairings.action_done, name="action_done"),
    path("actions/<uuid:action_id>/change/", pairings.action_edit, name="action_edit"),
    path("actions/<uuid:action_id>/delete/", pairings.action_delete, name="action_delete"),
    path("conversations/<uuid:conversation_id>/", conversations.conversation, name="conversation"),
    path("conversations/<uuid:conversation_id>/shared/", conversations.conversation_shared, name="conversation_shared"),
    path("conversations/<uuid:conversation_id>/note/", conversations.conversation_note, name="conversation_note"),
    path("conversations/<uuid:conversation_id>/status/", conversations.conversation_status, name="conversation_status"),
    path(
        "conversations/<uuid:conversation_id>/invitation.ics", conversations.conversation_ics, name="conversation_ics"
    ),
    path(
        "conversations/<uuid:conversation_id>/series.ics",
        conversations.conversation_series_ics,
        name="conversation_series_ics",
    ),
    path("plan/", plan.plan, name="plan"),
    path("organisation/", organisation.organisation_figures, name="organisation_figures"),
    path("support/", organisation.support, name="support"),
    path("support/<uuid:service_id>/", organisation.support_edit, name="support_edit"),
    path("support/<uuid:service_id>/delete/", organisation.support_delete, name="support_delete"),
]
