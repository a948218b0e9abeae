"""A web process is ready before its first request: every view imported, every template compiled."""

import importlib

import pytest
from django.template import engines
from django.test import override_settings
from jinja2 import TemplateNotFound

from attend.core import warm

pytestmark = pytest.mark.django_db


def _jinja():
    return engines["jinja2"].env


def test_every_template_compiles():
    """Also a check on every template, even one no page test opens: a syntax error fails here."""
    names = _jinja().list_templates(extensions=("jinja", "html", "txt"))

    assert warm.web_process_warm() == len(names) > 100
    assert len(names) <= _jinja().cache.capacity  # all of them stay compiled


def test_after_warming_a_page_reads_no_template_source(client, monkeypatch):
    warm.web_process_warm()

    def no_loading(environment, name, globals=None):
        raise TemplateNotFound(f"{name} was not compiled when the process started")

    monkeypatch.setattr(_jinja().loader, "load", no_loading)
    monkeypatch.setattr(_jinja(), "auto_reload", False)  # as in production (DEBUG off): no check of the files

    assert client.get("/accessibility/").status_code == 200


@pytest.mark.parametrize(("debug", "warmed"), [(False, True), (True, False)])
def test_the_wsgi_and_asgi_applications_warm_unless_debugging(monkeypatch, debug, warmed):
    modules = [importlib.import_module(name) for name in ("attend.config.wsgi", "attend.config.asgi")]
    calls = []
    monkeypatch.setattr(warm, "web_process_warm", lambda: calls.append(1))
    with override_settings(DEBUG=debug):
        for module in modules:
            importlib.reload(module)

    assert calls == ([1, 1] if warmed else [])
