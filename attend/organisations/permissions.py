"""Who may open what. Every Attend view that needs a role is wrapped by `role_required`."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from attend.organisations.models import Role

ANY_ROLE = tuple(Role)


def role_required(*roles: str):
    """Signed-in, active in the current organisation, and holding at least one of `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.membership
            if not membership or not membership.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


admin_required = role_required(Role.ADMIN)
