import zoneinfo

from django.utils import timezone


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
