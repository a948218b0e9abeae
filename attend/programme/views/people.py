"""People in a cohort: the facilitator adds someone by email address and takes someone off, while the cohort's
evaluation is still open."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from attend.core.access import or_404
from attend.core.rendering import render_page
from attend.programme import access, forms, selectors, services
from attend.programme.views.common import cohort_back_link, facilitator_required, posted


@facilitator_required
@require_http_methods(["GET", "POST"])
def participants(request, cohort_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    form = forms.ParticipantForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            place = services.participant_add(cohort=cohort, by=request.user, email=form.cleaned_data["email"])
        except services.ProgrammeError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Added {place.user.name} ({place.organisation.name}).")
            return redirect("programme:participants", cohort.pk)
    context = {
        "page_title": f"People in {cohort.name}",
        "cohort": cohort,
        "form": form,
        "people": selectors.participants_of(cohort),
        "people_final": selectors.change_is_final(cohort),
        "back_link": cohort_back_link(cohort),
    }
    return render_page(request, "programme/participants.jinja", context, forms=[form])


@facilitator_required
@require_POST
def participant_remove(request, cohort_id, participant_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    place = or_404(access.participant_in_cohort, cohort, participant_id)
    name = place.user.name
    try:
        services.participant_remove(place=place, by=request.user)
    except services.ProgrammeError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Removed {name} from {cohort.name}.")
    return redirect("programme:participants", cohort.pk)
