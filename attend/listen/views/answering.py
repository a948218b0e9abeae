"""Answering a pulse: no account, the link is the proof. An unknown link is a 404; a used, closed or
not-yet-open one says so kindly."""

from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from attend.core.formatting import long_date
from attend.core.rendering import posted, render_page
from attend.listen import access, forms, question_bank, selectors, services
from attend.listen.models import PulseRound

ANSWERED_COOKIE = "listen_answered_{}"


def _link_problem_page(request, problem: services.LinkProblem):
    context = {"page_title": _PROBLEM_TITLES[problem.kind], "problem": problem.kind, "round": problem.round}
    status = _PROBLEM_STATUS.get(problem.kind, 200)
    return render_page(request, "listen/link_problem.jinja", context, status=status)


_PROBLEM_STATUS = {services.LinkProblem.UNKNOWN: 404, services.LinkProblem.LEADER: 403}


_PROBLEM_TITLES = {
    services.LinkProblem.UNKNOWN: "We cannot find this pulse",
    services.LinkProblem.USED: "You have already answered",
    services.LinkProblem.EXPIRED: "This pulse has closed",
    services.LinkProblem.NOT_YET: "This pulse is not open yet",
    services.LinkProblem.FULL: "This pulse has had an answer from everyone",
    services.LinkProblem.LEADER: "You lead this team, so you cannot answer its pulse",
}


def _refuse_the_teams_leaders(request, pulse_round: PulseRound) -> None:
    """Nobody answers a pulse whose results they read: a signed-in leader of the team (or of a sub-team the round
    includes) is refused on any link.
    (In a private window they are not signed in: ADR 0018 says why that cannot isolate anyone either.)"""
    if access.leads_a_team_asked(request.user, pulse_round):
        raise services.LinkProblem(services.LinkProblem.LEADER, pulse_round)


def _answered_here(request, pulse_round: PulseRound) -> bool:
    """This device has answered this team link, and nobody said someone else shares it."""
    again = request.GET.get("again") or request.POST.get("again")
    return bool(request.COOKIES.get(ANSWERED_COOKIE.format(pulse_round.pk))) and not again


def _answer_page(request, pulse_round: PulseRound, form, token: str):
    again = bool(request.GET.get("again") or request.POST.get("again"))
    minutes = question_bank.template(pulse_round.template_key).minutes
    context = {
        "page_title": f"Your team's pulse: {pulse_round.team.name}",
        "round": pulse_round,
        "form": form,
        "groups": question_bank.grouped_by_theme(form.items),
        "closes": long_date(pulse_round.closes_on),
        "minutes": minutes,
        "actions": selectors.earlier_actions(pulse_round),
        "token": token,
        "again": again,
    }
    return render_page(request, "listen/answer.jinja", context, forms=[form])


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, pulse_token):
    today = timezone.localdate()
    try:
        pulse_round = services.pulse_link_check(token=pulse_token, today=today)
        _refuse_the_teams_leaders(request, pulse_round)
    except services.LinkProblem as problem:
        return _link_problem_page(request, problem)
    team_link = selectors.is_team_link(pulse_token)
    cookie = ANSWERED_COOKIE.format(pulse_round.pk)
    if team_link and _answered_here(request, pulse_round):  # on GET and on POST alike
        context = {"page_title": "You have already answered on this device", "token": pulse_token}
        return render_page(request, "listen/answered_here.jinja", context)
    form = forms.AnswerForm(posted(request), items=selectors.round_items(pulse_round))
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
