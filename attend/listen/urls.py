from django.urls import path

from attend.listen import views

app_name = "listen"

urlpatterns = [
    path("", views.index, name="index"),
    path("open/", views.round_open, name="round_open"),
    path("rounds/<uuid:pulse_round_id>/", views.round_detail, name="round"),
    path("rounds/<uuid:pulse_round_id>/results.csv", views.round_csv, name="round_csv"),
    path("rounds/<uuid:pulse_round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<uuid:pulse_round_id>/your-view/", views.self_view, name="self_view"),
    path("rounds/<uuid:pulse_round_id>/actions/", views.action_add, name="action_add"),
    path("actions/<uuid:listen_action_id>/", views.action_edit, name="action_edit"),
    path("teams/<uuid:team_id>/over-time/", views.team_trend, name="trend"),
    path("organisation/teams-by-theme/", views.heatmap, name="heatmap"),
    path("organisation/teams-by-theme.csv", views.heatmap_csv, name="heatmap_csv"),
    path("organisation/thresholds/", views.settings, name="settings"),
    path("organisation/questions/", views.items, name="items"),
    path("organisation/questions/<uuid:listen_item_id>/", views.item_edit, name="item_edit"),
    path("organisation/questions/<uuid:listen_item_id>/archive/", views.item_archive, name="item_archive"),
    path("answer/thank-you/", views.thanks, name="thanks"),
    path("answer/<str:pulse_token>/", views.answer, name="answer"),
]
