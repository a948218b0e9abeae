"""Sessions and attendance: the facilitator arranges and changes a cohort's sessions and records who came;
everyone in the cohort opens a session's page and takes its invitation into their calendar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
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
    form = forms.SessionForm(
        posted(request), time_zone=request.user.time_zone, cohort=cohort, initial={"minutes": "120"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_schedule(cohort=cohort, by=request.user, **form.session_details())
        except services.SessionOutsideCohort as error:
            form.add_error("day", str(error))
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
    if session.is_cancelled:
        raise Http404  # a cancelled session stays as it was
    form = forms.SessionForm(posted(request), time_zone=request.user.time_zone, cohort=session.cohort, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_change(session=session, by=request.user, **form.session_details())
        except services.SessionOutsideCohort as error:
            form.add_error("day", str(error))
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


def _session_page(request, session, view, *, attendance_form=None, reply_form=None):
    if view.facilitating and attendance_form is None:
        attendance_form = forms.AttendanceForm(
            participants=selectors.participants_of(session.cohort),
            initial={f"p{key.replace('-', '')}": value for key, value in selectors.register_start(session).items()},
        )
    answer = selectors.own_reply(session, view.place)
    if view.place is not None and reply_form is None:
        reply_form = forms.ReplyForm(initial={"answer": answer} if answer else None)
    context = {
        "page_title": session.title,
        "session": session,
        "cohort": session.cohort,
        "when": presenters.session_when(session),
        "facilitating": view.facilitating,
        "materials": selectors.materials_of(session.cohort, session),
        "thread": selectors.session_thread(session),
        "attendance_form": attendance_form,
        "reply_form": reply_form if view.place is not None and session_open_for_replies(session) else None,
        "answer": presenters.reply_label(answer),
        "replies": presenters.session_replies(selectors.session_replies(session)) if view.facilitating else None,
        "back_link": cohort_back_link(session.cohort),
    }
    return render_page(request, "programme/session.jinja", context, forms=[attendance_form, reply_form])


def session_open_for_replies(session) -> bool:
    return not session.is_cancelled and session.starts_at > timezone.now()


@login_required
@require_GET
def session(request, session_id):
    session, view = or_404(access.session_for, request.user, request.membership, session_id)
    return _session_page(request, session, view)


@login_required
@require_POST
def session_reply(request, session_id):
    """A participant says whether they will come. Only someone with a place in the cohort: anyone else is a 404."""
    session, view = or_404(access.session_for_participant, request.user, session_id)
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.session_reply_set(session=session, place=view.place, answer=form.cleaned_data["answer"])
        except services.ProgrammeError as error:
            form.add_error("answer", str(error))
        else:
            messages.success(request, "Thank you. Your facilitator can see your answer.")
            return redirect("programme:session", session.pk)
    return _session_page(request, session, view, reply_form=form)


@login_required
@require_GET
def session_ics(request, session_id):
    """A participant's copy is their meeting request (they are its attendee); a facilitator's names no one."""
    session, view = or_404(access.session_for, request.user, request.membership, session_id)
    if view.place is not None:
        method = calendar.CANCEL if session.is_cancelled else calendar.REQUEST
        data = calendar.invitation(
            session, method=method, attendee=request.user, reply=selectors.own_reply(session, view.place)
        )
    else:
        data = calendar.invitation(session, method=calendar.PUBLISH)
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return response


@facilitator_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, session_id):
    """Asks once (GET), then cancels (POST): everyone's calendar loses the session."""
    session = or_404(access.session_for_facilitator, request.membership, session_id)
    if session.is_cancelled:
        raise Http404
    if request.method == "POST":
        services.session_cancel(session=session, by=request.user)
        messages.success(request, f"{session.title} is cancelled. Everyone in the cohort is told.")
        return redirect("programme:session", session.pk)
    context = {
        "page_title": f"Are you sure you want to cancel {session.title}?",
        "caption": f"{session.cohort.name}: {presenters.session_when(session)}",
        "consequences": [
            "Everyone in the cohort gets a cancellation, which takes the session out of their calendar.",
            "The session stays in Attend, marked cancelled, with its discussion. You cannot undo this.",
        ],
        "button_text": "Cancel the session",
        "cancel": {"href": reverse("programme:session", args=[session.pk]), "text": "No, keep the session"},
    }
    return render_page(request, "core/confirm.jinja", context)


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
