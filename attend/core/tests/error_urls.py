"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from attend.config.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def broken(request):
    raise RuntimeError("Broken on purpose, to show the error page")


urlpatterns = [*urlpatterns, path("broken/", broken)]
