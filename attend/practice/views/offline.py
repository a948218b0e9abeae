"""Practice without a connection: the offline page, the service worker that keeps practice pages on the
device, the web app manifest, and `offline_ready`, which marks the pages the service worker may keep."""

from functools import wraps

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from attend.core.access import current_organisation
from attend.core.rendering import render_page
from attend.practice import content, offline_assets, selectors
from attend.practice.presenters import practice_href

OFFLINE_HEADER = "X-Attend-Offline"


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
    pages += [practice_href(practice) for practice in selectors.practices_for(current_organisation(request))]
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
