from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from attend.accounts.models import AuthenticatorApp, SingleSignOnIdentity, User
from attend.accounts.sso import selectors as sso_selectors
from attend.accounts.sso import services as sso_services
from attend.accounts.two_factor import rule, services
from attend.core.formatting import counted


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
    actions = ["two_factor_reset"]

    @admin.action(description="Reset two-factor authentication (remove apps, recovery codes and passkeys)")
    def two_factor_reset(self, request, queryset):
        """What an organisation admin's reset does, for the people only a superuser may reset (docs/adr/0028):
        superusers, and people in more than one organisation. Each of their organisations' logs records it."""
        # Never the superuser's own: they change theirs on their account page, and would sign themselves out here.
        reset = sum(self._reset_one(request, user.pk) for user in queryset.exclude(pk=request.user.pk))
        self.message_user(request, f"Two-factor authentication reset for {counted(reset, 'person', 'people')}.")

    @staticmethod
    @transaction.atomic
    def _reset_one(request, user_id) -> bool:
        # Locked as an organisation admin's reset locks it: two resets at once take turns, the second finds nothing.
        user = User.objects.select_for_update().get(pk=user_id)
        if not rule.second_factors_of(user).any:
            return False
        places = user.memberships.filter(is_active=True).select_related("organisation")
        services.second_factors_reset(
            user=user,
            by=request.user,
            by_role="who looks after Attend",
            organisations=[place.organisation for place in places],
            tell=f"{request.user.name} or your organisation's Attend admin",
        )
        return True


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    """Superusers can see and remove a person's app. The secret is never shown, and apps are set up only by their
    owner, on their account page. A lost phone is reset with the Users list's action instead (docs/adr/0028): it
    removes the recovery codes and passkeys too, signs the person out everywhere, audits and emails them."""

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
    next single sign-on bind again: for a person whose account at their organisation really changed. An
    organisation's admin does this from the person's page; a superuser does it here for anyone, and most need
    it for the people an admin may not (superusers, people in more than one organisation). Deleting a row, alone
    or with "Delete selected", does what the admin's page does: signs the person out everywhere, records it in
    the audit log of each organisation using that provider (the installation's when none) and emails them."""

    list_display = ["user", "issuer", "client_id", "created_at"]
    search_fields = ["user__email", "issuer"]
    fields = ["user", "issuer", "client_id", "subject", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        self._forget(request, obj)

    def delete_queryset(self, request, queryset):
        for identity in queryset.select_related("user"):
            self._forget(request, identity)

    @staticmethod
    def _forget(request, identity):
        sso_services.sso_identities_forget(
            user=identity.user,
            identities=[identity],
            by=request.user,
            by_role="who looks after Attend",
            organisations=sso_selectors.organisations_bound_through(identity),
            tell=f"{request.user.name} or your organisation's Attend admin",
        )


# django-otp's own TOTP device page would store a new secret in clear, in a table Attend no longer reads.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
