"""Listen: anonymous team pulses. Leaders (and organisation admins, for any team) open rounds and read results;
anyone holding a live link answers, without an account. Who may open what is `access`; what figures may show is
`anonymity` (through `results`); views only glue them to HTTP.
"""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.rendering import render_page
from attend.listen import access, forms, presenters, question_bank, results, selectors, services
from attend.listen.models import InviteMethod, OrganisationItem, PulseRound
from attend.organisations.permissions import admin_required

ANSWERED_COOKIE = "listen_answered_{}"
# A spreadsheet would run a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _posted(request):
    """The submitted data on POST (even when empty, so an empty form is invalid, not blank), else None."""
    return request.POST if request.method == "POST" else None


def _listen_user(request) -> None:
    if not access.may_use_listen(request.membership):
        raise PermissionDenied


def _round(request, round_id) -> PulseRound:
    _listen_user(request)
    try:
        return access.round_for(request.membership, round_id)
    except PulseRound.DoesNotExist:
        raise Http404


def _back_to_listen():
    return {"href": reverse("listen:index"), "text": "Listen"}


# The leader's pages


@login_required
@require_GET
def index(request):
    _listen_user(request)
    today = timezone.localdate()
    rounds = list(access.rounds_for(request.membership).order_by("team__name", "-opens_on"))
    answered = {r.pk: selectors.answered_count(r) for r in rounds}
    rows = [
        {
            "round": r,
            "status": presenters.status(r, today),
            "answered": answered[r.pk],
            "opens": presenters.day(r.opens_on),
        }
        for r in rounds
    ]
    context = {
        "page_title": "Listen",
        "rows": rows,
        "teams": list(access.teams_for(request.membership).order_by("name")),
        "is_admin": access.is_admin(request.membership),
    }
    return render_page(request, "listen/index.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_open(request):
    _listen_user(request)
    teams = access.teams_for(request.membership).order_by("name")
    form = forms.OpenRoundForm(_posted(request), teams=teams, initial={"team": request.GET.get("team")})
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
        )
        if opened.team_link_token:
            messages.success(request, "Round opened. Share the team link below with your team.")
        else:
            messages.success(request, f"Round opened. {opened.invited} people have been invited.")
        return redirect("listen:round", opened.round.pk)
    context = {"page_title": "Open a pulse round", "form": form, "back_link": _back_to_listen()}
    return render_page(request, "listen/open.jinja", context, forms=[form])


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
        "page_title": f"{pulse_round.team.name}: pulse from {presenters.day(pulse_round.opens_on)}",
        "round": pulse_round,
        "status": presenters.status(pulse_round, today),
        "opens": presenters.day(pulse_round.opens_on),
        "closes": presenters.day(pulse_round.closes_on),
        "figures": figures,
        "rate": presenters.response_rate(figures, pulse_round),
        "waiting": presenters.waiting_message(figures, pulse_round),
        "theme_table": presenters.score_table("Score by theme", "Theme", presenters.theme_rows(figures)),
        "sub_theme_table": presenters.score_table(
            "Score by part of each theme", "Part", presenters.sub_theme_rows(figures)
        ),
        "has_sub_themes": bool(figures.sub_themes),
        "distribution_table": presenters.distribution_table(figures),
        "gap_table": presenters.gap_table(gaps),
        "leads": leads,
        "has_self_view": own is not None,
        "team_link": request.build_absolute_uri(services.answer_path(team_link.token)) if team_link else None,
        "actions": selectors.round_actions(pulse_round),
        "action_form": action_form or forms.ActionForm(themes=themes, comments=figures.comments),
        "theme_titles": {t.key: t.title for t in themes},
        "is_open": presenters.status(pulse_round, today) == "Open",
        "back_link": _back_to_listen(),
    }
    return render_page(request, "listen/round.jinja", context, forms=[action_form])


@login_required
@require_GET
def round_detail(request, pulse_round_id):
    return _round_page(request, _round(request, pulse_round_id))


@login_required
@require_POST
def round_close(request, pulse_round_id):
    pulse_round = _round(request, pulse_round_id)
    services.pulse_round_close(pulse_round=pulse_round, by=request.user)
    messages.success(request, "Round closed. No more answers can be given.")
    return redirect("listen:round", pulse_round.pk)


