"""Diary: a person's own calendars, the picture of their week and the last 12 weeks, and protected time.

Every calendar and import is reached through `access`, starting from the signed-in person; anything else
is a 404, admins included. The report pages always show the signed-in person's own diary.
"""

from __future__ import annotations

import datetime
import zoneinfo
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import or_404
from attend.core.formatting import counted
from attend.core.rendering import render_page
from attend.diary import access, fetching, forms, presenters, selectors, services
from attend.diary.ics_export import protected_time_ics
from attend.diary.models import DiaryCalendar, DiaryImport

FURTHEST_WEEKS = 26


def _chosen_monday(request) -> datetime.date:
    """The week asked for (?week=YYYY-MM-DD, any day of it), kept inside the stored window."""
    today = selectors.today_for(request.user)
    this_monday = selectors.monday_of(today)
    try:
        asked = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        return this_monday
    monday = selectors.monday_of(asked)
    earliest = this_monday - datetime.timedelta(weeks=FURTHEST_WEEKS)
    latest = this_monday + datetime.timedelta(weeks=services.WEEKS_AFTER - 1)
    return min(max(monday, earliest), latest)


def _week_link(monday: datetime.date, name: str) -> str:
    return f"{reverse(name)}?week={monday.isoformat()}"


def _nav(request, monday: datetime.date, name: str) -> dict:
    week = datetime.timedelta(weeks=1)
    return {
        "previous": {"href": _week_link(monday - week, name), "text": presenters.week_name(monday - week)},
        "next": {"href": _week_link(monday + week, name), "text": presenters.week_name(monday + week)},
    }


# Overview and report ---------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    user = request.user
    calendars = [(calendar, presenters.calendar_status(calendar)) for calendar in access.calendars_of(user)]
    context = {"page_title": "Diary", "calendars": calendars}
    if selectors.has_events(user):
        monday = selectors.monday_of(selectors.today_for(user))
        report = selectors.week_report(user, monday)
        context.update(
            week_name=presenters.week_name(monday),
            observations=report.observations,
            figures=presenters.summary_rows(presenters.week_figures(report.week)[:3]),
        )
    return render_page(request, "diary/index.jinja", context)


@login_required
@require_GET
def week(request):
    user = request.user
    monday = _chosen_monday(request)
    context = {
        "page_title": presenters.week_name(monday),
        "has_events": selectors.has_events(user),
        "back_link": {"href": reverse("diary:index"), "text": "Diary"},
        "monday": monday,
    }
    if context["has_events"]:
        report = selectors.week_report(user, monday)
        bars, chart_height = presenters.day_bars(report.days)
        context.update(
            report=report,
            figures=presenters.summary_rows(presenters.week_figures(report.week), monday=monday),
            bars=bars,
            chart_height=chart_height,
            chart_width=presenters.CHART_WIDTH,
            label_width=presenters.LABEL_WIDTH,
            bar_height=presenters.BAR_HEIGHT,
            day_rows=presenters.day_rows(report.days),
            nav=_nav(request, monday, "diary:week"),
        )
    return render_page(request, "diary/week.jinja", context)


@login_required
@require_GET
def trend(request):
    user = request.user
    monday = _chosen_monday(request)
    context = {
        "page_title": "Your last 12 weeks",
        "has_events": selectors.has_events(user),
        "back_link": {"href": reverse("diary:index"), "text": "Diary"},
    }
    if context["has_events"]:
        weeks = selectors.trend(user, last_monday=monday)
        data_from = selectors.first_event_day(user)
        context.update(
            weeks=weeks,
            bars=presenters.trend_bars(weeks, data_from=data_from),
            chart_width=presenters.CHART_WIDTH,
            chart_height=presenters.TREND_HEIGHT,
            rows=presenters.trend_rows(weeks, data_from=data_from),
            ending=presenters.week_phrase(monday),
            data_begins=presenters.data_begins(weeks, data_from),
        )
    return render_page(request, "diary/trend.jinja", context)


