from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from attend.accounts.models import AuthenticatorApp, SingleSignOnIdentity, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        ("Preferences", {"fields": ["time_zone", "working_days", "working_day_start", "working_day_end"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    """Superusers can remove a person's app (a lost phone and no recovery codes left, docs/adr/0028). The secret is
    never shown, and apps are set up only by their owner, on their account page."""

    list_display = ["user", "name", "created_at", "last_used_at"]
    search_fields = ["user__email"]
    fields = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SingleSignOnIdentity)
class SingleSignOnIdentityAdmin(admin.ModelAdmin):
    """Which provider person (`sub`) each account is bound to (docs/adr/0027). Removing a row lets the account's
    next single sign-on bind again: for a person whose account at their organisation really changed."""

    list_display = ["user", "issuer", "client_id", "created_at"]
    search_fields = ["user__email", "issuer"]
    fields = ["user", "issuer", "client_id", "subject", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# django-otp's own TOTP device page would store a new secret in clear, in a table Attend no longer reads.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
