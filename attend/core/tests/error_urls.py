"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from attend.config.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def broken(request):
    raise RuntimeError("Broken on purpose, to show the error page")


def refused(request):
    """A service refusing text with no form in front of it, as `core/validators.py` refuses it."""
    from attend.core.validators import clean_text

    clean_text(request.GET.get("name", ""), field="name")
    raise RuntimeError("The service accepted it")


def nul_in_database(request):
    """PostgreSQL's own refusal of a NUL byte, on any database."""
    from django.db import DataError

    raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")


urlpatterns = [*urlpatterns, path("broken/", broken), path("refused/", refused), path("nul/", nul_in_database)]
