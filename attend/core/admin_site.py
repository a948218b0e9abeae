from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(AdminSite):
    """The Django admin is a tool for the people who run the installation: superusers only, not staff."""

    site_header = "Attend administration"
    site_title = "Attend administration"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class SuperuserAdminConfig(AdminConfig):
    default_site = "attend.core.admin_site.SuperuserAdminSite"
