"""What the player reports about a session (JSON, sent again until it arrives), and the check-in after it."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page
from attend.nudges.services import notifications_read_all
from attend.practice import access, forms, selectors, services
from attend.practice.presenters import session_view

MAX_LOG_BYTES = 4096


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
        person=request.user, organisation=current_organisation(request), **form.cleaned_data
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
    session = or_404(access.session_of_person, request.user, client_id)
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
