"""Setting a timer, starting it as a link that can be bookmarked, and the timers a person saves (presets)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from attend.core.access import or_404
from attend.core.rendering import render_page
from attend.practice import access, forms, selectors, services
from attend.practice.timing import timer_plan
from attend.practice.views.library import render_player
from attend.practice.views.offline import offline_ready


def _timer_page(request, *, form, status=None):
    context = {"page_title": "Timer", "form": form, "presets": selectors.presets_of(request.user)}
    return render_page(request, "practice/timer.jinja", context, forms=[form], status=status)


@login_required
@require_http_methods(["GET", "POST"])
def timer(request):
    """One form, two buttons: start (to the player, as a link that can be bookmarked) or save as a preset."""
    if request.method == "GET":
        return _timer_page(request, form=forms.TimerForm())
    saving = request.POST.get("action") == "save"
    form = (forms.PresetForm if saving else forms.TimerForm)(request.POST)
    if not form.is_valid():
        return _timer_page(request, form=form)
    if not saving:
        return redirect(f"{reverse('practice:timer_start')}?{form.start_query()}")
    preset = services.timer_preset_save(
        person=request.user, name=form.cleaned_data["name"], settings=form.timer_settings()
    )
    messages.success(request, f"Saved “{preset.name}”. It is in your timers.")
    return redirect("practice:timer")


@login_required
@require_GET
@offline_ready
def timer_start(request):
    """The timer as a link, so it can be bookmarked; the server checks it before the player runs."""
    if not request.GET:
        return redirect("practice:timer")
    form = forms.TimerForm(request.GET)
    if not form.is_valid():
        return _timer_page(request, form=form)
    plan = timer_plan(form.timer_settings(), key="timer", title=form.cleaned_data["name"] or "Timer")
    return render_player(request, plan=plan, guided=False, back=(reverse("practice:timer"), "Change the timer"))


@login_required
@require_GET
@offline_ready
def preset_player(request, preset_id):
    preset = or_404(access.preset_of_person, request.user, preset_id)
    plan = timer_plan(preset.timer_settings(), key=f"preset:{preset.pk}", title=preset.name)
    return render_player(request, plan=plan, guided=False, back=(reverse("practice:timer"), "Timer"))


@login_required
@require_http_methods(["GET", "POST"])
def preset_edit(request, preset_id):
    preset = or_404(access.preset_of_person, request.user, preset_id)
    if request.method == "POST":
        form = forms.PresetForm(request.POST)
        if form.is_valid():
            services.timer_preset_save(
                person=request.user, preset=preset, name=form.cleaned_data["name"], settings=form.timer_settings()
            )
            messages.success(request, f"Saved “{preset.name}”.")
            return redirect("practice:timer")
    else:
        form = forms.PresetForm(initial=forms.TimerForm.initial_from(preset.timer_settings(), name=preset.name))
    context = {
        "page_title": f"Change “{preset.name}”",
        "form": form,
        "preset": preset,
        "back_link": {"href": reverse("practice:timer")},
    }
    return render_page(request, "practice/preset_edit.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def preset_delete(request, preset_id):
    preset = or_404(access.preset_of_person, request.user, preset_id)
    if request.method == "POST":
        services.timer_preset_delete(preset=preset)
        messages.success(request, f"Deleted “{preset.name}”.")
        return redirect("practice:timer")
    context = {
        "page_title": f"Delete “{preset.name}”?",
        "preset": preset,
        "back_link": {"href": reverse("practice:timer")},
    }
    return render_page(request, "practice/preset_delete.jinja", context)
