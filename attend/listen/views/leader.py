"""A leader's pages (and an organisation admin's, for any team): rounds, results, actions, self-view, trend, CSV.

Each view declares its rule with `listen_user_required`, after the method check: signed out is a sign-in
redirect, a wrong method a 405 for everyone signed in, and anyone else a 403 (see `url_roles`). Which team,
round or action the person may open is then `access`, and anything else is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import or_404
from attend.core.formatting import counted, long_date
from attend.core.rendering import posted, render_page
from attend.listen import access, figures_text, forms, presenters, question_bank, results, selectors, services, tables
from attend.listen.models import InviteMethod, PulseRound
from attend.listen.views.shared import back_to_listen, csv_response
from attend.organisations.permissions import role_required

listen_user_required = role_required(*access.LISTEN_ROLES)

# Rounds listed on a page of Listen's home: an admin of a trust has thousands.
ROUNDS_PER_PAGE = 25


def _round(request, round_id) -> PulseRound:
    return or_404(access.round_for, request.membership, round_id)


@login_required
@require_GET
@listen_user_required
def index(request):
    today = timezone.localdate()
    is_admin = access.is_admin(request.membership)
    # A leader's few teams one by one; an admin's organisation newest first, what is running now at the top: its
    # team-by-team view is Teams by theme, and sorting a trust's 12,000 rounds by team name cost a sort per page.
    order = ("-opens_on", "-created_at", "pk") if is_admin else ("team__name", "-opens_on", "-created_at", "pk")
    rounds = access.rounds_for(request.membership).order_by(*order)
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    answered = selectors.answered_counts(page)
    rows = [
        {
            "round": r,
            "status": presenters.status(r, today),
            "answered": counted(answered[r.pk], "answer"),
            "opens": long_date(r.opens_on),
        }
        for r in page
    ]
    # An admin's "over time" is one link per team of the organisation (hundreds in a trust): theirs start from the
    # team's row on Teams by theme instead. A leader's are the few teams they lead.
    teams = access.teams_for(request.membership)
    context = {
        "page_title": "Listen",
        "rows": rows,
        "page": page,
        "may_open": teams.exists(),
        "teams": [] if is_admin else list(teams.order_by("name")),
        "is_admin": is_admin,
    }
    return render_page(request, "listen/index.jinja", context)


# Someone who may open rounds for more teams than this (an admin of a trust: hundreds) chooses the team first, and
# the page advises about that team only; a leader of a few teams is told about all of them at once.
ADVISED_TEAMS = 10


def _chosen_team(request, teams):
    """The team chosen on the first step (?team=) or posted, if it is one of `teams`; else None."""
    try:
        return teams.filter(pk=request.POST.get("team") or request.GET.get("team")).first()
    except ValidationError:  # not a team's id at all
        return None


@login_required
@require_http_methods(["GET", "POST"])
@listen_user_required
def round_open(request):
    teams = access.teams_for(request.membership).order_by("name")
    many = teams.count() > ADVISED_TEAMS
    chosen = _chosen_team(request, teams) if many else None
    if many and chosen is None and request.method == "GET":
        return _choose_team_page(request, teams)
    advised = teams if not many else teams.filter(pk=chosen.pk) if chosen else teams.none()
    thresholds = selectors.thresholds_of(request.membership.organisation)
    children = selectors.team_children(request.membership.organisation)
    helped = selectors.helped_by_sub_teams(advised, thresholds, opened_by=request.user, children=children)
    initial = {"team": request.GET.get("team"), "include_sub_teams": request.GET.get("sub_teams") == "1"}
    form = forms.OpenRoundForm(
        posted(request), teams=teams, initial=initial, recommendation=presenters.sub_team_recommendations(helped)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opened = services.pulse_round_open(
            team=data["team"],
            by=request.user,
            template_key=data["template_key"],
            opens_on=data["opens_on"],
            window_days=int(data["window_days"]),
            cadence=data["cadence"],
            invite=data["invite"],
            include_sub_teams=data["include_sub_teams"],
        )
        if opened.team_link_token:
            messages.success(request, "Round opened. Share the team link below with your team.")
        else:
            invited = counted(opened.invited, "person has", "people have")
            messages.success(request, f"Round opened. {invited} been invited.")
        return redirect("listen:round", opened.round.pk)
    small = selectors.too_small_teams(advised.select_related("parent"), thresholds, opened_by=request.user)
    context = {
        "page_title": "Open a pulse round",
        "form": form,
        "too_small": presenters.too_small_warnings(
            small,
            may_open=_may_open(teams, small, many=many),
            with_sub_teams=selectors.asked_with_sub_teams(small, opened_by=request.user, children=children),
        ),
        "offers_sub_teams": selectors.teams_with_sub_teams(teams).exists() or form["include_sub_teams"].value(),
        # Chosen on the first step: said, with a way back to choose another, not a list of hundreds again.
        "fixed_team": chosen,
        "back_link": back_to_listen(),
    }
    return render_page(request, "listen/open.jinja", context, forms=[form])


def _may_open(teams, small, *, many: bool) -> set:
    """The ids, among the small teams and their parents (all `too_small_warnings` asks about), of those the reader
    may open a round for: for someone of many teams, without reading every id."""
    if not many:
        return set(teams.values_list("pk", flat=True))
    asked = {s.team.pk for s in small} | {s.team.parent_id for s in small if s.team.parent_id}
    return set(teams.filter(pk__in=asked).values_list("pk", flat=True)) if asked else set()


def _choose_team_page(request, teams):
    context = {
        "page_title": "Open a pulse round",
        "form": forms.ChooseTeamForm(teams=teams),
        "back_link": back_to_listen(),
    }
    return render_page(request, "listen/open_choose_team.jinja", context)


def _round_page(request, pulse_round: PulseRound, *, action_form=None):
    today = timezone.localdate()
    view = selectors.round_view(pulse_round)
    figures = view.results
    own = selectors.self_view(pulse_round, request.user)
    gaps = results.self_view_gaps(own.answers, figures) if own else ()
    leads = access.leads_team(request.membership, pulse_round.team)
    themes = question_bank.themes_for(view.items)
    team_link = getattr(pulse_round, "team_link", None) if pulse_round.invite == InviteMethod.LINK else None
    context = {
        "page_title": f"{pulse_round.team.name}: pulse from {long_date(pulse_round.opens_on)}",
        "round": pulse_round,
        "status": presenters.status(pulse_round, today),
        "opens": long_date(pulse_round.opens_on),
        "closes": long_date(pulse_round.closes_on),
        "figures": figures,
        "rate": presenters.response_rate(figures, pulse_round),
        "waiting": presenters.waiting_message(figures, pulse_round),
        "roster_changes": presenters.roster_changes(pulse_round),
        "theme_table": tables.score_table("Score by theme", "Theme", tables.theme_rows(figures)),
        "sub_theme_table": tables.score_table("Score by part of each theme", "Part", tables.sub_theme_rows(figures)),
        "has_sub_themes": bool(figures.sub_themes),
        "distribution_table": tables.distribution_table(figures),
        "gap_table": tables.gap_table(gaps),
        "leads": leads,
        "has_self_view": own is not None,
        "team_link": request.build_absolute_uri(services.answer_path(team_link.token)) if team_link else None,
        "actions": selectors.round_actions(pulse_round),
        "action_form": action_form or forms.ActionForm(themes=themes, comments=figures.comments),
        "theme_titles": {t.key: t.title for t in themes},
        "owner_of": presenters.owner_of,
        "is_open": presenters.status(pulse_round, today) == "Open",
        "never_shows": selectors.never_shows(pulse_round),
        "includes_sub_teams": presenters.includes_sub_teams_message(pulse_round),
        "back_link": back_to_listen(),
    }
    return render_page(request, "listen/round.jinja", context, forms=[action_form])


@login_required
@require_GET
@listen_user_required
def round_detail(request, pulse_round_id):
    return _round_page(request, _round(request, pulse_round_id))


@login_required
@require_http_methods(["GET", "POST"])
@listen_user_required
def round_close(request, pulse_round_id):
    """Asks once (GET), then closes (POST): a closed round cannot be opened again."""
    pulse_round = _round(request, pulse_round_id)
    if request.method == "GET":
        if presenters.status(pulse_round, timezone.localdate()) != "Open":
            return redirect("listen:round", pulse_round.pk)
        context = {
            "page_title": f"Are you sure you want to close this round for {pulse_round.team.name} now?",
            "caption": pulse_round.team.name,
            "consequences": [
                "No one can answer it after this, and it cannot be opened again.",
                "Answers waiting to make up a group large enough to count are left out, so nobody can be picked out.",
            ],
            "button_text": "Close this round now",
            "cancel": {"href": reverse("listen:round", args=[pulse_round.pk]), "text": "No, keep it open"},
        }
        return render_page(request, "core/confirm.jinja", context)
    services.pulse_round_close(pulse_round=pulse_round, by=request.user)
    messages.success(request, "Round closed. No more answers can be given.")
    return redirect("listen:round", pulse_round.pk)


@login_required
@require_POST
@listen_user_required
def action_add(request, pulse_round_id):
    pulse_round = _round(request, pulse_round_id)
    view = selectors.round_view(pulse_round)
    form = forms.ActionForm(request.POST, themes=question_bank.themes_for(view.items), comments=view.results.comments)
    if not form.is_valid():
        return _round_page(request, pulse_round, action_form=form)
    services.pulse_action_add(
        pulse_round=pulse_round,
        by=request.user,
        text=form.cleaned_data["text"],
        theme=form.cleaned_data["theme"],
        quote=form.cleaned_data["quote"],
        owner=form.cleaned_data["owner"],
        due_on=form.cleaned_data["due_on"],
    )
    messages.success(request, "Action recorded. Your team sees it on their next pulse.")
    return redirect(f"{reverse('listen:round', args=[pulse_round.pk])}#actions")


@login_required
@require_http_methods(["GET", "POST"])
@listen_user_required
def action_edit(request, listen_action_id):
    action = or_404(access.action_for, request.membership, listen_action_id)
    initial = {"text": action.text, "status": action.status, "owner": action.owner, "due_on": action.due_on}
    form = forms.ActionUpdateForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.pulse_action_update(
            action=action, text=data["text"], status=data["status"], owner=data["owner"], due_on=data["due_on"]
        )
        messages.success(request, "Action updated.")
        return redirect(f"{reverse('listen:round', args=[action.round_id])}#actions")
    context = {
        "page_title": "Update an action",
        "form": form,
        "action": action,
        "back_link": {"href": reverse("listen:round", args=[action.round_id]), "text": "Back to the round"},
    }
    return render_page(request, "listen/action_edit.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
@listen_user_required
def self_view(request, pulse_round_id):
    pulse_round = or_404(access.self_view_round_for, request.membership, pulse_round_id)
    items = selectors.self_view_items(pulse_round)
    saved = selectors.self_view(pulse_round, request.user)
    initial = {key: str(value) for key, value in (saved.answers if saved else {}).items()}
    form = forms.SelfViewForm(posted(request), items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.self_view_save(pulse_round=pulse_round, leader=request.user, answers=form.answers())
        messages.success(request, "Saved. Only you see your own answers, next to your team's view.")
        return redirect("listen:round", pulse_round.pk)
    context = {
        "page_title": "Your view of yourself",
        "form": form,
        "round": pulse_round,
        "back_link": {"href": reverse("listen:round", args=[pulse_round.pk]), "text": "Back to the round"},
    }
    return render_page(request, "listen/self_view.jinja", context, forms=[form])


@login_required
@require_GET
@listen_user_required
def team_trend(request, team_id):
    team = or_404(access.team_for, request.membership, team_id)
    thresholds = selectors.thresholds_of(team.organisation)
    page, views, trend = selectors.team_trend_page(team, thresholds, request.GET.get("page"))
    context = {
        "page_title": f"{team.name}: over time",
        "team": team,
        "page": page,
        "trend_table": tables.trend_table([f"{view.round.opens_on:%b %Y}" for view in views], trend),
        "rounds": views,
        "not_enough": tables.NOT_ENOUGH,
        "back_link": back_to_listen(),
    }
    return render_page(request, "listen/trend.jinja", context)


@login_required
@require_GET
@listen_user_required
def round_csv(request, pulse_round_id):
    pulse_round = _round(request, pulse_round_id)
    figures = selectors.round_view(pulse_round).results
    return csv_response(figures_text.csv_rows(figures), f"pulse-{pulse_round.opens_on:%Y-%m-%d}.csv")
