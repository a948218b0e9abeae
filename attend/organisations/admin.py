from django.contrib import admin

from attend.organisations.models import Membership, Organisation, Team


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_nhs"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "parent"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "is_admin", "is_facilitator", "is_active"]
    list_filter = ["organisation", "is_admin", "is_facilitator", "is_active"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]
