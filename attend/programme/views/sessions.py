"""Sessions and attendance: the facilitator arranges and changes a cohort's sessions and records who came;
everyone in the cohort opens a session's page and takes its invitation into their calendar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import or_404
from attend.core.formatting import counted
from attend.core.rendering import posted, render_page
from attend.programme import access, calendar, forms, presenters, selectors, services
from attend.programme.views.common import cohort_back_link, facilitator_required


def _session_form_page(request, form, *, cohort, page_title: str, back_link: dict, button_text=None):
    context = {"page_title": page_title, "cohort": cohort, "form": form, "back_link": back_link}
    if button_text:
        context["button_text"] = button_text
    return render_page(request, "programme/session_new.jinja", context, forms=[form])


@facilitator_required
@require_http_methods(["GET", "POST"])
def session_new(request, cohort_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    form = forms.SessionForm(posted(request), time_zone=request.user.time_zone, initial={"minutes": "120"})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_schedule(cohort=cohort, by=request.user, **form.session_details())
        except services.ProgrammeError as error:
            form.add_error("video_link", str(error))
        else:
            messages.success(request, f"{session.title} is arranged. Everyone in the cohort will see it in Attend.")
            return redirect("programme:session", session.pk)
    return _session_form_page(
        request, form, cohort=cohort, page_title="Arrange a session", back_link=cohort_back_link(cohort)
    )


@facilitator_required
@require_http_methods(["GET", "POST"])
def session_edit(request, session_id):
    session = or_404(access.session_for_facilitator, request.membership, session_id)
    form = forms.SessionForm(posted(request), time_zone=request.user.time_zone, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_change(session=session, by=request.user, **form.session_details())
        except services.ProgrammeError as error:
            form.add_error("video_link", str(error))
        else:
            messages.success(request, "The session is changed. If the time moved, everyone in the cohort is told.")
            return redirect("programme:session", session.pk)
    return _session_form_page(
        request,
        form,
        cohort=session.cohort,
        page_title=f"Change {session.title}",
        button_text="Save changes",
        back_link={"href": reverse("programme:session", args=[session.pk]), "text": session.title},
    )


def _session_page(request, session, view, *, attendance_form=None):
    if view.facilitating and attendance_form is None:
        attendance_form = forms.AttendanceForm(
            participants=selectors.participants_of(session.cohort),
            initial={f"p{key.replace('-', '')}": value for key, value in selectors.attendance_of(session).items()},
        )
    context = {
        "page_title": session.title,
        "session": session,
        "cohort": session.cohort,
        "when": presenters.session_when(session),
        "facilitating": view.facilitating,
        "materials": selectors.materials_of(session.cohort, session),
        "thread": selectors.session_thread(session),
        "attendance_form": attendance_form,
        "back_link": cohort_back_link(session.cohort),
    }
    return render_page(request, "programme/session.jinja", context, forms=[attendance_form])


@login_required
@require_GET
def session(request, session_id):
    session, view = or_404(access.session_for, request.user, request.membership, session_id)
    return _session_page(request, session, view)


@login_required
@require_GET
def session_ics(request, session_id):
    session, _ = or_404(access.session_for, request.user, request.membership, session_id)
    response = HttpResponse(calendar.invitation(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return response


@facilitator_required
@require_POST
def attendance(request, session_id):
    session = or_404(access.session_for_facilitator, request.membership, session_id)
    form = forms.AttendanceForm(request.POST, participants=selectors.participants_of(session.cohort))
    if not form.is_valid():
        view = access.CohortView(cohort=session.cohort, facilitating=True, place=None)
        return _session_page(request, session, view, attendance_form=form)
    count = services.attendance_record(session=session, by=request.user, statuses=form.statuses())
    messages.success(request, f"Attendance saved for {counted(count, 'person', 'people')}.")
    return redirect("programme:session", session.pk)
