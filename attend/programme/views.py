"""Programme: programmes, cohorts, sessions, materials, discussion, questionnaires and reports.

Every cohort, session, thread, post and questionnaire is reached through `access`; anything the asker may not
open is a 404. Pages only facilitators use also need the facilitator role (403 for everyone else).
A facilitator never sees one participant's answers or scores: the report is built from aggregates only.
"""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.rendering import render_page
from attend.organisations.models import Role
from attend.organisations.permissions import role_required
from attend.programme import access, calendar, exports, forms, presenters, reports, selectors, services
from attend.programme.models import Cohort, Programme, QuestionnaireResponse
from attend.programme.moderation import safe_links

facilitator_required = role_required(Role.FACILITATOR)
report_reader_required = role_required(Role.FACILITATOR, Role.ADMIN)


def _posted(request):
    """The submitted data, even when empty (an empty form is still a submitted one, with errors to show)."""
    return request.POST if request.method == "POST" else None


def _or_404(finder, *args):
    try:
        return finder(*args)
    except (Cohort.DoesNotExist, QuestionnaireResponse.DoesNotExist):
        raise Http404


def _cohort_back(cohort) -> dict:
    return {"href": reverse("programme:cohort", args=[cohort.pk]), "text": cohort.name}


# ---- Programmes ----


@login_required
@require_GET
def index(request):
    membership = request.membership
    context = {
        "page_title": "Programme",
        "places": selectors.cohorts_of(request.user),
        "facilitating": access.is_facilitator(membership),
        "programmes": list(access.facilitated_programmes(membership).prefetch_related("cohorts")),
        "reportable": list(access.reportable_cohorts(membership)) if not access.is_facilitator(membership) else [],
    }
    return render_page(request, "programme/index.jinja", context)


