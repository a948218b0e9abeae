"""The library of guided practices, and the player that runs one. A timer runs in the same player
(`render_player`, used by `timers` too)."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_GET

from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page
from attend.organisations.models import Role
from attend.practice import access, selectors
from attend.practice.presenters import library_cards, player_display, practised_this_week
from attend.practice.timing import guided_plan
from attend.practice.views.offline import offline_ready


@login_required
@require_GET
def index(request):
    context = {
        "page_title": "Practice",
        "practices": library_cards(selectors.practices_for(current_organisation(request))),
        "presets": selectors.presets_of(request.user),
        "practised_this_week": practised_this_week(selectors.minutes_this_week(request.user)),
        "can_manage": bool(request.membership and request.membership.has_role(Role.FACILITATOR, Role.ADMIN)),
    }
    return render_page(request, "practice/index.jinja", context)


def render_player(request, *, plan: dict, description: str = "", when: str = "", guided: bool, back: tuple[str, str]):
    """The player page for `plan`, with a back link (`back` is its address and its words)."""
    context = {
        "page_title": plan["title"],
        "plan": plan,
        "guided": guided,
        "description": description,
        "when": when,
        **player_display(plan),
        "back_link": {"href": back[0], "text": back[1]},
    }
    return render_page(request, "practice/player.jinja", context)


@login_required
@require_GET
@offline_ready
def player(request, key):
    practice = or_404(access.practice_for, current_organisation(request), key)
    plan = guided_plan(
        key=practice.key, title=practice.title, length_seconds=practice.length_seconds, cues=practice.cues
    )
    return render_player(
        request,
        plan=plan,
        description=practice.purpose,
        when=practice.when,
        guided=True,
        back=(reverse("practice:index"), "All practices"),
    )
