"""Nudges: each person's choices about what Attend tells them, their quiet list, one-click unsubscribe, and
an organisation's email budget."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import or_404
from attend.core.formatting import counted
from attend.core.rendering import render_page
from attend.nudges import access, forms, selectors, services
from attend.nudges.kinds import LABELS
from attend.organisations.permissions import admin_required

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    person = request.user
    form = forms.PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial=forms.PreferencesForm.initial_for(selectors.preference_of(person)),
        pattern=services.working_pattern(person),
    )
    if request.method == "POST" and form.is_valid():
        services.preference_save(person=person, **form.preference_arguments())
        messages.success(request, "Your choices are saved.")
        return redirect("nudges:preferences")
    budget = services.budget_of(person)
    context = {
        "page_title": "What Attend tells you",
        "form": form,
        "pattern": services.working_pattern(person),
        "budget": budget,
        "emails_a_day": counted(budget.per_day, "email"),
        "back_link": {"href": reverse("accounts:account"), "text": "Your account"},
    }
    return render_page(request, "nudges/preferences.jinja", context, forms=[form])


@login_required
@require_GET
def notifications(request):
    items = request.user.notifications.all()[:PAGE_SIZE]
    return render_page(request, "nudges/notifications.jinja", {"page_title": "For you", "items": items})


@login_required
@require_GET
def notification_open(request, notification_id):
    """Mark it read, then go where it points (always a path on this site)."""
    notification = or_404(access.notification_for, request.user, notification_id)
    services.notification_read(notification=notification)
    if not url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        raise Http404
    return redirect(notification.link)


@login_required
@require_POST
def notifications_read(request):
    services.notifications_read_all(person=request.user)
    messages.success(request, "Everything is marked as read.")
    return redirect("nudges:notifications")


def _unsubscribe_target(token: str):
    try:
        return selectors.unsubscribe_target(token)
    except selectors.UnknownLink:
        raise Http404


# The link in an email is its own proof: no sign-in, and mail providers' one-click POST (RFC 8058) carries
# no CSRF token. A GET only asks, so a mail scanner following links unsubscribes no one.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    person, kind = _unsubscribe_target(token)
    about = LABELS[kind] if kind else "anything at all"
    if request.method == "POST":
        services.email_switch_off(person=person, kind=kind)
        return render_page(
            request, "nudges/unsubscribed.jinja", {"page_title": "You will not get these emails", "about": about}
        )
    return render_page(request, "nudges/unsubscribe.jinja", {"page_title": "Stop these emails?", "about": about})


@admin_required
@require_http_methods(["GET", "POST"])
def organisation_budget(request):
    organisation = request.membership.organisation
    form = forms.BudgetForm(
        request.POST or None, initial=forms.BudgetForm.initial_for(services.organisation_budget_of(organisation))
    )
    if request.method == "POST" and form.is_valid():
        services.email_budget_set(organisation=organisation, by=request.user, **form.budget_arguments())
        messages.success(request, "The email limits are saved.")
        return redirect("nudges:organisation_budget")
    context = {
        "page_title": "Emails from Attend",
        "form": form,
        "back_link": {"href": reverse("organisations:home"), "text": "Organisation"},
    }
    return render_page(request, "nudges/organisation_budget.jinja", context, forms=[form])
