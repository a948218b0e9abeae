"""A leader's roster and one pairing's page: how often to talk, talking points and actions (adding, marking
done, changing, deleting). Anyone in the pairing may add points and actions; who may change an action is
`services.action_may_change`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.connect import access, forms, guides, presenters, selectors, services
from attend.connect.models import Action, Conversation, Pairing
from attend.connect.views.common import pairing_or_404
from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page


@login_required
@require_GET
def index(request):
    organisation = current_organisation(request)
    # One read for both lists: the people the person leads, and their own leaders.
    every = selectors.roster_of(request.membership, now=timezone.now()) if organisation else []
    rows = [row for row in every if row.leader_id == request.user.pk]
    context = {
        "page_title": "Connect",
        "roster": rows,
        "a_while": [row for row in rows if row.a_while],
        "with_leaders": [row for row in every if row.leader_id != request.user.pk],
        "pairing_hrefs": presenters.pairing_hrefs([row.pairing_id for row in every]),
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
    return _pairing_page(request, pairing_or_404(request, pairing_id))


@login_required
@require_POST
def pairing_cadence(request, pairing_id):
    pairing = pairing_or_404(request, pairing_id, leader_only=True)
    form = forms.CadenceForm(request.POST)
    if not form.is_valid():
        return _pairing_page(request, pairing, cadence_form=form)
    services.pairing_cadence_set(pairing=pairing, days=int(form.cleaned_data["cadence_days"]))
    messages.success(request, "Saved how often you aim to talk.")
    return redirect("connect:pairing", pairing.pk)


@login_required
@require_POST
def talking_point_add(request, pairing_id):
    pairing = pairing_or_404(request, pairing_id)
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
    pairing = pairing_or_404(request, pairing_id)
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
