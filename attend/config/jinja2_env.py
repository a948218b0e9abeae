"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, select_autoescape

from attend.core.formatting import JINJA_FILTERS
from attend.nhsuk_forms import params as nhsuk_params
from attend.nhsuk_forms.memo import Components


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    # The NHS.UK macros read chained parameters that may be missing (params.hint.text).
    options["undefined"] = ChainableUndefined
    # The macros are written for whitespace control; without it pages carry kilobytes of blank lines.
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    # Pages are HTML-escaped. Plain-text emails (.txt) are not: there "O'Neill" must not arrive as "O&#39;Neill".
    options.pop("autoescape", None)
    # Room for every template with some to spare (about 320 now): each web process compiles them all at start
    # (core/warm.py), and a cache smaller than that would drop the first ones again.
    options.setdefault("cache_size", 1000)
    env = Environment(
        autoescape=select_autoescape(disabled_extensions=("txt",), default_for_string=True, default=True), **options
    )
    env.loader = ChoiceLoader([env.loader, PackageLoader("nhsuk_frontend_jinja")])
    components = Components(env)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "localtime": timezone.localtime,
            "nhsuk_params": nhsuk_params,
            "nhsuk_component": components,
            "nhsuk_table": components.table,
            "nhsuk_shaped": components.shaped,
            "nhsuk_input": components.input,
        }
    )
    env.filters.update(JINJA_FILTERS)
    return env
