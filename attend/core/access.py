"""What every app's `access.py` builds on: the current organisation of a request, and one way to 404.

Each app's `access.py` holds the only functions that reach its private or tenant data (ADR 0003). They raise the
model's `DoesNotExist` for anything the person may not have, exactly as for something that is not there, so a
view cannot tell the two apart and neither can the person asking. Views turn that into a 404 with `or_404`.
"""

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def or_404[T](lookup: Callable[..., T], *args, **kwargs) -> T:
    """`lookup(*args, **kwargs)`, or a 404 when it finds nothing the person may have."""
    try:
        return lookup(*args, **kwargs)
    except ObjectDoesNotExist:
        raise Http404


def current_organisation(request):
    """The organisation the signed-in person is acting in, or None (signed out, or in no organisation)."""
    membership = getattr(request, "membership", None)
    return membership.organisation if membership else None
