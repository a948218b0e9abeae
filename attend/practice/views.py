"""Practice: a library of guided practices, a timer, and a private log.

A person's log, presets and check-ins are reached only through `selectors` by the signed-in person; anything
else is a 404. Organisations see counts over at least five people, never one person's practice.
"""

import json
import re
from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.models import AuditEvent
from attend.core.rendering import render_page
from attend.core.services import audit_event_record
from attend.nudges.services import notifications_read_all
from attend.organisations.models import Role
from attend.organisations.permissions import role_required
from attend.practice import content, exports, forms, offline_assets, selectors, services, statistics
from attend.practice.models import OrganisationPractice, PracticeSession, TimerPreset
from attend.practice.presenters import practice_href, session_view
from attend.practice.timing import BELLS, describe_length, format_clock, guided_plan, timer_plan

MAX_LOG_BYTES = 4096
OFFLINE_HEADER = "X-Attend-Offline"
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def offline_ready(view):
    """Marks a page the service worker may keep for offline use. Pages with a person's history, check-ins or
    forms to send are never marked, so they are never stored on the device."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response[OFFLINE_HEADER] = "keep"
        return response

    return wrapped


def _organisation(request):
    return request.membership.organisation if request.membership else None


def _own_session(request, client_id) -> PracticeSession:
    try:
        return selectors.session_of_person(request.user, client_id)
    except PracticeSession.DoesNotExist:
        raise Http404


def _own_preset(request, preset_id) -> TimerPreset:
    try:
        return selectors.preset_of_person(request.user, preset_id)
    except TimerPreset.DoesNotExist:
        raise Http404


def _organisation_practice(request, practice_id) -> OrganisationPractice:
    try:
        return selectors.organisation_practice_of(_organisation(request), practice_id)
    except OrganisationPractice.DoesNotExist:
        raise Http404


@login_required
@require_GET
def index(request):
    practices = selectors.practices_for(_organisation(request))
    context = {
        "page_title": "Practice",
        "practices": [
            (practice, practice_href(practice), describe_length(practice.length_seconds)) for practice in practices
        ],
        "presets": selectors.presets_of(request.user),
        "minutes_this_week": selectors.minutes_this_week(request.user),
        "can_manage": bool(request.membership and request.membership.has_role(Role.FACILITATOR, Role.ADMIN)),
    }
    return render_page(request, "practice/index.jinja", context)


def _render_player(request, *, plan: dict, description: str = "", when: str = "", guided: bool, back: tuple[str, str]):
    context = {
        "page_title": plan["title"],
        "plan": plan,
        "guided": guided,
        "description": description,
        "when": when,
        "length": describe_length(plan["plannedSeconds"]),
        "bell_items": [{"value": key, "text": label, "selected": key == plan["bell"]} for key, label in BELLS],
        "clock": format_clock(plan["plannedSeconds"] or 0),
        "stages": [{"name": stage["name"], "length": describe_length(stage["seconds"])} for stage in plan["stages"]],
        "back_link": {"href": back[0], "text": back[1]},
    }
    return render_page(request, "practice/player.jinja", context)


@login_required
@require_GET
@offline_ready
def player(request, key):
    practice = selectors.practice_for(_organisation(request), key)
    if practice is None:
        raise Http404
    plan = guided_plan(
        key=practice.key, title=practice.title, length_seconds=practice.length_seconds, cues=practice.cues
    )
    return _render_player(
        request,
        plan=plan,
        description=practice.purpose,
        when=practice.when,
        guided=True,
        back=(reverse("practice:index"), "All practices"),
    )


def _timer_page(request, *, form, status=None):
    context = {"page_title": "Timer", "form": form, "presets": selectors.presets_of(request.user)}
    return render_page(request, "practice/timer.jinja", context, forms=[form], status=status)


_TIMER_FIELDS = ("preparation", "bell", "vibrate", "name") + tuple(
    f"stage{number}_{part}"
    for number in range(1, forms.STAGE_COUNT + 1)
    for part in ("name", "length", "interval", "points")
)


@login_required
@require_http_methods(["GET", "POST"])
def timer(request):
    """One form, two buttons: start (to the player, as a link that can be bookmarked) or save as a preset."""
    if request.method == "GET":
        return _timer_page(request, form=forms.TimerForm())
    saving = request.POST.get("action") == "save"
    form = (forms.PresetForm if saving else forms.TimerForm)(request.POST)
    if not form.is_valid():
        return _timer_page(request, form=form)
    if not saving:
        query = urlencode([(name, request.POST[name]) for name in _TIMER_FIELDS if request.POST.get(name)])
        return redirect(f"{reverse('practice:timer_start')}?{query}")
    preset = services.timer_preset_save(
        person=request.user, name=form.cleaned_data["name"], settings=form.timer_settings()
    )
    messages.success(request, f"Saved “{preset.name}”. It is in your timers.")
    return redirect("practice:timer")


@login_required
@require_GET
@offline_ready
def timer_start(request):
    """The timer as a link, so it can be bookmarked; the server checks it before the player runs."""
    if not request.GET:
        return redirect("practice:timer")
    form = forms.TimerForm(request.GET)
    if not form.is_valid():
        return _timer_page(request, form=form)
    plan = timer_plan(form.timer_settings(), key="timer", title=form.cleaned_data["name"] or "Timer")
    return _render_player(request, plan=plan, guided=False, back=(reverse("practice:timer"), "Change the timer"))


@login_required
@require_GET
@offline_ready
def preset_player(request, preset_id):
    preset = _own_preset(request, preset_id)
    plan = timer_plan(preset.timer_settings(), key=f"preset:{preset.pk}", title=preset.name)
    return _render_player(request, plan=plan, guided=False, back=(reverse("practice:timer"), "Timer"))


@login_required
@require_http_methods(["GET", "POST"])
def preset_edit(request, preset_id):
    preset = _own_preset(request, preset_id)
    if request.method == "POST":
        form = forms.PresetForm(request.POST)
        if form.is_valid():
            services.timer_preset_save(
                person=request.user, preset=preset, name=form.cleaned_data["name"], settings=form.timer_settings()
            )
            messages.success(request, f"Saved “{preset.name}”.")
            return redirect("practice:timer")
    else:
        form = forms.PresetForm(initial=forms.TimerForm.initial_from(preset.timer_settings(), name=preset.name))
    context = {
        "page_title": f"Change “{preset.name}”",
        "form": form,
        "preset": preset,
        "back_link": {"href": reverse("practice:timer")},
    }
    return render_page(request, "practice/preset_edit.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def preset_delete(request, preset_id):
    preset = _own_preset(request, preset_id)
    if request.method == "POST":
        services.timer_preset_delete(preset=preset)
        messages.success(request, f"Deleted “{preset.name}”.")
        return redirect("practice:timer")
    context = {
        "page_title": f"Delete “{preset.name}”?",
        "preset": preset,
        "back_link": {"href": reverse("practice:timer")},
    }
    return render_page(request, "practice/preset_delete.jinja", context)


def _log_data(request) -> dict | None:
    if len(request.body) > MAX_LOG_BYTES:
        return None
    try:
        data = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@require_POST
def log(request):
    """The player's report of a session, as JSON. Safe to send again: a session is one row by its client id.

    Signed out (a session that ended while practising offline), it answers 401 rather than redirecting to
    the sign-in page, so the browser keeps the report until the person is back."""
    if not request.user.is_authenticated:
        return JsonResponse({"errors": {"__all__": ["Sign in again to log this practice"]}}, status=401)
    data = _log_data(request)
    if data is None:
        return JsonResponse({"errors": {"__all__": ["Send one JSON object of 4 KB or less"]}}, status=422)
    form = forms.SessionLogForm(data)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=422)
    session = services.practice_session_record(
        person=request.user, organisation=_organisation(request), **form.cleaned_data
    )
    if session.ended:
        # Practising answers today's reminder: it should not stay on Today asking.
        notifications_read_all(person=request.user, kind="practice_reminder")
    return JsonResponse(
        {"id": str(session.client_id), "check_in_url": reverse("practice:check_in", args=[session.client_id])}
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, client_id):
    session = _own_session(request, client_id)
    form = forms.CheckInForm(
        request.POST if request.method == "POST" else None,
        initial={"feeling": session.feeling, "note": session.note},
    )
    if request.method == "POST" and form.is_valid():
        services.practice_session_check_in(
            session=session, feeling=form.cleaned_data["feeling"], note=form.cleaned_data["note"]
        )
        messages.success(request, "Thank you for checking in.")
        return redirect(f"{reverse('practice:history')}#session-{session.client_id}")
    view = session_view(session, zone=selectors.local_zone(request.user))
    context = {
        "page_title": "How do you feel now?",
        "session": view,
        "form": form,
        "back_link": {"href": reverse("practice:history"), "text": "Your practice"},
    }
    return render_page(request, "practice/check_in.jinja", context, forms=[form])


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
    zone = selectors.local_zone(person)
    show_streaks = selectors.shows_streaks(person)
    context = {
        "page_title": "Your practice",
        "summary": statistics.summary(facts, today=today),
        "calendar": statistics.month_calendar(year, month, facts),
        "month": date(year, month, 1),
        "previous_month": _shift_month(year, month, -1),
        "next_month": _shift_month(year, month, 1) if (year, month) < (today.year, today.month) else None,
        "today": today,
        "streak": statistics.streak({fact.day for fact in facts}, today=today) if show_streaks else None,
        "streaks_form": forms.PracticeSettingsForm(
            initial={"show_streaks": show_streaks, "remind_on_working_days": selectors.reminds(person)}
        ),
        "practised_days": {fact.day for fact in facts},
        "sessions": [session_view(session, zone=zone) for session in selectors.sessions_of(person)[:50]],
    }
    return render_page(request, "practice/history.jinja", context)


@login_required
@require_POST
def streaks(request):
    form = forms.PracticeSettingsForm(request.POST)
    form.is_valid()
    services.practice_preference_set(
        person=request.user,
        show_streaks=form.cleaned_data.get("show_streaks", False),
        remind_on_working_days=form.cleaned_data.get("remind_on_working_days", False),
    )
    messages.success(request, "Your practice settings are saved.")
    return redirect("practice:history")


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@login_required
@require_GET
def export(request, file_format):
    if file_format not in EXPORT_TYPES:
        raise Http404
    zone = selectors.local_zone(request.user)
    sessions = [session_view(session, zone=zone) for session in selectors.sessions_of(request.user)]
    body = exports.sessions_csv(sessions) if file_format == "csv" else exports.sessions_json(sessions)
    audit_event_record(
        actor=request.user,
        organisation=_organisation(request),
        action=AuditEvent.Action.DATA_EXPORTED,
        target=f"Practice log ({file_format.upper()})",
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="practice-log-{timezone.localdate():%Y-%m-%d}.{file_format}"'
    )
    return response


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_GET
def organisation_practices(request):
    organisation = _organisation(request)
    context = {
        "page_title": f"Practices for {organisation.name}",
        "practices": selectors.organisation_practices(organisation),
        "summary": selectors.organisation_practice_summary(organisation, now=timezone.now()),
        "back_link": {"href": reverse("practice:index"), "text": "Practice"},
    }
    return render_page(request, "practice/organisation_practices.jinja", context)


def _practice_form_page(request, *, form, practice=None):
    context = {
        "page_title": f"Change “{practice.title}”" if practice else "Add a practice",
        "form": form,
        "practice": practice,
        "back_link": {"href": reverse("practice:organisation_practices")},
    }
    return render_page(request, "practice/organisation_practice_form.jinja", context, forms=[form])


def _save_practice(request, form, practice=None):
    data = form.cleaned_data
    return services.organisation_practice_save(
        organisation=_organisation(request),
        by=request.user,
        practice=practice,
        title=data["title"],
        purpose=data["purpose"],
        when=data["when"],
        length_seconds=data["length"],
        script=data["script"],
    )


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def organisation_practice_new(request):
    form = forms.OrganisationPracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        practice = _save_practice(request, form)
        messages.success(request, f"Added “{practice.title}”. Everyone in your organisation can use it now.")
        return redirect("practice:organisation_practices")
    return _practice_form_page(request, form=form)


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def organisation_practice_edit(request, practice_id):
    practice = _organisation_practice(request, practice_id)
    initial = {
        "title": practice.title,
        "purpose": practice.purpose,
        "when": practice.when,
        "length": format_clock(practice.length_seconds),
        "script": practice.script,
    }
    form = forms.OrganisationPracticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _save_practice(request, form, practice)
        messages.success(request, f"Saved “{practice.title}”.")
        return redirect("practice:organisation_practices")
    return _practice_form_page(request, form=form, practice=practice)


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_POST
def organisation_practice_archive(request, practice_id):
    practice = _organisation_practice(request, practice_id)
    archive = not practice.is_archived
    services.organisation_practice_archive(practice=practice, by=request.user, archived=archive)
    messages.success(
        request, f"Archived “{practice.title}”." if archive else f"“{practice.title}” is back in the library."
    )
    return redirect("practice:organisation_practices")


@require_GET
@offline_ready
def offline(request):
    """Shown by the service worker for any page it has not kept. It lists the built-in library only: it is
    kept on the device, so it must say nothing about the person."""
    practices = [(practice, practice_href(practice)) for practice in content.built_in_practices()]
    return render_page(request, "practice/offline.jinja", {"page_title": "You are offline", "practices": practices})


def _static_urls() -> list[str]:
    return [static(path) for path in offline_assets.STATIC_ASSETS]


@require_GET
def service_worker(request):
    """Served from the site root so it can answer for every page; it keeps only practice pages offline."""
    pages = [reverse("practice:offline")]
    pages += [practice_href(practice) for practice in selectors.practices_for(_organisation(request))]
    if request.user.is_authenticated:
        pages += [reverse("practice:preset_player", args=[preset.pk]) for preset in selectors.presets_of(request.user)]
    precache = [*_static_urls(), *pages]
    context = {
        "version": offline_assets.version(precache),
        "precache": precache,
        "offline_url": reverse("practice:offline"),
        "practice_prefix": reverse("practice:index"),
    }
    response = render(request, "practice/service-worker.js.jinja", context, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    """The web app manifest that makes Attend installable."""
    icons = [
        {"src": static(f"nhsuk/assets/images/nhsuk-icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    data = {
        "name": "Attend",
        "short_name": "Attend",
        "description": "Practice, reflection and time back for compassionate leaders.",
        "start_url": reverse("core:today"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f0f4f5",
        "theme_color": "#005eb8",
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")
