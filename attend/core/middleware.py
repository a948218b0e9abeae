import logging
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control


class PersonTimeZoneMiddleware:
    """Show every time in the signed-in person's own time zone (their account page sets it), so a time
    arranged in one place reads the same everywhere in Attend."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PrivatePagesMiddleware:
    """Pages for a signed-in person are never stored by the browser's cache: on a shared ward computer, the
    Back button after signing out must not bring back someone's journal or conversation notes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class PermissionsPolicyMiddleware:
    """Switch off the browser features Attend never uses (camera, microphone, location, payment, USB...), so a
    script that somehow ran on a page, or a page that framed one, could not ask for them. The policy is
    settings.PERMISSIONS_POLICY: a feature with no origins is off; `self` keeps it for Attend's own pages."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


logger = logging.getLogger(__name__)


class RefusedInputMiddleware:
    """Services refuse text no page could show with a ValidationError naming the field (`core/validators.py`),
    and a form says so first. Should a refusal still reach here (a caller without a form for that value, or
    PostgreSQL refusing a NUL byte that slipped past), the person is told what to fix with a 400, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ValidationError):
            problems = exception.messages
        elif isinstance(exception, DataError) and "NUL" in str(exception):
            problems = ["Something you sent contains a null character. Remove it and try again."]
        else:
            return None
        logger.warning("Refused input on %s: %s", request.path, "; ".join(problems))
        context = {"page_title": "Sorry, we could not save that", "status": 400, "problems": problems}
        return render(request, "core/error.jinja", context, status=400)
