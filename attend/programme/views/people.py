"""People in a cohort: the facilitator invites people by email address (pasted, or a CSV file), sets how many
places it has, follows who has been invited, joined or declined, and takes someone off while the cohort's
evaluation is still open. No one is added without accepting (docs/adr/0020)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from attend.core.access import or_404
from attend.core.rendering import render_page, site_base_url
from attend.programme import access, forms, presenters, selectors, services
from attend.programme.views.common import cohort_back_link, facilitator_required


def _page(request, cohort, *, form=None, capacity_form=None):
    context = {
        "page_title": f"People in {cohort.name}",
        "cohort": cohort,
        "form": form or forms.PeopleInviteForm(),
        "capacity_form": capacity_form
        or forms.CapacityForm(initial={"places": "" if cohort.capacity is None else cohort.capacity}),
        "people": presenters.cohort_people(cohort),
        "people_final": selectors.change_is_final(cohort),
        "back_link": cohort_back_link(cohort),
    }
    return render_page(request, "programme/participants.jinja", context, forms=[form, capacity_form])


@facilitator_required
@require_http_methods(["GET", "POST"])
def participants(request, cohort_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    if request.method != "POST":
        return _page(request, cohort)
    form = forms.PeopleInviteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = services.cohort_people_invite(
                cohort=cohort, by=request.user, emails=form.cleaned_data["emails"], base_url=site_base_url(request)
            )
        except services.ProgrammeError as error:
            form.add_error("addresses", str(error))
        else:
            messages.success(request, presenters.invited_summary(result))
            return redirect("programme:participants", cohort.pk)
    return _page(request, cohort, form=form)


@facilitator_required
@require_POST
def cohort_capacity(request, cohort_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    form = forms.CapacityForm(request.POST)
    if not form.is_valid():
        return _page(request, cohort, capacity_form=form)
    services.cohort_capacity_set(
        cohort=cohort, by=request.user, capacity=form.cleaned_data["places"], base_url=site_base_url(request)
    )
    messages.success(request, "The number of places has been saved")
    return redirect("programme:participants", cohort.pk)


@facilitator_required
@require_http_methods(["GET", "POST"])
def participant_remove(request, cohort_id, participant_id):
    """Asks once (GET), then takes the person off (POST): it cannot be undone, only invited again."""
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    place = or_404(access.participant_in_cohort, cohort, participant_id)
    name = place.user.name
    if request.method == "GET":
        context = {
            "page_title": f"Are you sure you want to remove {name} from {cohort.name}?",
            "caption": cohort.name,
            "consequences": [
                f"{name} will no longer see the cohort, its sessions or its discussion. "
                "The sessions still to come are taken out of their calendar.",
                "To have them back, you would need to invite them again.",
            ],
            "button_text": f"Remove {name}",
            "cancel": {"href": reverse("programme:participants", args=[cohort.pk]), "text": "No, keep them"},
        }
        return render_page(request, "core/confirm.jinja", context)
    try:
        services.participant_remove(place=place, by=request.user)
    except services.ProgrammeError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Removed {name} from {cohort.name}.")
    return redirect("programme:participants", cohort.pk)
