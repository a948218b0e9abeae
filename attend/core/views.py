import zoneinfo

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from attend.core.presenters import first_day_for, greeting_for, today_panels, today_start
from attend.core.rendering import render_page
from attend.nudges.selectors import current_for


@login_required
@require_GET
def today(request):
    now = timezone.localtime(timezone=zoneinfo.ZoneInfo(request.user.time_zone))
    context = {
        "page_title": "Today",
        "greeting": greeting_for(now.hour),
        "start_now": today_start(request),
        "panels": today_panels(request),
        "first_day": first_day_for(request.membership),
        # Nudges' quiet list: a few unread things, no counts in red, no badges.
        "for_you": list(current_for(request.user)[:5]),
    }
    return render_page(request, "core/today.jinja", context)


@require_GET
def accessibility(request):
    return render_page(request, "core/accessibility.jinja", {"page_title": "Accessibility statement"})


@require_GET
def privacy(request):
    return render_page(request, "core/privacy.jinja", {"page_title": "Privacy"})


def page_not_found(request, exception=None):
    return render(request, "core/error.jinja", {"page_title": "Page not found", "status": 404}, status=404)


def permission_denied(request, exception=None):
    return render(request, "core/error.jinja", {"page_title": "You cannot open this page", "status": 403}, status=403)


def server_error(request):
    return render(request, "core/error.jinja", {"page_title": "Sorry, there is a problem", "status": 500}, status=500)
