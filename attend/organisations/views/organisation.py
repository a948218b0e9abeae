"""The organisation admin's own pages: the organisation page with its first-day checklist, the NHS identity, the
rule for security codes at sign-in and the audit log; and changing which organisation you are working in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core import pagination
from attend.core.access import current_organisation
from attend.core.rendering import posted, render_page
from attend.organisations import forms, presenters, selectors, services
from attend.organisations.checklist import first_day_checklist
from attend.organisations.permissions import admin_required
from attend.organisations.presenters import (
    audit_rows,
    checklist_task_items,
)


@admin_required
@require_GET
def home(request):
    organisation = current_organisation(request)
    checklist = first_day_checklist(organisation)
    context = {
        "page_title": organisation.name,
        "organisation": organisation,
        "people_count": organisation.memberships.active().count(),
        "team_count": organisation.teams.count(),
        "checklist": checklist,
        "checklist_items": checklist_task_items(checklist),
    }
    return render_page(request, "organisations/home.jinja", context)


@admin_required
@require_POST
def first_day_dismiss(request):
    services.first_day_checklist_dismiss(organisation=current_organisation(request), by=request.user)
    messages.success(request, "The first-day checklist is hidden. Everything on it is on the organisation page")
    # Back where the button was: Today or the organisation page (named, never a free address).
    return redirect("core:today" if request.POST.get("from") == "today" else "organisations:home")


@admin_required
@require_http_methods(["GET", "POST"])
def identity(request):
    organisation = current_organisation(request)
    form = forms.IdentityForm(posted(request), initial={"is_nhs": "yes" if organisation.is_nhs else "no"})
    if request.method == "POST" and form.is_valid():
        services.organisation_identity_set(
            organisation=organisation, is_nhs=form.cleaned_data["is_nhs"], by=request.user
        )
        messages.success(
            request,
            "Saved. Your pages now show the NHS logo beside your organisation's name"
            if organisation.is_nhs
            else "Saved. Your pages now show your organisation's name with no NHS logo",
        )
        return redirect("organisations:home")
    context = {"page_title": "NHS identity", "form": form}
    return render_page(request, "organisations/identity.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def two_factor_rule(request):
    organisation = current_organisation(request)
    form = forms.TwoFactorRuleForm(posted(request), initial={"rule": organisation.two_factor_required_for})
    if request.method == "POST" and form.is_valid():
        services.organisation_two_factor_rule_set(
            organisation=organisation, rule=form.cleaned_data["rule"], by=request.user
        )
        messages.success(request, "Saved. The rule applies the next time each person opens a page")
        return redirect("organisations:home")
    context = {"page_title": "Security codes at sign-in", "form": form}
    return render_page(request, "organisations/two_factor_rule.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def switch(request):
    memberships = list(selectors.memberships_for_user(request.user))
    if not memberships:
        raise PermissionDenied
    current = request.membership.organisation_id if request.membership else None
    form = forms.OrganisationSwitchForm(
        request.POST or None, memberships=memberships, initial={"organisation": str(current)}
    )
    if request.method == "POST" and form.is_valid():
        request.session[selectors.CURRENT_ORGANISATION_SESSION_KEY] = form.cleaned_data["organisation"]
        return redirect("core:today")
    return render_page(
        request, "organisations/switch.jinja", {"page_title": "Change organisation", "form": form}, forms=[form]
    )


@admin_required
@require_GET
def audit_log(request):
    events = current_organisation(request).audit_events.select_related("actor")
    page = pagination.page_of(request, events, size=presenters.AUDIT_PAGE_SIZE)
    return render_page(
        request,
        "organisations/audit_log.jinja",
        {"page_title": "Audit log", "rows": audit_rows(page), "page_links": pagination.links(request, page)},
    )
