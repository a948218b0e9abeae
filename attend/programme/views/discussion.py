"""Discussion and moderation: everyone in a cohort posts, replies, changes their own post for a short while and
reports a post; the facilitator looks at held and reported posts, hides them or shows them again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import or_404
from attend.core.rendering import posted, render_page
from attend.programme import access, forms, presenters, selectors, services
from attend.programme.post_text import safe_links
from attend.programme.views.common import cohort_back_link, facilitator_required


def _at_post(post):
    """Back to the discussion, at the post."""
    return redirect(f"{reverse('programme:thread', args=[post.thread_id])}#post-{post.pk}")


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
            else cohort_back_link(view.cohort)
        ),
    }
    return render_page(request, "programme/thread.jinja", context, forms=[form])


def _say_posted(request, post) -> None:
    if post.status == post.Status.HELD:
        messages.info(
            request,
            "Your post is held for a facilitator to look at. Until then, only you and the facilitators can see it.",
        )
    else:
        messages.success(request, "Posted.")


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, thread_id):
    thread, view = or_404(access.thread_for, request.user, request.membership, thread_id)
    if request.method == "GET":
        return _thread_page(request, thread, view)
    form = forms.PostForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_create(thread=thread, author=request.user, text=form.cleaned_data["text"])
        except services.ProgrammeError as error:
            form.add_error("text", str(error))
        else:
            _say_posted(request, post)
            return _at_post(post)
    return _thread_page(request, thread, view, form=form)


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
    parent = or_404(access.post_to_reply_to, request.user, request.membership, post_id)
    form = forms.PostForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.post_create(
                thread=parent.thread, author=request.user, text=form.cleaned_data["text"], parent=parent
            )
        except services.ProgrammeError as error:
            form.add_error("text", str(error))
        else:
            _say_posted(request, reply)
            return _at_post(reply)
    return _post_form_page(
        request, parent, template="programme/post_reply.jinja", title=f"Reply to {parent.author.name}", form=form
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, post_id):
    post = or_404(access.own_post, request.user, request.membership, post_id)
    form = forms.PostForm(posted(request), initial={"text": post.text})
    if not selectors.post_editable(post):
        messages.info(request, "You can change a post for 15 minutes after you post it. That time has passed.")
        return redirect("programme:thread", post.thread_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, by=request.user, text=form.cleaned_data["text"])
        except services.ProgrammeError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Your post is changed.")
            return _at_post(post)
    return _post_form_page(request, post, template="programme/post_edit.jinja", title="Change your post", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def post_report(request, post_id):
    post = or_404(access.post_to_report, request.user, request.membership, post_id)
    form = forms.PostReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.post_report(post=post, by=request.user, reason=form.reason_text())
        messages.success(request, "Thank you. A facilitator will look at the post.")
        return redirect("programme:thread", post.thread_id)
    return _post_form_page(request, post, template="programme/post_report.jinja", title="Report a post", form=form)


# ---- Moderation (facilitators) ----


@facilitator_required
@require_GET
def moderation(request, cohort_id):
    cohort = or_404(access.cohort_for_facilitator, request.membership, cohort_id)
    context = {
        "page_title": "Posts to look at",
        "cohort": cohort,
        "queue": [(post, safe_links(post.text)) for post in selectors.moderation_queue(cohort)],
        "back_link": cohort_back_link(cohort),
    }
    return render_page(request, "programme/moderation.jinja", context)


def _after_moderation(request, post):
    if request.POST.get("next") == "moderation":
        return redirect("programme:moderation", post.thread.cohort_id)
    return _at_post(post)


@facilitator_required
@require_POST
def post_hide(request, post_id):
    post = or_404(access.post_for_moderation, request.membership, post_id)
    services.post_hide(post=post, by=request.user)
    messages.success(request, "The post is hidden. Only facilitators can see it now.")
    return _after_moderation(request, post)


@facilitator_required
@require_POST
def post_restore(request, post_id):
    post = or_404(access.post_for_moderation, request.membership, post_id)
    services.post_restore(post=post, by=request.user)
    messages.success(request, "The post is shown to everyone in the cohort.")
    return _after_moderation(request, post)
