"""An organisation's own practices, for its facilitators and admins: the list with the organisation's counts
(never under five people), adding, changing, archiving and restoring."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page
from attend.organisations.models import Role
from attend.organisations.permissions import role_required
from attend.practice import access, forms, selectors, services


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_GET
def organisation_practices(request):
    organisation = current_organisation(request)
    context = {
        "page_title": f"Practices for {organisation.name}",
        "practices": selectors.organisation_practices(organisation),
        "summary": selectors.organisation_practice_summary(organisation, now=timezone.now()),
        "back_link": {"href": reverse("practice:index"), "text": "Practice"},
    }
    return render_page(request, "practice/organisation_practices.jinja", context)


def _practice_form_page(request, *, form, practice=None):
    context = {
        "page_title": f"Change “{practice.title}”" if practice else "Add a practice",
        "form": form,
        "practice": practice,
        "back_link": {"href": reverse("practice:organisation_practices")},
    }
    return render_page(request, "practice/organisation_practice_form.jinja", context, forms=[form])


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def organisation_practice_new(request):
    form = forms.OrganisationPracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        practice = services.organisation_practice_save(
            organisation=current_organisation(request), by=request.user, **form.practice_fields()
        )
        messages.success(request, f"Added “{practice.title}”. Everyone in your organisation can use it now.")
        return redirect("practice:organisation_practices")
    return _practice_form_page(request, form=form)


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def organisation_practice_edit(request, practice_id):
    organisation = current_organisation(request)
    practice = or_404(access.organisation_practice_of, organisation, practice_id)
    form = forms.OrganisationPracticeForm(
        request.POST or None, initial=forms.OrganisationPracticeForm.initial_from(practice)
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_practice_save(
            organisation=organisation, by=request.user, practice=practice, **form.practice_fields()
        )
        messages.success(request, f"Saved “{practice.title}”.")
        return redirect("practice:organisation_practices")
    return _practice_form_page(request, form=form, practice=practice)


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_POST
def organisation_practice_archive(request, practice_id):
    practice = or_404(access.organisation_practice_of, current_organisation(request), practice_id)
    archive = not practice.is_archived
    services.organisation_practice_archive(practice=practice, by=request.user, archived=archive)
    messages.success(
        request, f"Archived “{practice.title}”." if archive else f"“{practice.title}” is back in the library."
    )
    return redirect("practice:organisation_practices")
