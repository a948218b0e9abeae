"""Teams: the admin's team tree (a page at a time), adding, opening and renaming a team; and a leader's own team."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from attend.core import pagination
from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page
from attend.organisations import access, forms, selectors, services
from attend.organisations.checklist import first_day_checklist
from attend.organisations.models import Role
from attend.organisations.permissions import admin_required, role_required
from attend.organisations.presenters import (
    PersonPresenter,
    team_rows,
    team_view,
)


@admin_required
@require_GET
def teams(request):
    # A trust has hundreds of teams: the tree is read in one query and shown a page at a time (issue 21).
    page = pagination.page_of(request, selectors.teams_as_tree(current_organisation(request)))
    context = {
        "page_title": "Teams",
        "rows": team_rows(page),
        "page": page,
        "page_links": pagination.links(request, page),
    }
    return render_page(request, "organisations/teams.jinja", context)


@admin_required
@require_http_methods(["GET", "POST"])
def team_add(request):
    organisation = current_organisation(request)
    form = forms.TeamForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                organisation=organisation,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
                by=request.user,
            )
        except services.TeamNameTaken:
            form.add_error("name", "There is already a team with this name")
        else:
            messages.success(request, f"{team.name} has been added")
            return redirect("organisations:team", team.pk)
    return render_page(
        request, "organisations/team_form.jinja", {"page_title": "Add a team", "form": form}, forms=[form]
    )


@admin_required
@require_GET
def team(request, team_id):
    organisation = current_organisation(request)
    team = or_404(access.team_in_organisation, organisation, team_id)
    context = {
        "page_title": team.name,
        "team": team_view(team),
        "next_step": first_day_checklist(organisation).next_item,
    }
    return render_page(request, "organisations/team.jinja", context)


@admin_required
@require_http_methods(["GET", "POST"])
def team_rename(request, team_id):
    team = or_404(access.team_in_organisation, current_organisation(request), team_id)
    form = forms.TeamForm(request.POST or None, organisation=team.organisation, team=team, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_rename(team=team, name=form.cleaned_data["name"], by=request.user)
        except services.TeamNameTaken:
            form.add_error("name", "There is already a team with this name")
        else:
            messages.success(request, f"The team is now called {team.name}")
            return redirect("organisations:teams")
    context = {"page_title": f"Rename {team.name}", "form": form, "team": team}
    return render_page(request, "organisations/team_form.jinja", context, forms=[form])


@role_required(Role.LEADER)
@require_GET
def my_team(request, team_id):
    team = or_404(access.team_led_by, request.membership, team_id)
    page = pagination.page_of(request, selectors.team_people(team))
    people = [PersonPresenter(place.membership) for place in page]
    context = {"page_title": team.name, "team": team, "people": people, "page_links": pagination.links(request, page)}
    return render_page(request, "organisations/my_team.jinja", context)
