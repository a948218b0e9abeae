"""The database side of the discussion's spam rules (the pure rules are in moderation.py, with spam_words.py
and post_text.py): who is new to a cohort, and holding a post that enough people reported. Called from
services.post_create, post_edit and post_report."""

from attend.programme.models import Post, Thread

# Two people reporting a post hides it from everyone else until a facilitator looks: one person cannot silence
# another, and a post two people find harmful does not stay up through an evening nobody is moderating.
REPORTS_TO_HOLD = 2
HELD_FOR_REPORTS = "Two people in the cohort reported it."


def author_is_new(thread: Thread, author, *, leaving_out: Post | None = None) -> bool:
    """Nothing of theirs is shown in this cohort yet: their first post with a link waits for a facilitator."""
    shown = Post.objects.filter(thread__cohort_id=thread.cohort_id, author=author, status=Post.Status.SHOWN)
    if leaving_out is not None:
        shown = shown.exclude(pk=leaving_out.pk)
    return not shown.exists()


def hold_when_reported_enough(post: Post) -> bool:
    """Hold a shown post once REPORTS_TO_HOLD different people have open reports on it. Its author still sees it
    (as for any held post) and it joins the facilitator's queue; showing or hiding it resolves the reports."""
    if post.status != Post.Status.SHOWN:
        return False
    if post.reports.filter(resolved_at__isnull=True).values("by").distinct().count() < REPORTS_TO_HOLD:
        return False
    updated = Post.objects.filter(pk=post.pk, status=Post.Status.SHOWN).update(
        status=Post.Status.HELD, reasons=[HELD_FOR_REPORTS]
    )
    post.status, post.reasons = Post.Status.HELD, [HELD_FOR_REPORTS]
    return bool(updated)
