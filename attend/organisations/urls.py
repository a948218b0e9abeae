from django.urls import path

from attend.organisations.views import answering, organisation, people, teams

app_name = "organisations"

urlpatterns = [
    path("", organisation.home, name="home"),
    path("switch/", organisation.switch, name="switch"),
    path("first-day/dismiss/", organisation.first_day_dismiss, name="first_day_dismiss"),
    path("identity/", organisation.identity, name="identity"),
    path("two-factor/", organisation.two_factor_rule, name="two_factor_rule"),
    path("teams/", teams.teams, name="teams"),
    path("teams/add/", teams.team_add, name="team_add"),
    path("teams/<uuid:team_id>/", teams.team, name="team"),
    path("teams/<uuid:team_id>/rename/", teams.team_rename, name="team_rename"),
    path("my-team/<uuid:team_id>/", teams.my_team, name="my_team"),
    path("people/", people.people, name="people"),
    path("people/invite/", people.person_invite, name="person_invite"),
    path("people/import/", people.people_import, name="people_import"),
    path("people/imports/<uuid:people_import_id>/", people.people_import_progress, name="people_import_progress"),
    path("people/import/sample.csv", people.people_import_sample, name="people_import_sample"),
    path("people/<uuid:membership_id>/", people.person, name="person"),
    path("people/<uuid:membership_id>/roles/", people.person_roles, name="person_roles"),
    path("people/<uuid:membership_id>/deactivate/", people.person_deactivate, name="person_deactivate"),
    path("people/<uuid:membership_id>/reactivate/", people.person_reactivate, name="person_reactivate"),
    path(
        "people/<uuid:membership_id>/two-factor/reset/",
        people.person_two_factor_reset,
        name="person_two_factor_reset",
    ),
    path("people/<uuid:membership_id>/single-sign-on/forget/", people.person_sso_forget, name="person_sso_forget"),
    path("people/invited/", people.invited, name="invited"),
    path("people/invited/<uuid:invitation_id>/resend/", people.invitation_resend, name="invitation_resend"),
    path("audit/", organisation.audit_log, name="audit_log"),
    path("invitations/", answering.my_invitations, name="my_invitations"),
    path("invitations/<uuid:invitation_id>/answer/", answering.invitation_answer, name="invitation_answer"),
    path("invitation/declined/", answering.invitation_declined, name="invitation_declined"),
    path("invitation/<str:token>/", answering.invitation_accept, name="invitation_accept"),
]
