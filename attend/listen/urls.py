from django.urls import path

from attend.listen.views import answering, leader, organisation, team

app_name = "listen"

urlpatterns = [
    path("", leader.index, name="index"),
    path("open/", leader.round_open, name="round_open"),
    path("your-team/", team.team_results, name="team_results"),
    path("rounds/<uuid:pulse_round_id>/", leader.round_detail, name="round"),
    path("rounds/<uuid:pulse_round_id>/results.csv", leader.round_csv, name="round_csv"),
    path("rounds/<uuid:pulse_round_id>/close/", leader.round_close, name="round_close"),
    path("rounds/<uuid:pulse_round_id>/your-view/", leader.self_view, name="self_view"),
    path("rounds/<uuid:pulse_round_id>/actions/", leader.action_add, name="action_add"),
    path("actions/<uuid:listen_action_id>/", leader.action_edit, name="action_edit"),
    path("teams/<uuid:team_id>/over-time/", leader.team_trend, name="trend"),
    path("organisation/teams-by-theme/", organisation.heatmap, name="heatmap"),
    path("organisation/teams-by-theme.csv", organisation.heatmap_csv, name="heatmap_csv"),
    path("organisation/thresholds/", organisation.settings, name="settings"),
    path("organisation/questions/", organisation.items, name="items"),
    path("organisation/questions/<uuid:listen_item_id>/", organisation.item_edit, name="item_edit"),
    path("organisation/questions/<uuid:listen_item_id>/archive/", organisation.item_archive, name="item_archive"),
    path("answer/thank-you/", answering.thanks, name="thanks"),
    path("answer/<str:pulse_token>/", answering.answer, name="answer"),
]
