"""Materials: the facilitator adds a link or some text for the whole cohort or for one of its sessions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from attend.core.access import or_404
from attend.core.rendering import posted, render_page
from attend.programme import access, forms, services
from attend.programme.views.common import cohort_back_link, facilitator_required


@facilitator_required
@require_http_methods(["GET", "POST"])
def material_new(request, cohort_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    form = forms.MaterialForm(posted(request), sessions=cohort.sessions.all())
    if request.method == "POST" and form.is_valid():
        details = form.material_details()
        try:
            services.material_add(cohort=cohort, by=request.user, **details)
        except services.ProgrammeError as error:
            form.add_error("link", str(error))
        else:
            messages.success(request, f"Added {details['title']}.")
            return redirect("programme:cohort", cohort.pk)
    context = {"page_title": "Add material", "cohort": cohort, "form": form, "back_link": cohort_back_link(cohort)}
    return render_page(request, "programme/material_new.jinja", context, forms=[form])
