"""The organisation admin's pages: teams by theme (and its CSV), anonymity thresholds, the organisation's own
questions. Each is `admin_required`; a question of another organisation is a 404."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page
from attend.listen import access, forms, presenters, results, selectors, services
from attend.listen.views.shared import back_to_listen, csv_response, posted
from attend.organisations.permissions import admin_required


def _heatmap(request):
    organisation = current_organisation(request)
    form = forms.QuarterForm(request.GET or None, quarters=selectors.quarters(organisation))
    quarter = (form.cleaned_data["quarter"] or None) if form.is_valid() else None
    thresholds = selectors.thresholds_of(organisation)
    themes, rows = selectors.heatmap(organisation, thresholds=thresholds, quarter=quarter)
    return form, quarter, thresholds, themes, rows


@admin_required
@require_GET
def heatmap(request):
    form, quarter, thresholds, themes, rows = _heatmap(request)
    context = {
        "page_title": "Teams by theme",
        "form": form,
        "quarter": quarter,
        "themes": themes,
        "heatmap_table": presenters.heatmap_table(themes, rows),
        "thresholds": thresholds,
        "back_link": back_to_listen(),
    }
    return render_page(request, "listen/heatmap.jinja", context)


@admin_required
@require_GET
def heatmap_csv(request):
    _, quarter, _, themes, rows = _heatmap(request)
    scores = {(row.team.pk, t.key): value for row in rows for t, value in zip(themes, row.scores, strict=True)}
    csv_rows = results.heatmap_csv_rows(
        scores, teams={row.team.pk: row.team.path for row in rows}, theme_keys=[t.key for t in themes]
    )
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
