"""Connect: a leader's roster, conversations with a guide, talking points, actions, private notes, and each
person's own wellbeing plan. Every pairing, conversation, point and action is reached through `access`;
anything else is a 404, admins included.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.connect import access, calendar, forms, guides, presenters, quarters, selectors, services
from attend.connect.models import Action, Conversation, Pairing
from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page
from attend.listen.selectors import thresholds_of
from attend.organisations.permissions import admin_required


def _pairing(request, pairing_id, *, leader_only=False) -> Pairing:
    finder = access.led_pairing_for if leader_only else access.pairing_for
    return or_404(finder, request.user, current_organisation(request), pairing_id)


def _conversation(request, conversation_id) -> Conversation:
    return or_404(access.conversation_for, request.user, current_organisation(request), conversation_id)


def _support(organisation):
    return selectors.support_services(organisation)


@login_required
@require_GET
def index(request):
    organisation = current_organisation(request)
    pairings = list(access.pairings_of(request.user, organisation)) if organisation else []
    led = [pairing for pairing in pairings if pairing.leader_id == request.user.pk]
    now = timezone.now()
    rows = selectors.roster(led, now=now)
    context = {
        "page_title": "Connect",
        "roster": rows,
        "a_while": [row for row in rows if row.a_while],
        "with_leaders": selectors.roster([p for p in pairings if p.person_id == request.user.pk], now=now),
        "has_organisation": organisation is not None,
    }
    return render_page(request, "connect/index.jinja", context)


def _pairing_context(request, pairing: Pairing) -> dict:
    is_leader = pairing.leader_id == request.user.pk
    other = pairing.person if is_leader else pairing.leader
    conversations = list(pairing.conversations.all())
    now = timezone.now()
    return {
        "page_title": f"You and {other.name}",
        "pairing": pairing,
        "other": other,
        "is_leader": is_leader,
        "upcoming": [
            c for c in reversed(conversations) if c.status == Conversation.Status.PLANNED and c.starts_at >= now
        ],
        "past": [c for c in conversations if c.status != Conversation.Status.PLANNED or c.starts_at < now],
        "points": pairing.talking_points.filter(done_at__isnull=True).select_related("added_by"),
        "done_points": pairing.talking_points.filter(done_at__isnull=False).select_related("added_by"),
        "actions": presenters.action_rows(
            pairing.actions.select_related("owner", "pairing"), request.user, today=timezone.localdate()
        ),
        "shared_plan": _shared_plan(pairing) if is_leader else [],
        "plan_leaders": [],
        "kind_names": guides.KIND_NAMES,
        "back_link": {"href": reverse("connect:index"), "text": "Connect"},
    }


def _shared_plan(pairing: Pairing) -> list:
    shared = access.shared_plan_sections(pairing)
    return [(section, shared[section.key]) for section in guides.PLAN_SECTIONS if section.key in shared]


def _pairing_page(request, pairing, *, point_form=None, action_form=None, cadence_form=None):
    context = _pairing_context(request, pairing)
    context["point_form"] = point_form or forms.TalkingPointForm()
    context["action_form"] = action_form or forms.ActionForm(pairing=pairing)
    context["cadence_form"] = cadence_form or forms.CadenceForm(initial={"cadence_days": str(pairing.cadence_days)})
    page_forms = [point_form, action_form, cadence_form]
    return render_page(request, "connect/pairing.jinja", context, forms=page_forms)


@login_required
@require_GET
def pairing(request, pairing_id):
    return _pairing_page(request, _pairing(request, pairing_id))


@login_required
@require_POST
def pairing_cadence(request, pairing_id):
    pairing = _pairing(request, pairing_id, leader_only=True)
    form = forms.CadenceForm(request.POST)
    if not form.is_valid():
        return _pairing_page(request, pairing, cadence_form=form)
    services.pairing_cadence_set(pairing=pairing, days=int(form.cleaned_data["cadence_days"]))
    messages.success(request, "Saved how often you aim to talk.")
    return redirect("connect:pairing", pairing.pk)


@login_required
@require_POST
def talking_point_add(request, pairing_id):
    pairing = _pairing(request, pairing_id)
    form = forms.TalkingPointForm(request.POST)
    if not form.is_valid():
        return _pairing_page(request, pairing, point_form=form)
    services.talking_point_add(pairing=pairing, by=request.user, text=form.cleaned_data["point"])
    messages.success(request, "Talking point added. It stays until one of you marks it done.")
    return redirect(f"{reverse('connect:pairing', args=[pairing.pk])}#talking-points")


def _toggle_done(request, item_id, *, find, mark, keyword: str, fragment: str):
    """Mark a talking point or an action done (or not done again), then back to its place on the pairing."""
    item = or_404(find, request.user, current_organisation(request), item_id)
    mark(**{keyword: item}, done=item.done_at is None)
    return redirect(f"{reverse('connect:pairing', args=[item.pairing_id])}#{fragment}")


@login_required
@require_POST
def talking_point_done(request, point_id):
    return _toggle_done(
        request,
        point_id,
        find=access.talking_point_for,
        mark=services.talking_point_done,
        keyword="point",
        fragment="talking-points",
    )


def _at_actions(pairing_id):
    return redirect(f"{reverse('connect:pairing', args=[pairing_id])}#actions")


@login_required
@require_POST
def action_add(request, pairing_id):
    pairing = _pairing(request, pairing_id)
    form = forms.ActionForm(request.POST, pairing=pairing)
    if not form.is_valid():
        return _pairing_page(request, pairing, action_form=form)
    services.action_add(
        pairing=pairing,
        owner=form.chosen_owner(),
        text=form.cleaned_data["text"],
        due_on=form.cleaned_data["due_on"],
        by=request.user,
    )
    messages.success(request, "Action added.")
    return _at_actions(pairing.pk)


def _action(request, action_id, *, may) -> Action:
    action = or_404(access.action_for, request.user, current_organisation(request), action_id)
    if not may(action, request.user):
        raise PermissionDenied
    return action


@login_required
@require_POST
def action_done(request, action_id):
    action = _action(request, action_id, may=services.action_may_mark)
    services.action_done(action=action, done=action.done_at is None, by=request.user)
    messages.success(request, "Marked as done." if action.done_at else "Marked as not done yet.")
    return _at_actions(action.pairing_id)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, action_id):
    action = _action(request, action_id, may=services.action_may_change)
    pairing = action.pairing
    initial = {"text": action.content.get("text", ""), "owner": str(action.owner_id), "due_on": action.due_on}
    form = forms.ActionForm(
        request.POST if request.method == "POST" else None, pairing=pairing, kept_due_on=action.due_on, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.action_edit(
            action=action,
            by=request.user,
            owner=form.chosen_owner(),
            text=form.cleaned_data["text"],
            due_on=form.cleaned_data["due_on"],
        )
        messages.success(request, "Action changed.")
        return _at_actions(pairing.pk)
    context = {
        "page_title": "Change an action",
        "form": form,
        "action": action,
        "overdue": selectors.is_overdue(action, today=timezone.localdate()),
        "back_link": {"href": reverse("connect:pairing", args=[pairing.pk]) + "#actions", "text": "Back"},
    }
    return render_page(request, "connect/action_edit.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request, action_id):
    """Asks once (the GET), then deletes (the POST)."""
    action = _action(request, action_id, may=services.action_may_change)
    if request.method == "POST":
        pairing_id = action.pairing_id
        services.action_delete(action=action, by=request.user)
        messages.success(request, "Action deleted.")
        return _at_actions(pairing_id)
    context = {
        "page_title": "Delete this action?",
        "action": action,
        "text": action.content.get("text", ""),
        "back_link": {"href": reverse("connect:pairing", args=[action.pairing_id]) + "#actions", "text": "Back"},
    }
    return render_page(request, "connect/action_delete.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, pairing_id):
    pairing = _pairing(request, pairing_id, leader_only=True)
    form = forms.ScheduleForm(
        request.POST if request.method == "POST" else None,
        time_zone=request.user.time_zone,
        initial={"kind": guides.WELLBEING, "minutes": "30"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conversation = services.conversation_schedule(
            pairing=pairing,
            kind=data["kind"],
            starts_at=data["starts_at"],
            minutes=int(data["minutes"]),
            place=data["place"],
            held=data["already_held"],
            every_weeks=data["every_weeks"],
            times=data["times"],
        )
        if data["already_held"]:
            messages.success(request, "Recorded. You can add what you talked about below.")
            return redirect("connect:conversation", conversation.pk)
        if conversation.series:
            messages.success(
                request,
                f"Arranged {data['times']} conversations, {guides.every_weeks_words(data['every_weeks'])}. "
                f"{pairing.person.name} will see them in Attend. Download the series for your calendars.",
            )
        else:
            messages.success(
                request,
                f"Arranged. {pairing.person.name} will see it in Attend. Download the invitation for your calendars.",
            )
        return redirect("connect:conversation", conversation.pk)
    context = {
        "page_title": f"Arrange a conversation with {pairing.person.name}",
        "form": form,
        "pairing": pairing,
        "back_link": {"href": reverse("connect:pairing", args=[pairing.pk])},
    }
    return render_page(request, "connect/schedule.jinja", context, forms=[form])


def _conversation_page(request, conversation, *, shared_form=None, note_form=None):
    pairing = conversation.pairing
    note = access.own_private_note(request.user, conversation)
    other = pairing.person if pairing.leader_id == request.user.pk else pairing.leader
    context = {
        "page_title": guides.KIND_NAMES[conversation.kind],
        "conversation": conversation,
        "pairing": pairing,
        "other": other,
        "is_leader": pairing.leader_id == request.user.pk,
        "starts_at": timezone.localtime(conversation.starts_at),
        "can_mark_held": conversation.status == Conversation.Status.PLANNED
        and conversation.starts_at <= timezone.now(),
        "guide": guides.GUIDES[conversation.kind],
        "repeats": guides.every_weeks_words(conversation.every_weeks).capitalize() if conversation.series else "",
        "support": _support(pairing.organisation),
        "points": pairing.talking_points.filter(done_at__isnull=True),
        "shared_form": shared_form or forms.SharedNotesForm(initial=conversation.shared),
        "note_form": note_form or forms.PrivateNoteForm(initial={"text": note.content.get("text", "") if note else ""}),
        "back_link": {"href": reverse("connect:pairing", args=[pairing.pk]), "text": f"You and {other.name}"},
    }
    return render_page(request, "connect/conversation.jinja", context, forms=[shared_form, note_form])


@login_required
@require_GET
def conversation(request, conversation_id):
    return _conversation_page(request, _conversation(request, conversation_id))


@login_required
@require_POST
def conversation_shared(request, conversation_id):
    conversation = _conversation(request, conversation_id)
    form = forms.SharedNotesForm(request.POST)
    if not form.is_valid():
        return _conversation_page(request, conversation, shared_form=form)
    services.conversation_shared_save(
        conversation=conversation, summary=form.cleaned_data["summary"], plan=form.cleaned_data["plan"]
    )
    messages.success(request, "Saved. You both see these notes.")
    return redirect("connect:conversation", conversation.pk)


@login_required
@require_POST
def conversation_note(request, conversation_id):
    conversation = _conversation(request, conversation_id)
    form = forms.PrivateNoteForm(request.POST)
    if not form.is_valid():
        return _conversation_page(request, conversation, note_form=form)
    services.private_note_save(conversation=conversation, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, "Your private note is saved. Only you can see it.")
    return redirect("connect:conversation", conversation.pk)


@login_required
@require_POST
def conversation_status(request, conversation_id):
    conversation = _conversation(request, conversation_id)
    status = request.POST.get("status")
    # Only a planned conversation changes, and only one that has begun can have been held.
    allowed = {Conversation.Status.CANCELLED}
    if conversation.starts_at <= timezone.now():
        allowed.add(Conversation.Status.HELD)
    if conversation.status != Conversation.Status.PLANNED or status not in allowed:
        return HttpResponseBadRequest("This conversation cannot change to that")
    services.conversation_status_set(conversation=conversation, status=status)
    messages.success(request, "Marked as held." if status == Conversation.Status.HELD else "Marked as cancelled.")
    return redirect("connect:conversation", conversation.pk)


@login_required
@require_GET
def conversation_ics(request, conversation_id):
    conversation = _conversation(request, conversation_id)
    response = HttpResponse(calendar.invitation(conversation), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="conversation.ics"'
    return response


@login_required
@require_GET
def conversation_series_ics(request, conversation_id):
    conversation = _conversation(request, conversation_id)
    if conversation.series is None:
        raise Http404
    series = list(conversation.pairing.conversations.filter(series=conversation.series).order_by("starts_at"))
    ics = calendar.series_invitation(series, time_zone=conversation.pairing.leader.time_zone)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="conversations.ics"'
    return response


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
        "support": _support(organisation),
        "back_link": {"href": reverse("connect:index"), "text": "Connect"},
    }
    return render_page(request, "connect/plan.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def support(request):
    organisation = current_organisation(request)
    form = forms.SupportServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.support_service_save(organisation=organisation, by=request.user, **form.cleaned_data)
        messages.success(request, f"Added {form.cleaned_data['name']}.")
        return redirect("connect:support")
    context = {
        "page_title": "Where people can find support",
        "form": form,
        "services": _support(organisation),
        "back_link": {"href": reverse("organisations:home"), "text": "Organisation"},
    }
    return render_page(request, "connect/support.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def support_edit(request, service_id):
    service = or_404(access.support_service_for, current_organisation(request), service_id)
    initial = {"name": service.name, "description": service.description, "contact": service.contact}
    form = forms.SupportServiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.support_service_save(
            organisation=service.organisation, by=request.user, service=service, **form.cleaned_data
        )
        messages.success(request, f"Saved {service.name}.")
        return redirect("connect:support")
    context = {
        "page_title": f"Change {service.name}",
        "form": form,
        "service": service,
        "back_link": {"href": reverse("connect:support")},
    }
    return render_page(request, "connect/support_edit.jinja", context, forms=[form])


@admin_required
@require_GET
def organisation_figures(request):
    organisation = current_organisation(request)
    threshold = thresholds_of(organisation).figures
    quarter_start, figures = selectors.quarter_figures(organisation, threshold=threshold)
    context = {
        "page_title": "Are 1:1s happening?",
        "quarter_start": quarter_start,
        "quarter_end": quarters.quarter_end(quarter_start) if quarter_start else None,
        "figures": figures,
        "threshold": threshold,
        "back_link": {"href": reverse("organisations:home"), "text": "Organisation"},
    }
    return render_page(request, "connect/organisation_figures.jinja", context)


@admin_required
@require_POST
def support_delete(request, service_id):
    service = or_404(access.support_service_for, current_organisation(request), service_id)
    services.support_service_delete(service=service, by=request.user)
    messages.success(request, f"Removed {service.name}.")
    return redirect("connect:support")
