from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.urls import reverse


class SuperuserAdminSite(AdminSite):
    """The Django admin is a tool for the people who run the installation: superusers only, not staff."""

    site_header = "Attend administration"
    site_title = "Attend administration"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        """Attend's sign-in is the one way in: the admin's own form checks a password alone, so it would skip
        throttling and the second step (docs/adr/0028). Someone signed in without the role is refused here,
        not sent round to sign in again."""
        from django.contrib.auth.views import redirect_to_login  # loads models: not while apps are loading

        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index"), login_url=reverse("accounts:sign_in")
        )


class SuperuserAdminConfig(AdminConfig):
    default_site = "attend.core.admin_site.SuperuserAdminSite"