@login_required
@require_POST
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
    )
    messages.success(request, "Action recorded. Your team sees it on their next pulse.")
    return redirect(f"{reverse('listen:round', args=[pulse_round.pk])}#actions")


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, listen_action_id):
    _listen_user(request)
    try:
        action = access.action_for(request.membership, listen_action_id)
    except PulseRound.DoesNotExist:
        raise Http404
    initial = {"text": action.text, "status": action.status}
    form = forms.ActionUpdateForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.pulse_action_update(action=action, text=form.cleaned_data["text"], status=form.cleaned_data["status"])
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
def self_view(request, pulse_round_id):
    _listen_user(request)
    try:
        pulse_round = access.self_view_round_for(request.membership, pulse_round_id)
    except PulseRound.DoesNotExist:
        raise Http404
    items = selectors.self_view_items(pulse_round)
    saved = selectors.self_view(pulse_round, request.user)
    initial = {key: str(value) for key, value in (saved.answers if saved else {}).items()}
    form = forms.SelfViewForm(_posted(request), items=items, initial=initial)
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
def team_trend(request, team_id):
    _listen_user(request)
    try:
        team = access.team_for(request.membership, team_id)
    except PulseRound.DoesNotExist:
        raise Http404
    thresholds = selectors.thresholds_of(team.organisation)
    views, trend = selectors.team_trend(team, thresholds)
    context = {
        "page_title": f"{team.name}: over time",
        "team": team,
        "trend_table": presenters.trend_table([f"{view.round.opens_on:%b %Y}" for view in views], trend),
        "rounds": views,
        "not_enough": presenters.NOT_ENOUGH,
        "back_link": _back_to_listen(),
    }
    return render_page(request, "listen/trend.jinja", context)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _csv_response(rows: list[list[str]], filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def round_csv(request, pulse_round_id):
    pulse_round = _round(request, pulse_round_id)
    figures = selectors.round_view(pulse_round).results
    return _csv_response(results.csv_rows(figures), f"pulse-{pulse_round.opens_on:%Y-%m-%d}.csv")


# The organisation admin's pages


def _heatmap(request):
    organisation = request.membership.organisation
    form = forms.QuarterForm(request.GET or None, quarters=selectors.quarters(organisation))
    quarter = (form.cleaned_data["quarter"] or None) if form.is_valid() else None
    thresholds = selectors.thresholds_of(organisation)
    themes, rows = selectors.heatmap(organisation, thresholds=thresholds, quarter=quarter)
    return form, quarter, thresholds, themes, rows


@admin_required
@require_GET
def heatmap(request):
    form, quarter, thresholds, themes, rows = _heatmap(request)
    context = {
        "page_title": "Teams by theme",
        "form": form,
        "quarter": quarter,
        "themes": themes,
        "heatmap_table": presenters.heatmap_table(themes, rows),
        "thresholds": thresholds,
        "back_link": _back_to_listen(),
    }
    return render_page(request, "listen/heatmap.jinja", context)


@admin_required
@require_GET
def heatmap_csv(request):
    _, quarter, _, themes, rows = _heatmap(request)
    scores = {(row.team.pk, t.key): value for row in rows for t, value in zip(themes, row.scores, strict=True)}
    csv_rows = results.heatmap_csv_rows(
        scores, teams={row.team.pk: row.team.path for row in rows}, theme_keys=[t.key for t in themes]
    )
    return _csv_response(csv_rows, f"listen-heatmap-{(quarter or 'all').replace(' ', '-')}.csv")


@admin_required
@require_http_methods(["GET", "POST"])
def settings(request):
    organisation = request.membership.organisation
    thresholds = selectors.thresholds_of(organisation)
    initial = {"figure_threshold": str(thresholds.figures), "comment_threshold": str(thresholds.comments)}
    form = forms.ListenSettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["thresholds"]
        services.listen_settings_update(
            organisation=organisation,
            by=request.user,
            figure_threshold=chosen.figures,
            comment_threshold=chosen.comments,
        )
        messages.success(request, "Thresholds saved.")
        return redirect("listen:settings")
    context = {"page_title": "Anonymity thresholds", "form": form, "back_link": _back_to_listen()}
    return render_page(request, "listen/settings.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def items(request):
    organisation = request.membership.organisation
    form = forms.OrganisationItemForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.listen_item_add(organisation=organisation, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Question added. New rounds for every team will ask it.")
        return redirect("listen:items")
    context = {
        "page_title": "Your organisation's questions",
        "form": form,
        "items": selectors.organisation_items(organisation),
        "back_link": _back_to_listen(),
    }
    return render_page(request, "listen/items.jinja", context, forms=[form])


def _item(request, listen_item_id) -> OrganisationItem:
    try:
        return selectors.organisation_items(request.membership.organisation).get(pk=listen_item_id)
    except OrganisationItem.DoesNotExist:
        raise Http404


@admin_required
@require_http_methods(["GET", "POST"])
def item_edit(request, listen_item_id):
    item = _item(request, listen_item_id)
    form = forms.OrganisationItemForm(_posted(request), initial={"text": item.text})
    if request.method == "POST" and form.is_valid():
        services.listen_item_edit(item=item, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Question changed. Rounds already open keep asking it in the new words.")
        return redirect("listen:items")
    context = {
        "page_title": "Change a question",
        "form": form,
        "item": item,
        "back_link": {"href": reverse("listen:items"), "text": "Your organisation's questions"},
    }
    return render_page(request, "listen/item_edit.jinja", context, forms=[form])


@admin_required
@require_POST
def item_archive(request, listen_item_id):
    item = _item(request, listen_item_id)
    services.listen_item_archive(item=item, by=request.user, archived=not item.is_archived)
    messages.success(request, "Question archived." if item.is_archived else "Question back in use.")
    return redirect("listen:items")


# Answering: no account, the link is the proof


def _link_problem_page(request, problem: services.LinkProblem):
    context = {"page_title": _PROBLEM_TITLES[problem.kind], "problem": problem.kind, "round": problem.round}
    status = 404 if problem.kind == services.LinkProblem.UNKNOWN else 200
    return render_page(request, "listen/link_problem.jinja", context, status=status)


_PROBLEM_TITLES = {
    services.LinkProblem.UNKNOWN: "We cannot find this pulse",
    services.LinkProblem.USED: "You have already answered",
    services.LinkProblem.EXPIRED: "This pulse has closed",
    services.LinkProblem.NOT_YET: "This pulse is not open yet",
}


def _answer_page(request, pulse_round: PulseRound, form, token: str):
    minutes = question_bank.template(pulse_round.template_key).minutes
    context = {
        "page_title": f"Your team's pulse: {pulse_round.team.name}",
        "round": pulse_round,
        "form": form,
        "groups": question_bank.grouped_by_theme(form.items),
        "closes": presenters.day(pulse_round.closes_on),
        "minutes": minutes,
        "actions": selectors.earlier_actions(pulse_round),
        "token": token,
    }
    return render_page(request, "listen/answer.jinja", context, forms=[form])


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, pulse_token):
    today = timezone.localdate()
    try:
        pulse_round = services.pulse_link_check(token=pulse_token, today=today)
    except services.LinkProblem as problem:
        return _link_problem_page(request, problem)
    team_link = services.is_team_link(pulse_token)
    cookie = ANSWERED_COOKIE.format(pulse_round.pk)
    if team_link and request.method == "GET" and request.COOKIES.get(cookie) and not request.GET.get("again"):
        context = {"page_title": "You have already answered on this device", "token": pulse_token}
        return render_page(request, "listen/answered_here.jinja", context)
    form = forms.AnswerForm(_posted(request), items=selectors.round_items(pulse_round))
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_response_submit(
                token=pulse_token, answers=form.answers(), comment=form.cleaned_data["comment"], today=today
            )
        except services.LinkProblem as problem:
            return _link_problem_page(request, problem)
        response = redirect("listen:thanks")
        if team_link:
            response.set_cookie(
                cookie, "1", max_age=60 * 60 * 24 * 60, httponly=True, samesite="Lax", secure=request.is_secure()
            )
        return response
    return _answer_page(request, pulse_round, form, pulse_token)


@require_GET
def thanks(request):
    return render_page(request, "listen/thanks.jinja", {"page_title": "Thank you"})
