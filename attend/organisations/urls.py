from django.urls import path

from attend.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("switch/", views.switch, name="switch"),
    path("first-day/dismiss/", views.first_day_dismiss, name="first_day_dismiss"),
    path("identity/", views.identity, name="identity"),
    path("two-factor/", views.two_factor_rule, name="two_factor_rule"),
    path("teams/", views.teams, name="teams"),
    path("teams/add/", views.team_add, name="team_add"),
    path("teams/<uuid:team_id>/", views.team, name="team"),
    path("teams/<uuid:team_id>/rename/", views.team_rename, name="team_rename"),
    path("my-team/<uuid:team_id>/", views.my_team, name="my_team"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/import/", views.people_import, name="people_import"),
    path("people/import/sample.csv", views.people_import_sample, name="people_import_sample"),
    path("people/<uuid:membership_id>/", views.person, name="person"),
    path("people/<uuid:membership_id>/roles/", views.person_roles, name="person_roles"),
    path("people/<uuid:membership_id>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<uuid:membership_id>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path("people/invited/", views.invited, name="invited"),
    path("people/invited/<uuid:invitation_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("audit/", views.audit_log, name="audit_log"),
    path("invitations/", views.my_invitations, name="my_invitations"),
    path("invitations/<uuid:invitation_id>/answer/", views.invitation_answer, name="invitation_answer"),
    path("invitation/declined/", views.invitation_declined, name="invitation_declined"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
