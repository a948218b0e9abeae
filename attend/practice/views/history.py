"""A person's own practice: the month's calendar and figures, their practice settings, and the download of
their log. Only the person sees any of it; none of it is kept offline."""

import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from attend.core import pagination
from attend.core.access import current_organisation
from attend.core.rendering import render_page
from attend.practice import exports, forms, selectors, services, statistics
from attend.practice.presenters import calendar_weeks, history_figures, session_view

_MONTH = re.compile(r"(\d{4})-(\d{2})")
SESSIONS_PER_PAGE = 20
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _month_asked(request, today: date) -> tuple[int, int]:
    match = _MONTH.fullmatch(request.GET.get("month", ""))
    if match and 1 <= int(match[2]) <= 12 and 2000 <= int(match[1]) <= today.year + 1:
        return int(match[1]), int(match[2])
    return today.year, today.month


def _shift_month(year: int, month: int, by: int) -> str:
    index = year * 12 + month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@login_required
@require_GET
def history(request):
    person = request.user
    today = selectors.local_today(person)
    year, month = _month_asked(request, today)
    facts = selectors.session_facts(person)
    first_day = selectors.first_practice_day(person)
    practised_days = {fact.day for fact in facts}
    zone = selectors.local_zone(person)
    show_streaks = selectors.shows_streaks(person)
    page = pagination.page_of(request, selectors.sessions_of(person), size=SESSIONS_PER_PAGE)
    streak = statistics.streak(practised_days, today=today) if show_streaks else None
    context = {
        "page_title": "Your practice",
        "figures": history_figures(statistics.summary(facts, today=today), streak=streak),
        "calendar": calendar_weeks(
            statistics.month_calendar(year, month, facts), practised_days=practised_days, today=today
        ),
        "month": date(year, month, 1),
        # Paging back stops at the first month with a session: before it there is nothing to see.
        "previous_month": (
            _shift_month(year, month, -1) if first_day and (year, month) > (first_day.year, first_day.month) else None
        ),
        "next_month": _shift_month(year, month, 1) if (year, month) < (today.year, today.month) else None,
        "streaks_form": forms.PracticeSettingsForm(
            initial={"show_streaks": show_streaks, "remind_on_working_days": selectors.reminds(person)}
        ),
        "sessions": [session_view(session, zone=zone) for session in page],
        "page_links": pagination.links(request, page),
    }
    return render_page(request, "practice/history.jinja", context)


@login_required
@require_POST
def streaks(request):
    """The practice settings (streaks and reminders), saved from the history page."""
    form = forms.PracticeSettingsForm(request.POST)
    services.practice_preference_set(person=request.user, **form.preference())
    messages.success(request, "Your practice settings are saved.")
    return redirect("practice:history")


@login_required
@require_GET
def export(request, file_format):
    if file_format not in EXPORT_TYPES:
        raise Http404
    zone = selectors.local_zone(request.user)
    sessions = [session_view(session, zone=zone) for session in selectors.sessions_of(request.user)]
    body = exports.sessions_csv(sessions) if file_format == "csv" else exports.sessions_json(sessions)
    services.practice_log_exported(
        person=request.user, organisation=current_organisation(request), file_format=file_format
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="practice-log-{timezone.localdate().isoformat()}.{file_format}"'
    )
    return response
