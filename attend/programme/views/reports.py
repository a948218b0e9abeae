"""Reports: a cohort's report for its facilitators and the owning organisation's admins, on the page, printed and
as CSV. Built from aggregates only: no one's own answers or scores."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from attend.core.access import or_404
from attend.core.formatting import long_date
from attend.core.rendering import render_page
from attend.programme import access, exports, presenters
from attend.programme.reports import CohortReport, cohort_report
from attend.programme.views.common import cohort_back_link, programme_back_link, report_reader_required


def _report_of(request, cohort_id) -> CohortReport:
    return cohort_report(or_404(access.cohort_for_report, request.membership, cohort_id))


@report_reader_required
@require_GET
def report(request, cohort_id):
    report = _report_of(request, cohort_id)
    context = {
        "page_title": f"Report: {report.cohort.name}",
        "report": report,
        "presenters": presenters,
        "back_link": (
            cohort_back_link(report.cohort) if access.is_facilitator(request.membership) else programme_back_link()
        ),
    }
    return render_page(request, "programme/report.jinja", context)


@report_reader_required
@require_GET
def report_print(request, cohort_id):
    report = _report_of(request, cohort_id)
    context = {
        "page_title": f"{report.cohort.programme.title}: {report.cohort.name}",
        "report": report,
        "presenters": presenters,
        "printed_on": long_date(timezone.localdate()),
        "back_link": {"href": reverse("programme:report", args=[report.cohort.pk]), "text": "Back to the report"},
    }
    return render_page(request, "programme/report_print.jinja", context)


@report_reader_required
@require_GET
def report_csv(request, cohort_id):
    report = _report_of(request, cohort_id)
    response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cohort-report.csv"'
    return response
