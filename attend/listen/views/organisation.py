"""The organisation's pages: teams by theme (an admin's every team, a leader's own teams, each against the whole
organisation), and for admins only its CSV, anonymity thresholds and the organisation's own questions. A question of
another organisation is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import current_organisation, or_404
from attend.core.rendering import posted, render_page
from attend.listen import access, figures_text, forms, selectors, services, tables
from attend.listen import heatmap as teams_by_theme
from attend.listen.views.leader import listen_user_required
from attend.listen.views.shared import back_to_listen, csv_response
from attend.organisations.permissions import admin_required

# Team rows on a page of the heatmap: each row pools its sub-teams, so a page's work is bounded, not the trust's.
TEAMS_PER_PAGE = 50


def _heatmap(request, *, paged: bool):
    """The organisation and every team for an admin (one part of the organisation, one page of rows at a time on
    the page, every row in the CSV); the organisation and the teams they lead for a leader."""
    organisation = current_organisation(request)
    is_admin = access.is_admin(request.membership)
    tree = teams_by_theme.heatmap_tree(organisation)
    parts = [teams_by_theme.shown_team(team) for depth, team in tree if depth == 0 and is_admin]
    form = forms.QuarterForm(request.GET or None, quarters=teams_by_theme.quarters(organisation), parts=parts)
    chosen = form.cleaned_data if form.is_valid() else {}
    quarter = chosen.get("quarter") or None
    thresholds = selectors.thresholds_of(organisation)
    team_ids = None if is_admin else access.led_team_ids(request.membership)
    rows_of, page = None, None
    if is_admin:
        part = chosen.get("part") or None
        listed = teams_by_theme.tree_part(tree, part) if part else tree
        if paged:
            page = Paginator(listed, TEAMS_PER_PAGE).get_page(request.GET.get("page"))
            listed = list(page)
        rows_of = {team.pk for _, team in listed}
    themes, rows = teams_by_theme.heatmap(
        organisation, thresholds=thresholds, quarter=quarter, team_ids=team_ids, rows_of=rows_of, tree=tree
    )
    return form, quarter, thresholds, themes, rows, page


@login_required
@require_GET
@listen_user_required
def heatmap(request):
    form, quarter, thresholds, themes, rows, page = _heatmap(request, paged=True)
    previous = teams_by_theme.previous_quarter(quarter) if quarter else None
    context = {
        "page_title": "Teams by theme",
        "form": form,
        "quarter": quarter,
        "previous": previous,
        "themes": themes,
        "heatmap_table": tables.heatmap_table(themes, rows, previous=previous),
        "not_enough": tables.NOT_ENOUGH,
        "is_admin": access.is_admin(request.membership),
        "thresholds": thresholds,
        "page": page,
        "query": request.GET.copy(),
        "back_link": back_to_listen(),
    }
    return render_page(request, "listen/heatmap.jinja", context)


@admin_required
@require_GET
def heatmap_csv(request):
    _, quarter, _, themes, rows, _ = _heatmap(request, paged=False)
    titles_and_scores = [(row.title if row.team is None else row.team.path, row.scores) for row in rows]
    csv_rows = figures_text.heatmap_csv_rows(titles_and_scores, theme_keys=[t.key for t in themes])
    return csv_response(csv_rows, f"listen-heatmap-{(quarter or 'all').replace(' ', '-')}.csv")


@admin_required
@require_http_methods(["GET", "POST"])
def settings(request):
    organisation = current_organisation(request)
    thresholds = selectors.thresholds_of(organisation)
    initial = {"figure_threshold": str(thresholds.figures), "comment_threshold": str(thresholds.comments)}
    form = forms.ListenSettingsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["thresholds"]
        services.listen_settings_update(
            organisation=organisation,
            by=request.user,
            figure_threshold=chosen.figures,
            comment_threshold=chosen.comments,
        )
        messages.success(request, "Thresholds saved.")
        return redirect("listen:settings")
    context = {"page_title": "Anonymity thresholds", "form": form, "back_link": back_to_listen()}
    return render_page(request, "listen/settings.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def items(request):
    organisation = current_organisation(request)
    form = forms.OrganisationItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.listen_item_add(organisation=organisation, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Question added. New rounds for every team will ask it.")
        return redirect("listen:items")
    context = {
        "page_title": "Your organisation's questions",
        "form": form,
        "items": selectors.organisation_items(organisation),
        "back_link": back_to_listen(),
    }
    return render_page(request, "listen/items.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def item_edit(request, listen_item_id):
    item = or_404(access.organisation_item_for, current_organisation(request), listen_item_id)
    form = forms.OrganisationItemForm(posted(request), initial={"text": item.text})
    if request.method == "POST" and form.is_valid():
        services.listen_item_edit(item=item, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Question changed. Rounds already open keep asking it in the new words.")
        return redirect("listen:items")
    context = {
        "page_title": "Change a question",
        "form": form,
        "item": item,
        "back_link": {"href": reverse("listen:items"), "text": "Your organisation's questions"},
    }
    return render_page(request, "listen/item_edit.jinja", context, forms=[form])


@admin_required
@require_POST
def item_archive(request, listen_item_id):
    item = or_404(access.organisation_item_for, current_organisation(request), listen_item_id)
    services.listen_item_archive(item=item, by=request.user, archived=not item.is_archived)
    messages.success(request, "Question archived." if item.is_archived else "Question back in use.")
    return redirect("listen:items")
