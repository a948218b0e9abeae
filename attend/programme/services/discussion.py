"""The discussion: posts, the spam rules they go through, reports and moderation."""

import datetime

from django.db import transaction
from django.utils import timezone

from attend.core.formatting import counted
from attend.core.models import AuditEvent
from attend.core.validators import clean_model_text, clean_text
from attend.programme import moderation, moderation_rules
from attend.programme.models import (
    Post,
    PostReport,
    Thread,
)
from attend.programme.selectors import post_editable
from attend.programme.services.common import (
    POST_LENGTH,
    ProgrammeError,
    _audit,
)

# How far back a person's own posts count for the repeat and rate rules.
RECENT_POSTS = datetime.timedelta(days=7)


def _recent_posts(author, *, now: datetime.datetime, leaving_out: Post | None = None) -> tuple:
    posts = author.programme_posts.filter(created_at__gte=now - RECENT_POSTS).order_by("-created_at")
    if leaving_out is not None:
        posts = posts.exclude(pk=leaving_out.pk)
    return tuple(
        moderation.RecentPost(text=text, posted_at=at, thread_key=str(thread))
        for text, at, thread in posts.values_list("text", "created_at", "thread")[:200]
    )


def _thread_words(thread: Thread) -> str:
    """What the thread is about beyond its title, so an on-topic post is not taken for an unrelated advert."""
    parts = [thread.cohort.programme.title, thread.cohort.programme.description]
    if thread.session_id:
        parts += [thread.session.title, thread.session.description]
    parts += list(
        thread.posts.filter(status=Post.Status.SHOWN).order_by("-created_at").values_list("text", flat=True)[:20]
    )
    return "\n".join(part for part in parts if part)


def _decide(thread: Thread, author, text: str, now, *, leaving_out: Post | None = None) -> "moderation.Decision":
    return moderation.check_post(
        moderation.PostCheck(
            text=text,
            thread_title=thread.title,
            now=now,
            thread_words=_thread_words(thread),
            thread_key=str(thread.pk),
            recent_posts=_recent_posts(author, now=now, leaving_out=leaving_out),
            author_is_new=moderation_rules.author_is_new(thread, author, leaving_out=leaving_out),
        )
    )


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return counted(seconds, "second")
    return counted(round(seconds / 60), "minute")


@transaction.atomic
def post_create(*, thread: Thread, author, text: str, parent: Post | None = None, now=None) -> Post:
    """Post in a thread. Too many posts too quickly: ProgrammeError, nothing saved. Caught by the spam rules:
    the post is held, seen only by its author and the facilitators until a facilitator looks at it."""
    text = clean_text(text, field="text", label="Your post", max_length=POST_LENGTH, multiline=True)
    at_given_time = now is not None
    now = now or timezone.now()
    if parent is not None and parent.thread_id != thread.pk:
        raise ProgrammeError("You can only reply to a post in the same discussion")
    if parent is not None and parent.status != Post.Status.SHOWN:
        # A reply would show to everyone under a post they cannot see (held) or that a facilitator took down.
        raise ProgrammeError("You can reply to this post once a facilitator has shown it to everyone.")
    times = list(
        author.programme_posts.filter(created_at__gt=now - datetime.timedelta(hours=1)).values_list(
            "created_at", flat=True
        )
    )
    allowed = moderation.rate_limit(times, now)
    if not allowed.allowed:
        raise ProgrammeError(
            f"You have posted a lot in a short time. You can post again in {_wait_words(allowed.retry_after_seconds)}."
        )
    decision = _decide(thread, author, text, now)
    status = Post.Status.HELD if decision.held else Post.Status.SHOWN
    post = thread.posts.create(author=author, parent=parent, text=text, status=status, reasons=list(decision.reasons))
    if at_given_time:  # a given clock (the demo's, a test's): the post is dated by it
        Post.objects.filter(pk=post.pk).update(created_at=now)
        post.created_at = now
    return post


@transaction.atomic
def post_edit(*, post: Post, by, text: str, now=None) -> Post:
    """The author changes their post within 15 minutes. The change goes through the same spam rules."""
    text = clean_text(text, field="text", label="Your post", max_length=POST_LENGTH, multiline=True)
    now = now or timezone.now()
    if post.author_id != by.pk:
        raise ProgrammeError("You can only change your own posts")
    if not post_editable(post, now=now):
        raise ProgrammeError("You can change a post for 15 minutes after you post it. That time has passed.")
    decision = _decide(post.thread, by, text, now, leaving_out=post)
    post.text = text
    post.edited_at = now
    if decision.held:
        post.status, post.reasons = Post.Status.HELD, list(decision.reasons)
    post.save(update_fields=["text", "edited_at", "status", "reasons", "updated_at"])
    return post


def post_report(*, post: Post, by, reason: str) -> PostReport:
    reason = clean_model_text(PostReport, "reason", reason, label="The reason")
    report, _ = PostReport.objects.update_or_create(post=post, by=by, defaults={"reason": reason, "resolved_at": None})
    moderation_rules.hold_when_reported_enough(post)
    return report


def _moderate(*, post: Post, by, status: str, action: str) -> Post:
    post.status = status
    post.save(update_fields=["status", "updated_at"])
    post.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    cohort = post.thread.cohort
    _audit(by=by, cohort=cohort, action=action, target=f"{cohort.name}: a post by {post.author.name}")
    return post


@transaction.atomic
def post_hide(*, post: Post, by) -> Post:
    return _moderate(post=post, by=by, status=Post.Status.HIDDEN, action=AuditEvent.Action.POST_HIDDEN)


@transaction.atomic
def post_restore(*, post: Post, by) -> Post:
    """Show a held or hidden post: a facilitator has looked at it and it is fine."""
    return _moderate(post=post, by=by, status=Post.Status.SHOWN, action=AuditEvent.Action.POST_RESTORED)
