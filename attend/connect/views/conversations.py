"""Conversations: arranging one (or a series) with a person, its page with the guide, the shared notes and
the asker's own private note, marking it held or cancelled, and the calendar invitations.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.connect import access, calendar, forms, guides, selectors, services
from attend.connect.models import Conversation
from attend.connect.views.common import pairing_or_404
from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page


def _conversation(request, conversation_id) -> Conversation:
    return or_404(access.conversation_for, request.user, current_organisation(request), conversation_id)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, pairing_id):
    pairing = pairing_or_404(request, pairing_id, leader_only=True)
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
        "support": selectors.support_services(pairing.organisation),
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
