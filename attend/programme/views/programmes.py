"""Programmes and cohorts: the Programme page, setting up a programme and its cohorts, and a cohort's own page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import current_organisation, or_404
from attend.core.rendering import posted, render_page
from attend.programme import access, forms, presenters, selectors, services
from attend.programme.views.common import facilitator_required, programme_back_link


@login_required
@require_GET
def index(request):
    membership = request.membership
    facilitating = access.is_facilitator(membership)
    context = {
        "page_title": "Programme",
        "places": selectors.cohorts_of(request.user),
        "facilitating": facilitating,
        "programmes": list(access.facilitated_programmes(membership).prefetch_related("cohorts")),
        "reportable": list(access.reportable_cohorts(membership)) if not facilitating else [],
        "presenters": presenters,
    }
    return render_page(request, "programme/index.jinja", context)


@facilitator_required
@require_http_methods(["GET", "POST"])
def programme_new(request):
    form = forms.ProgrammeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        programme = services.programme_create(
            organisation=current_organisation(request), by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{programme.title} is set up. Add its first cohort.")
        return redirect("programme:programme", programme.pk)
    context = {"page_title": "Set up a programme", "form": form, "back_link": programme_back_link()}
    return render_page(request, "programme/programme_new.jinja", context, forms=[form])


@facilitator_required
@require_GET
def programme(request, programme_id):
    programme = or_404(access.programme_for_facilitator, request.membership, programme_id)
    context = {
        "page_title": programme.title,
        "programme": programme,
        "cohorts": selectors.cohorts_of_programme(programme),
        "presenters": presenters,
        "back_link": programme_back_link(),
    }
    return render_page(request, "programme/programme.jinja", context)


@facilitator_required
@require_http_methods(["GET", "POST"])
def cohort_new(request, programme_id):
    programme = or_404(access.programme_for_facilitator, request.membership, programme_id)
    form = forms.CohortForm(posted(request))
    if request.method == "POST" and form.is_valid():
        cohort = services.cohort_create(programme=programme, by=request.user, **form.cleaned_data)
        messages.success(request, f"{cohort.name} is set up. Add people and sessions next.")
        return redirect("programme:cohort", cohort.pk)
    context = {
        "page_title": f"Add a cohort to {programme.title}",
        "form": form,
        "back_link": {"href": reverse("programme:programme", args=[programme.pk]), "text": programme.title},
    }
    return render_page(request, "programme/cohort_new.jinja", context, forms=[form])


@login_required
@require_GET
def cohort(request, cohort_id):
    """The cohort as its facilitator or one of its participants opens it. Reads only: the discussion was started
    with the cohort, and a GET writes nothing."""
    view = or_404(access.cohort_for, request.user, request.membership, cohort_id)
    cohort = view.cohort
    upcoming, past = selectors.sessions_split(cohort, now=timezone.now())
    context = {
        "page_title": cohort.name,
        "cohort": cohort,
        "facilitating": view.facilitating,
        "upcoming": upcoming,
        "past": past,
        "materials": selectors.materials_of(cohort),
        "thread": selectors.cohort_thread(cohort),
        "people": selectors.participants_of(cohort) if view.facilitating else [],
        "queue": selectors.queue_size(cohort) if view.facilitating else 0,
        "assignments": list(cohort.assignments.all()),
        "open_assignments": selectors.open_assignments(view.place, today=timezone.localdate()) if view.place else [],
        "status_form": forms.CohortStatusForm(initial={"status": cohort.status}) if view.facilitating else None,
        "presenters": presenters,
        "back_link": programme_back_link(),
    }
    return render_page(request, "programme/cohort.jinja", context)


@facilitator_required
@require_POST
def cohort_status(request, cohort_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    form = forms.CohortStatusForm(request.POST)
    if form.is_valid():
        services.cohort_status_set(cohort=cohort, by=request.user, status=form.cleaned_data["status"])
        messages.success(request, f"{cohort.name} is now {cohort.get_status_display().lower()}.")
    return redirect("programme:cohort", cohort.pk)
