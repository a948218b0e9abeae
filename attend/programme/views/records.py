"""A participant's own certificate of attendance and CPD record: a printable page and a Word document. Only the
participant themself: `access.place_in` answers 404 to anyone else, facilitators included."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from attend.core.access import or_404
from attend.core.formatting import long_date
from attend.core.rendering import render_page
from attend.programme import access, certificates, presenters, selectors, services

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _view_of(request, cohort_id):
    place = or_404(access.place_in, request.user, cohort_id)
    return place, presenters.cpd_view(selectors.cpd_record(place), time_zone=request.user.time_zone)


@login_required
@require_GET
def cpd_record(request, cohort_id):
    _place, view = _view_of(request, cohort_id)
    context = {
        "page_title": "Your certificate and CPD record",
        "view": view,
        "certificate": certificates.certificate_sentence(view),
        "reflections_note": certificates.REFLECTIONS_NOTE,
        "made_on": long_date(timezone.localdate()),
        "facts": [
            ("Name", view.record.name),
            ("Programme", f"{view.record.programme} ({view.record.cohort})"),
            ("Dates", view.dates),
            ("Total hours", view.total_hours),
            ("Reflections saved during the programme", view.reflections),
        ],
        "docx_url": reverse("programme:cpd_record_docx", args=[cohort_id]),
        "back_link": {"href": reverse("programme:cohort", args=[cohort_id]), "text": view.record.cohort},
    }
    return render_page(request, "programme/cpd_record.jinja", context)


@login_required
@require_GET
def cpd_record_docx(request, cohort_id):
    place, view = _view_of(request, cohort_id)
    data = certificates.cpd_record_docx(view, made_at=timezone.now(), made_on=long_date(timezone.localdate()))
    services.cpd_record_exported(place=place)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = 'attachment; filename="certificate-and-cpd-record.docx"'
    return response
