"""Evaluation questionnaires: the facilitator sets one at a point of the programme; a participant answers it while
it is open and then sees their own results, which no one else can."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from attend.core.access import or_404
from attend.core.formatting import long_date
from attend.core.rendering import posted, render_page
from attend.programme import access, forms, presenters, selectors, services
from attend.programme.views.common import cohort_back_link, facilitator_required


@facilitator_required
@require_http_methods(["GET", "POST"])
def assignment_new(request, cohort_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    form = forms.AssignmentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.questionnaire_assign(cohort=cohort, by=request.user, **form.cleaned_data)
        except services.ProgrammeError as error:
            form.add_error("point", str(error))
        else:
            messages.success(request, f"The {assignment.get_point_display().lower()} questionnaire is set.")
            return redirect("programme:cohort", cohort.pk)
    context = {
        "page_title": "Set a questionnaire",
        "cohort": cohort,
        "form": form,
        "back_link": cohort_back_link(cohort),
    }
    return render_page(request, "programme/assignment_new.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request, assignment_id):
    assignment, place = or_404(access.assignment_for_participant, request.user, assignment_id)
    measures = selectors.assignment_measures(assignment)
    answered = selectors.has_answered(place, assignment)
    is_open = selectors.assignment_is_open(assignment)
    if request.method == "POST" and (answered or not is_open):
        # Nothing to save, and no form on the page to show errors against: say why on the page itself.
        return redirect("programme:questionnaire", assignment.pk)
    form = forms.QuestionnaireForm(posted(request), measures=measures)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_submit(assignment=assignment, place=place, answers=form.answers())
        except services.ProgrammeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you. Your answers are saved. Only you can see your own scores.")
            return redirect("programme:my_results", assignment.cohort_id)
    context = {
        "page_title": f"{assignment.get_point_display()}: questionnaire",
        "assignment": assignment,
        "cohort": assignment.cohort,
        "measures": [(measure, form.fields_of(measure)) for measure in measures],
        "form": form,
        "answered": answered,
        "is_open": is_open,
        "opens": long_date(assignment.opens_on),
        "closes": long_date(assignment.closes_on),
        "back_link": cohort_back_link(assignment.cohort),
    }
    return render_page(request, "programme/questionnaire.jinja", context, forms=[form])


@login_required
@require_GET
def my_results(request, cohort_id):
    place = or_404(access.place_in, request.user, cohort_id)
    responses = or_404(access.own_responses, request.user, place)
    context = {
        "page_title": "Your results",
        "cohort": place.cohort,
        "results": presenters.own_results(responses),
        "back_link": cohort_back_link(place.cohort),
    }
    return render_page(request, "programme/my_results.jinja", context)
