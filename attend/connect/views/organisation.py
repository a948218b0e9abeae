"""The organisation admin's pages: where people can find support, and whether 1:1s are happening (figures for
the quarter, aggregates only).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.connect import access, forms, quarters, selectors, services
from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page
from attend.listen.selectors import thresholds_of
from attend.organisations.permissions import admin_required


@admin_required
@require_http_methods(["GET", "POST"])
def support(request):
    organisation = current_organisation(request)
    form = forms.SupportServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.support_service_save(organisation=organisation, by=request.user, **form.cleaned_data)
        messages.success(request, f"Added {form.cleaned_data['name']}.")
        return redirect("connect:support")
    context = {
        "page_title": "Where people can find support",
        "form": form,
        "services": selectors.support_services(organisation),
        "back_link": {"href": reverse("organisations:home"), "text": "Organisation"},
    }
    return render_page(request, "connect/support.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def support_edit(request, service_id):
    service = or_404(access.support_service_for, current_organisation(request), service_id)
    initial = {"name": service.name, "description": service.description, "contact": service.contact}
    form = forms.SupportServiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.support_service_save(
            organisation=service.organisation, by=request.user, service=service, **form.cleaned_data
        )
        messages.success(request, f"Saved {service.name}.")
        return redirect("connect:support")
    context = {
        "page_title": f"Change {service.name}",
        "form": form,
        "service": service,
        "back_link": {"href": reverse("connect:support")},
    }
    return render_page(request, "connect/support_edit.jinja", context, forms=[form])


@admin_required
@require_GET
def organisation_figures(request):
    organisation = current_organisation(request)
    threshold = thresholds_of(organisation).figures
    quarter_start, figures = selectors.quarter_figures(organisation, threshold=threshold)
    context = {
        "page_title": "Are 1:1s happening?",
        "quarter_start": quarter_start,
        "quarter_end": quarters.quarter_end(quarter_start) if quarter_start else None,
        "figures": figures,
        "threshold": threshold,
        "back_link": {"href": reverse("organisations:home"), "text": "Organisation"},
    }
    return render_page(request, "connect/organisation_figures.jinja", context)


@admin_required
@require_POST
def support_delete(request, service_id):
    service = or_404(access.support_service_for, current_organisation(request), service_id)
    services.support_service_delete(service=service, by=request.user)
    messages.success(request, f"Removed {service.name}.")
    return redirect("connect:support")