@login_required
@require_GET
def meetings(request, figure):
    """The meetings behind one of the week's figures. Always the signed-in person's own diary: someone with no
    diary (another person, their leader, an admin) gets a 404, and nobody can name another person's."""
    user = request.user
    if figure not in presenters.MEETING_LISTS or not selectors.has_events(user):
        raise Http404
    monday = _chosen_monday(request)
    refs = selectors.meetings_behind(user, monday, figure)
    context = {
        "page_title": f"{presenters.MEETING_LISTS[figure]}: {presenters.week_phrase(monday)}",
        "heading": presenters.MEETING_LISTS[figure],
        "week_phrase": presenters.week_phrase(monday),
        "figure": figure,
        "rows": presenters.meeting_rows(refs, zoneinfo.ZoneInfo(user.time_zone)),
        "back_link": {"href": _week_link(monday, "diary:week"), "text": presenters.week_name(monday)},
    }
    return render_page(request, "diary/meetings.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def people_rule(request):
    user = request.user
    saved = selectors.people_rule_saved(user)
    initial = {
        "title_words": ", ".join(saved.title_words),
        "small_meeting": str(saved.small_meeting),
        "connect": saved.connect,
    }
    form = forms.PeopleRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.people_rule_save(owner=user, **form.rule_arguments())
        messages.success(request, "Saved. Your time with people now uses these.")
        return redirect("diary:week")
    context = {
        "page_title": "Time with people",
        "form": form,
        "back_link": {"href": reverse("diary:week"), "text": "Your week"},
    }
    return render_page(request, "diary/people_rule.jinja", context, forms=[form])


# Protected time --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def protected_time(request):
    user = request.user
    monday = _chosen_monday(request)
    has_events = selectors.has_events(user)
    plan = selectors.protected_plan(user, monday) if has_events else None
    offered = list(plan.proposals) if plan else []
    form = forms.ProtectedTimeForm(request.POST or None, keys=[proposal.key for proposal in offered])
    if request.method == "POST" and form.is_valid():
        count = services.protected_time_choose(owner=user, offered=offered, chosen_keys=form.cleaned_data["chosen"])
        messages.success(
            request,
            f"Saved. You have chosen {counted(count, 'block')} this week. Download them to add them to your calendar.",
        )
        return redirect(_week_link(monday, "diary:protected_time"))
    zone = zoneinfo.ZoneInfo(user.time_zone)
    chosen = set(form.data.getlist("chosen")) if form.is_bound else selectors.chosen_keys(user)
    chosen_count = len(selectors.chosen_keys(user))
    context = {
        "page_title": "Protected time",
        "has_events": has_events,
        "form": form,
        "monday": monday,
        "week_phrase": presenters.week_phrase(monday),
        "items": presenters.proposal_items(offered, chosen, zone),
        "links": presenters.proposal_links(offered),
        "suggestions": presenters.suggestion_lines(plan.suggestions if plan else (), zone),
        "chosen_count": chosen_count,
        "chosen_blocks": counted(chosen_count, "block"),
        "nav": _nav(request, monday, "diary:protected_time"),
        "back_link": {"href": reverse("diary:index"), "text": "Diary"},
    }
    return render_page(request, "diary/protected_time.jinja", context, forms=[form])


@login_required
@require_GET
def protected_time_download(request):
    data = protected_time_ics(
        selectors.chosen_proposals(request.user),
        owner_id=str(request.user.pk),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attend-protected-time.ics"'
    return response


# Working hours ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def working_hours(request):
    user = request.user
    initial = {
        "time_zone": user.time_zone,
        "working_days": user.working_days,
        "starts": user.working_day_start,
        "ends": user.working_day_end,
    }
    form = forms.WorkingHoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.working_hours_save(
            user=user,
            time_zone=data["time_zone"],
            working_days=data["working_days"],
            starts=data["starts"],
            ends=data["ends"],
        )
        messages.success(request, "Saved your working hours. Your diary figures now use them.")
        return redirect("diary:index")
    context = {
        "page_title": "Your working hours",
        "form": form,
        "back_link": {"href": reverse("diary:index"), "text": "Diary"},
    }
    return render_page(request, "diary/working_hours.jinja", context, forms=[form])


# Calendars -------------------------------------------------------------------------------------------------


def _add_page(request, template: str, title: str, form):
    context = {"page_title": title, "form": form, "back_link": {"href": reverse("diary:index"), "text": "Diary"}}
    return render_page(request, template, context, forms=[form])


def _after_import_started(request, diary_import: DiaryImport):
    return redirect("diary:import_progress", diary_import.pk)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        diary_import = services.diary_upload_add(
            owner=request.user, name=form.cleaned_data["name"], file_name=upload_file.name, data=upload_file.read()
        )
        return _after_import_started(request, diary_import)
    return _add_page(request, "diary/upload.jinja", "Upload a calendar file", form)


@sensitive_post_parameters("url")  # a calendar link is often a secret address: keep it out of error reports
@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = forms.SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            diary_import = services.diary_subscription_add(
                owner=request.user, name=form.cleaned_data["name"], url=form.cleaned_data["url"]
            )
        except fetching.FetchFailed as error:
            form.add_error("url", error.message)
        else:
            return _after_import_started(request, diary_import)
    return _add_page(request, "diary/subscribe.jinja", "Add a calendar link", form)


@sensitive_post_parameters("url", "username", "password")  # never in error reports or logs
@login_required
@require_http_methods(["GET", "POST"])
def caldav(request):
    form = forms.CalDAVForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            diary_import = services.diary_caldav_add(
                owner=request.user,
                name=data["name"],
                url=data["url"],
                username=data["username"],
                password=data["password"],
            )
        except fetching.FetchFailed as error:
            form.add_error("url", error.message)
        else:
            return _after_import_started(request, diary_import)
    return _add_page(request, "diary/caldav.jinja", "Connect a CalDAV calendar", form)


def _calendar_page(request, calendar: DiaryCalendar, *, file_form=None, rename_form=None):
    latest = selectors.latest_import(calendar)
    latest_problem = presenters.import_problem(latest) if latest and latest.state == latest.State.FAILED else ""
    context = {
        "page_title": calendar.name,
        "calendar": calendar,
        "summary": presenters.calendar_summary(calendar, problem_shown=bool(latest_problem)),
        "status": presenters.calendar_status(calendar),
        "latest": latest,
        "latest_problem": latest_problem,
        "file_form": file_form or forms.ReplaceFileForm(),
        "rename_form": rename_form or forms.RenameForm(initial={"name": calendar.name}),
        # Only the server's name: the rest of a link (Google's "secret address", a token) is a password.
        "link_host": urlsplit(calendar.connection.get("url", "")).hostname or "" if calendar.is_linked else "",
        "back_link": {"href": reverse("diary:index"), "text": "Diary"},
    }
    return render_page(request, "diary/calendar.jinja", context, forms=[file_form, rename_form])


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request, diary_calendar_id):
    """The calendar's page; a new file replaces an uploaded calendar's events (only once it reads well)."""
    calendar = or_404(access.calendar_for, request.user, diary_calendar_id)
    if request.method == "GET":
        return _calendar_page(request, calendar)
    form = forms.ReplaceFileForm(request.POST, request.FILES)
    if calendar.source != DiaryCalendar.Source.UPLOAD or not form.is_valid():
        return _calendar_page(request, calendar, file_form=form)
    upload_file = form.cleaned_data["file"]
    diary_import = services.diary_import_start(calendar=calendar, data=upload_file.read(), file_name=upload_file.name)
    return _after_import_started(request, diary_import)


@login_required
@require_POST
def calendar_rename(request, diary_calendar_id):
    calendar = or_404(access.calendar_for, request.user, diary_calendar_id)
    form = forms.RenameForm(request.POST)
    if not form.is_valid():
        return _calendar_page(request, calendar, rename_form=form)
    services.diary_calendar_rename(calendar=calendar, name=form.cleaned_data["name"])
    messages.success(request, "Renamed.")
    return redirect("diary:calendar", calendar.pk)


@login_required
@require_POST
def calendar_refresh(request, diary_calendar_id):
    calendar = or_404(access.calendar_for, request.user, diary_calendar_id)
    if not calendar.is_linked:
        raise Http404
    diary_import = services.diary_calendar_refresh(calendar=calendar, now=timezone.now(), read_now=False)
    if diary_import is None:
        calendar.refresh_from_db()
        messages.error(request, f"Attend could not refresh this calendar. {calendar.last_error}")
        return redirect("diary:calendar", calendar.pk)
    return _after_import_started(request, diary_import)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_delete(request, diary_calendar_id):
    calendar = or_404(access.calendar_for, request.user, diary_calendar_id)
    if request.method == "POST":
        services.diary_calendar_delete(calendar=calendar)
        messages.success(request, f"Removed “{calendar.name}” and every event Attend read from it.")
        return redirect("diary:index")
    context = {
        "page_title": f"Remove {calendar.name}",
        "calendar": calendar,
        "back_link": {"href": reverse("diary:calendar", args=[calendar.pk])},
    }
    return render_page(request, "diary/calendar_delete.jinja", context)


@login_required
@require_GET
def import_progress(request, diary_import_id):
    """Progress of an import. htmx asks again every second for the fragment; without it, a refresh link."""
    diary_import = or_404(access.import_for, request.user, diary_import_id)
    context = {
        "page_title": "Reading your calendar" if not diary_import.is_finished else "Calendar import",
        "diary_import": diary_import,
        "progress": presenters.import_progress(diary_import),
        "problem": presenters.import_problem(diary_import),
        "skipped_heading": presenters.skipped_heading(diary_import),
        "skipped_rows": presenters.skipped_rows(diary_import) if diary_import.is_finished else [],
        "back_link": (
            {"href": reverse("diary:calendar", args=[diary_import.calendar_id]), "text": "Your calendar"}
            if diary_import.calendar_id
            else {"href": reverse("diary:index"), "text": "Diary"}
        ),
    }
    if request.htmx:
        return render(request, "diary/_fragments/progress.jinja", {**context, "oob_status": True})
    return render_page(request, "diary/import_progress.jinja", context)
