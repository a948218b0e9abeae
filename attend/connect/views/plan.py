"""Each person's own wellbeing plan, and which sections they share with the people who lead them."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from attend.connect import access, forms, selectors, services
from attend.core.access import current_organisation
from attend.core.rendering import render_page


@login_required
@require_http_methods(["GET", "POST"])
def plan(request):
    organisation = current_organisation(request)
    if organisation is None:
        raise Http404
    saved = access.own_plan(request.user, organisation)
    leaders = list(access.leading_memberships(request.membership))
    initial = {"review_on": timezone.localdate() + datetime.timedelta(days=365)}
    if saved:
        initial = {**saved.sections, "shared_sections": saved.shared_sections, "review_on": saved.review_on}
    form = forms.PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.wellbeing_plan_save(
            person=request.user,
            organisation=organisation,
            sections=form.sections(),
            shared_sections=form.cleaned_data["shared_sections"],
            shared_with=[leader.user for leader in leaders],
            review_on=form.cleaned_data["review_on"],
        )
        messages.success(request, "Your wellbeing plan is saved.")
        return redirect("connect:plan")
    context = {
        "page_title": "Your wellbeing plan",
        "form": form,
        "leaders": [leader.user.name for leader in leaders],
        "support": selectors.support_services(organisation),
        "back_link": {"href": reverse("connect:index"), "text": "Connect"},
    }
    return render_page(request, "connect/plan.jinja", context, forms=[form])