@facilitator_required
@require_http_methods(["GET", "POST"])
def programme_new(request):
    form = forms.ProgrammeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        programme = services.programme_create(
            organisation=request.membership.organisation, by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{programme.title} is set up. Add its first cohort.")
        return redirect("programme:programme", programme.pk)
    context = {
        "page_title": "Set up a programme",
        "form": form,
        "back_link": {"href": reverse("programme:index"), "text": "Programme"},
    }
    return render_page(request, "programme/programme_new.jinja", context, forms=[form])


def _programme(request, programme_id) -> Programme:
    try:
        return access.programme_for_facilitator(request.membership, programme_id)
    except Programme.DoesNotExist:
        raise Http404


@facilitator_required
@require_GET
def programme(request, programme_id):
    found = _programme(request, programme_id)
    context = {
        "page_title": found.title,
        "programme": found,
        "cohorts": selectors.cohorts_of_programme(found),
        "back_link": {"href": reverse("programme:index"), "text": "Programme"},
    }
    return render_page(request, "programme/programme.jinja", context)


@facilitator_required
@require_http_methods(["GET", "POST"])
def cohort_new(request, programme_id):
    found = _programme(request, programme_id)
    form = forms.CohortForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        cohort = services.cohort_create(programme=found, by=request.user, **form.cleaned_data)
        messages.success(request, f"{cohort.name} is set up. Add people and sessions next.")
        return redirect("programme:cohort", cohort.pk)
    context = {
        "page_title": f"Add a cohort to {found.title}",
        "form": form,
        "back_link": {"href": reverse("programme:programme", args=[found.pk]), "text": found.title},
    }
    return render_page(request, "programme/cohort_new.jinja", context, forms=[form])


# ---- A cohort ----


@login_required
@require_GET
def cohort(request, cohort_id):
    view = _or_404(access.cohort_for, request.user, request.membership, cohort_id)
    found = view.cohort
    now = timezone.now()
    upcoming, past = selectors.sessions_split(found, now=now)
    context = {
        "page_title": found.name,
        "cohort": found,
        "facilitating": view.facilitating,
        "upcoming": upcoming,
        "past": past,
        "materials": selectors.materials_of(found),
        "thread": services.cohort_thread(found),
        "people": selectors.participants_of(found) if view.facilitating else [],
        "queue": selectors.queue_size(found) if view.facilitating else 0,
        "assignments": list(found.assignments.all()),
        "open_assignments": selectors.open_assignments(view.place, today=timezone.localdate()) if view.place else [],
        "status_form": forms.CohortStatusForm(initial={"status": found.status}) if view.facilitating else None,
        "presenters": presenters,
        "back_link": {"href": reverse("programme:index"), "text": "Programme"},
    }
    return render_page(request, "programme/cohort.jinja", context)


def _facilitated(request, cohort_id) -> Cohort:
    return _or_404(access.cohort_for_facilitator, request.membership, cohort_id)


@facilitator_required
@require_POST
def cohort_status(request, cohort_id):
    found = _facilitated(request, cohort_id)
    form = forms.CohortStatusForm(request.POST)
    if form.is_valid():
        services.cohort_status_set(cohort=found, by=request.user, status=form.cleaned_data["status"])
        messages.success(request, f"{found.name} is now {found.get_status_display().lower()}.")
    return redirect("programme:cohort", found.pk)


@facilitator_required
@require_http_methods(["GET", "POST"])
def participants(request, cohort_id):
    found = _facilitated(request, cohort_id)
    form = forms.ParticipantForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            place = services.participant_add(cohort=found, by=request.user, email=form.cleaned_data["email"])
        except services.ProgrammeError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Added {place.user.name} ({place.organisation.name}).")
            return redirect("programme:participants", found.pk)
    context = {
        "page_title": f"People in {found.name}",
        "cohort": found,
        "form": form,
        "people": selectors.participants_of(found),
        "people_final": selectors.change_is_final(found),
        "back_link": _cohort_back(found),
    }
    return render_page(request, "programme/participants.jinja", context, forms=[form])


@facilitator_required
@require_POST
def participant_remove(request, cohort_id, participant_id):
    found = _facilitated(request, cohort_id)
    place = _or_404(selectors.participant_in_cohort, found, participant_id)
    name = place.user.name
    try:
        services.participant_remove(place=place, by=request.user)
    except services.ProgrammeError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Removed {name} from {found.name}.")
    return redirect("programme:participants", found.pk)


def _session_details(data: dict) -> dict:
    details = {key: data[key] for key in ("title", "starts_at", "place", "video_link", "description")}
    return details | {"minutes": int(data["minutes"])}


@facilitator_required
@require_http_methods(["GET", "POST"])
def session_new(request, cohort_id):
    found = _facilitated(request, cohort_id)
    form = forms.SessionForm(_posted(request), time_zone=request.user.time_zone, initial={"minutes": "120"})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_schedule(cohort=found, by=request.user, **_session_details(form.cleaned_data))
        except services.ProgrammeError as error:
            form.add_error("video_link", str(error))
        else:
            messages.success(request, f"{session.title} is arranged. Everyone in the cohort will see it in Attend.")
            return redirect("programme:session", session.pk)
    context = {
        "page_title": "Arrange a session",
        "cohort": found,
        "form": form,
        "back_link": _cohort_back(found),
    }
    return render_page(request, "programme/session_new.jinja", context, forms=[form])


@facilitator_required
@require_http_methods(["GET", "POST"])
def session_edit(request, session_id):
    found = _or_404(access.session_for_facilitator, request.membership, session_id)
    local = timezone.localtime(found.starts_at, zoneinfo.ZoneInfo(request.user.time_zone))
    initial = {
        "title": found.title,
        "day": local.date(),
        "at": local.time(),
        "minutes": str(found.minutes),
        "place": found.place,
        "video_link": found.video_link,
        "description": found.description,
    }
    form = forms.SessionForm(_posted(request), time_zone=request.user.time_zone, initial=initial)
    if found.minutes not in {int(value) for value, _ in forms.MINUTES}:
        form.fields["minutes"].choices = [*forms.MINUTES, (str(found.minutes), f"{found.minutes} minutes")]
    if request.method == "POST" and form.is_valid():
        try:
            services.session_change(session=found, by=request.user, **_session_details(form.cleaned_data))
        except services.ProgrammeError as error:
            form.add_error("video_link", str(error))
        else:
            messages.success(request, "The session is changed. If the time moved, everyone in the cohort is told.")
            return redirect("programme:session", found.pk)
    context = {
        "page_title": f"Change {found.title}",
        "cohort": found.cohort,
        "form": form,
        "button_text": "Save changes",
        "back_link": {"href": reverse("programme:session", args=[found.pk]), "text": found.title},
    }
    return render_page(request, "programme/session_new.jinja", context, forms=[form])


@facilitator_required
@require_http_methods(["GET", "POST"])
def material_new(request, cohort_id):
    found = _facilitated(request, cohort_id)
    sessions = list(found.sessions.all())
    form = forms.MaterialForm(_posted(request), sessions=sessions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = next((s for s in sessions if str(s.pk) == data["session"]), None)
        try:
            services.material_add(
                cohort=found,
                by=request.user,
                title=data["title"],
                link=data["link"],
                text=data["text"],
                session=session,
            )
        except services.ProgrammeError as error:
            form.add_error("link", str(error))
        else:
            messages.success(request, f"Added {data['title']}.")
            return redirect("programme:cohort", found.pk)
    context = {"page_title": "Add material", "cohort": found, "form": form, "back_link": _cohort_back(found)}
    return render_page(request, "programme/material_new.jinja", context, forms=[form])


@facilitator_required
@require_http_methods(["GET", "POST"])
def assignment_new(request, cohort_id):
    found = _facilitated(request, cohort_id)
    form = forms.AssignmentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.questionnaire_assign(cohort=found, by=request.user, **form.cleaned_data)
        except services.ProgrammeError as error:
            form.add_error("point", str(error))
        else:
            messages.success(request, f"The {assignment.get_point_display().lower()} questionnaire is set.")
            return redirect("programme:cohort", found.pk)
    context = {
        "page_title": "Set a questionnaire",
        "cohort": found,
        "form": form,
        "back_link": _cohort_back(found),
    }
    return render_page(request, "programme/assignment_new.jinja", context, forms=[form])


# ---- Sessions ----


def _session_page(request, session, view, *, attendance_form=None, status=None):
    facilitating = view.facilitating
    if facilitating and attendance_form is None:
        attendance_form = forms.AttendanceForm(
            participants=selectors.participants_of(session.cohort),
            initial={f"p{key.replace('-', '')}": value for key, value in selectors.attendance_of(session).items()},
        )
    context = {
        "page_title": session.title,
        "session": session,
        "cohort": session.cohort,
        "when": presenters.session_when(session),
        "facilitating": facilitating,
        "materials": selectors.materials_of(session.cohort, session),
        "thread": services.session_thread(session),
        "attendance_form": attendance_form,
        "back_link": _cohort_back(session.cohort),
    }
    return render_page(request, "programme/session.jinja", context, forms=[attendance_form], status=status)


@login_required
@require_GET
def session(request, session_id):
    found, view = _or_404(access.session_for, request.user, request.membership, session_id)
    return _session_page(request, found, view)


@login_required
@require_GET
def session_ics(request, session_id):
    found, _ = _or_404(access.session_for, request.user, request.membership, session_id)
    response = HttpResponse(calendar.invitation(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return response


@facilitator_required
@require_POST
def attendance(request, session_id):
    found = _or_404(access.session_for_facilitator, request.membership, session_id)
    form = forms.AttendanceForm(request.POST, participants=selectors.participants_of(found.cohort))
    if not form.is_valid():
        view = access.CohortView(cohort=found.cohort, facilitating=True, place=None)
        return _session_page(request, found, view, attendance_form=form)
    count = services.attendance_record(session=found, by=request.user, statuses=form.statuses())
    messages.success(request, f"Attendance saved for {count} {'person' if count == 1 else 'people'}.")
    return redirect("programme:session", found.pk)


# ---- Discussion ----


def _thread_page(request, thread, view, *, form=None):
    posts = access.visible_posts(thread, request.user, view)
    context = {
        "page_title": thread.session.title if thread.session_id else "Discussion",
        "thread": thread,
        "cohort": view.cohort,
        "facilitating": view.facilitating,
        "posts": presenters.post_views(posts, request.user),
        "form": form or forms.PostForm(),
        "back_link": (
            {"href": reverse("programme:session", args=[thread.session_id]), "text": thread.session.title}
            if thread.session_id
            else _cohort_back(view.cohort)
        ),
    }
    return render_page(request, "programme/thread.jinja", context, forms=[form])


def _posted_message(request, post) -> None:
    if post.status == post.Status.HELD:
        messages.info(
            request, "Your post is waiting for a facilitator to look at it. Only you and the facilitators can see it."
        )
    else:
        messages.success(request, "Posted.")


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, thread_id):
    found, view = _or_404(access.thread_for, request.user, request.membership, thread_id)
    if request.method == "GET":
        return _thread_page(request, found, view)
    form = forms.PostForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_create(thread=found, author=request.user, text=form.cleaned_data["text"])
        except services.ProgrammeError as error:
            form.add_error("text", str(error))
        else:
            _posted_message(request, post)
            return redirect(f"{reverse('programme:thread', args=[found.pk])}#post-{post.pk}")
    return _thread_page(request, found, view, form=form)


def _post_form_page(request, post, *, template, title, form):
    context = {
        "page_title": title,
        "post": presenters.post_views([post], request.user)[0] if post.parent_id is None else None,
        "original": post,
        "segments": safe_links(post.text),
        "form": form,
        "back_link": {"href": reverse("programme:thread", args=[post.thread_id]), "text": "Back to the discussion"},
    }
    return render_page(request, template, context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def post_reply(request, post_id):
    parent, _ = _or_404(access.post_for, request.user, request.membership, post_id)
    if parent.status != parent.Status.SHOWN:
        raise Http404  # held or hidden: not there for everyone to reply to (the page offers no Reply link)
    form = forms.PostForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                thread=parent.thread, author=request.user, text=form.cleaned_data["text"], parent=parent
            )
        except services.ProgrammeError as error:
            form.add_error("text", str(error))
        else:
            _posted_message(request, post)
            return redirect(f"{reverse('programme:thread', args=[parent.thread_id])}#post-{post.pk}")
    return _post_form_page(
        request, parent, template="programme/post_reply.jinja", title=f"Reply to {parent.author.name}", form=form
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, post_id):
    post = _or_404(access.own_post, request.user, request.membership, post_id)
    form = forms.PostForm(_posted(request), initial={"text": post.text})
    if not services.post_editable(post):
        messages.info(request, "You can change a post for 15 minutes after you post it. That time has passed.")
        return redirect("programme:thread", post.thread_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, by=request.user, text=form.cleaned_data["text"])
        except services.ProgrammeError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Your post is changed.")
            return redirect(f"{reverse('programme:thread', args=[post.thread_id])}#post-{post.pk}")
    return _post_form_page(request, post, template="programme/post_edit.jinja", title="Change your post", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def post_report(request, post_id):
    post, _ = _or_404(access.post_for, request.user, request.membership, post_id)
    if post.author_id == request.user.pk:
        raise Http404
    form = forms.PostReportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.post_report(post=post, by=request.user, reason=form.reason_text())
        messages.success(request, "Thank you. A facilitator will look at the post.")
        return redirect("programme:thread", post.thread_id)
    return _post_form_page(request, post, template="programme/post_report.jinja", title="Report a post", form=form)


@facilitator_required
@require_GET
def moderation(request, cohort_id):
    found = _facilitated(request, cohort_id)
    context = {
        "page_title": "Posts to look at",
        "cohort": found,
        "queue": [(post, safe_links(post.text)) for post in selectors.moderation_queue(found)],
        "back_link": _cohort_back(found),
    }
    return render_page(request, "programme/moderation.jinja", context)


def _after_moderation(request, post):
    target = request.POST.get("next")
    if target == "moderation":
        return redirect("programme:moderation", post.thread.cohort_id)
    return redirect(f"{reverse('programme:thread', args=[post.thread_id])}#post-{post.pk}")


@facilitator_required
@require_POST
def post_hide(request, post_id):
    post = _or_404(access.post_for_moderation, request.membership, post_id)
    services.post_hide(post=post, by=request.user)
    messages.success(request, "The post is hidden. Only facilitators can see it now.")
    return _after_moderation(request, post)


@facilitator_required
@require_POST
def post_restore(request, post_id):
    post = _or_404(access.post_for_moderation, request.membership, post_id)
    services.post_restore(post=post, by=request.user)
    messages.success(request, "The post is shown to everyone in the cohort.")
    return _after_moderation(request, post)


# ---- Questionnaires and results ----


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request, assignment_id):
    assignment, place = _or_404(access.assignment_for_participant, request.user, assignment_id)
    measures = services.assignment_measures(assignment)
    answered = selectors.has_answered(place, assignment)
    is_open = services.assignment_is_open(assignment)
    if request.method == "POST" and (answered or not is_open):
        # Nothing to save, and no form on the page to show errors against: say why on the page itself.
        return redirect("programme:questionnaire", assignment.pk)
    form = forms.QuestionnaireForm(request.POST if request.method == "POST" else None, measures=measures)
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
        "opens": presenters.day(assignment.opens_on),
        "closes": presenters.day(assignment.closes_on),
        "back_link": _cohort_back(assignment.cohort),
    }
    return render_page(request, "programme/questionnaire.jinja", context, forms=[form])


@login_required
@require_GET
def my_results(request, cohort_id):
    place = _or_404(access.place_in, request.user, cohort_id)
    responses = _or_404(access.own_responses, request.user, place)
    context = {
        "page_title": "Your results",
        "cohort": place.cohort,
        "results": presenters.own_results(responses),
        "back_link": _cohort_back(place.cohort),
    }
    return render_page(request, "programme/my_results.jinja", context)


# ---- Reports (aggregates only) ----


def _report(request, cohort_id):
    return reports.cohort_report(_or_404(access.cohort_for_report, request.membership, cohort_id))


@report_reader_required
@require_GET
def report(request, cohort_id):
    built = _report(request, cohort_id)
    context = {
        "page_title": f"Report: {built.cohort.name}",
        "report": built,
        "presenters": presenters,
        "back_link": (
            _cohort_back(built.cohort)
            if access.is_facilitator(request.membership)
            else {"href": reverse("programme:index"), "text": "Programme"}
        ),
    }
    return render_page(request, "programme/report.jinja", context)


@report_reader_required
@require_GET
def report_print(request, cohort_id):
    built = _report(request, cohort_id)
    context = {
        "page_title": f"{built.cohort.programme.title}: {built.cohort.name}",
        "report": built,
        "presenters": presenters,
        "printed_on": presenters.day(timezone.localdate()),
        "back_link": {"href": reverse("programme:report", args=[built.cohort.pk]), "text": "Back to the report"},
    }
    return render_page(request, "programme/report_print.jinja", context)


@report_reader_required
@require_GET
def report_csv(request, cohort_id):
    built = _report(request, cohort_id)
    response = HttpResponse(exports.report_csv(built), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cohort-report.csv"'
    return response
