"""What a team's members see: their team's results, for each round whose figures show, and what their leaders
did about them. The figures come from `selectors.shown_rounds`, under the rules of the leader's own page, so the same
suppression holds; which teams are the person's is `access.member_teams_for`."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from attend.core.rendering import render_page
from attend.listen import access, presenters, selectors
from attend.organisations.models import Role
from attend.organisations.permissions import role_required


@login_required
@require_GET
@role_required(Role.MEMBER)
def team_results(request):
    membership = request.membership
    thresholds = selectors.thresholds_of(membership.organisation)
    teams = [
        {
            "team": team,
            "rounds": presenters.team_round_sections(selectors.shown_rounds(team, thresholds), team),
            "actions": presenters.action_rows(selectors.team_actions(team)),
        }
        for team in access.member_teams_for(membership).order_by("name")
    ]
    context = {"page_title": "Your team's pulse", "teams": teams, "needed": thresholds.figures}
    return render_page(request, "listen/team.jinja", context)
