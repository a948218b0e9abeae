"""What Programme's pages show: display values built from models."""

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import clock, counted, long_date, weekday_date_time
from attend.core.presenters import TodayPanel
from attend.organisations.presenters import InvitationPresenter
from attend.programme import access, measures, post_text, selectors
from attend.programme.models import Post, Session


def when(moment: datetime.datetime) -> str:
    """Tuesday 1 December 2026, 09:30, in the current time zone."""
    return weekday_date_time(timezone.localtime(moment), year=True)


def session_when(session: Session) -> str:
    """Tuesday 1 December 2026, 09:30 to 11:30"""
    end = timezone.localtime(session.starts_at + datetime.timedelta(minutes=session.minutes))
    return f"{when(session.starts_at)} to {clock(end)}"


def people_count(number: int) -> str:
    """1 person, 3 people"""
    return counted(number, "person", "people")


def cohort_count(number: int) -> str:
    """1 cohort, 2 cohorts"""
    return counted(number, "cohort")


def reflection_count(number: int) -> str:
    """1 reflection, 2 reflections"""
    return counted(number, "reflection")


@dataclass
class PostView:
    post: Post
    segments: list
    author: str
    posted: str
    is_own: bool
    can_edit: bool
    tag: str  # "" when shown
    replies: list["PostView"] = field(default_factory=list)


def _post_view(post: Post, user, now) -> PostView:
    tag = "" if post.status == Post.Status.SHOWN else post.get_status_display()
    return PostView(
        post=post,
        segments=post_text.safe_links(post.text),
        author=post.author.name,
        posted=when(post.created_at) + (" (edited)" if post.edited_at else ""),
        is_own=post.author_id == user.pk,
        can_edit=post.author_id == user.pk and selectors.post_editable(post, now=now),
        tag=tag,
    )


def post_views(posts, user) -> list[PostView]:
    """Top-level posts in order, each with its replies under it (one level: a reply to a reply joins them)."""
    now = timezone.now()
    posts = list(posts)
    views = {post.pk: _post_view(post, user, now) for post in posts}
    top = []
    for post in posts:
        parent = post.parent_id
        while parent is not None and parent in views and views[parent].post.parent_id is not None:
            parent = views[parent].post.parent_id
        if parent is not None and parent in views:
            views[parent].replies.append(views[post.pk])
        elif parent is None:
            top.append(views[post.pk])
    return top


@dataclass(frozen=True)
class OwnResult:
    title: str
    citation: str | None
    higher_means: str
    scores: list[tuple[str, str]]  # (point title, score)
    change: str  # "" when there is nothing to compare


def _number(value) -> str:
    return "" if value is None else f"{value:.1f}"


def _own_change(difference: float) -> str:
    size = f"{abs(difference):.1f}"
    if float(size) == 0:
        return "Your score stayed about the same from the start to the end."
    return f"Your score {'rose' if difference > 0 else 'fell'} by {size} points from the start to the end."


def own_results(responses) -> list[OwnResult]:
    """The participant's own scores at each point, and their own change from start to end."""
    by_measure: dict[str, dict[str, float]] = {}
    for response in responses:
        by_measure.setdefault(response.measure_key, {})[response.assignment.point] = response.scores.get("total")
    results = []
    for key, points in by_measure.items():
        try:
            measure = measures.measure(key)
        except measures.MeasureNotFound:
            continue
        scores = [(measures.POINT_TITLES[p], _number(points[p])) for p in measures.POINTS if points.get(p) is not None]
        change = ""
        if points.get("start") is not None and points.get("end") is not None:
            change = _own_change(points["end"] - points["start"])
        results.append(
            OwnResult(
                title=measure.title,
                citation=measure.citation,
                higher_means=measure.higher_means,
                scores=scores,
                change=change,
            )
        )
    return results


def today_panels(request) -> list[TodayPanel]:
    """Programme's panels on Today (see attend.core.presenters.MODULE_PANELS): a participant's next session and
    open questionnaires; a facilitator's posts waiting for them."""
    if not request.user.is_authenticated:
        return []
    panels = []
    now = timezone.now()
    # One query: the panel costs the same for one cohort or twenty (issue 21).
    for place in selectors.today_places(request.user, now=now, today=timezone.localdate()):
        parts = []
        if place.next_starts_at is not None:
            parts.append(f"Next session: {place.next_title}, {when(place.next_starts_at)}.")
        if place.questionnaire_open:
            parts.append("A questionnaire is open for you.")
        if parts:
            panels.append(
                TodayPanel(
                    heading=place.programme_title,
                    description=" ".join(parts),
                    href=reverse("programme:cohort", args=[place.cohort_id]),
                )
            )
    running = list(access.facilitated_cohorts(request.membership).exclude(status="finished"))
    sizes = selectors.queue_sizes(running) if running else {}  # no query to build for the many who facilitate none
    for cohort in running:
        count = sizes.get(cohort.pk, 0)
        if count:
            panels.append(
                TodayPanel(
                    heading=f"{cohort.programme.title}: {cohort.name}",
                    description=f"{counted(count, 'post is', 'posts are')} waiting for you to look at.",
                    href=reverse("programme:moderation", args=[cohort.pk]),
                )
            )
    return panels


@dataclass(frozen=True)
class CohortPeople:
    """The cohort's people page: who has joined (name and organisation: they said yes), and every other address
    invited with its status. Nothing about an account behind an address that has not joined."""

    joined: list
    invited: list
    capacity: int | None

    @property
    def summary(self) -> str:
        counts = Counter(row.status for row in self.invited)
        parts = [f"{len(self.joined)} joined"]
        parts += [
            f"{counts[status]} {status.lower()}" for status in ("Invited", "Waiting list", "Declined") if counts[status]
        ]
        places = "No limit on places" if self.capacity is None else counted(self.capacity, "place")
        return f"{places}: {', '.join(parts)}."


def cohort_people(cohort) -> CohortPeople:
    return CohortPeople(
        joined=list(selectors.participants_of(cohort)),
        invited=[InvitationPresenter(invitation) for invitation in selectors.cohort_invitations(cohort)],
        capacity=cohort.capacity,
    )


def invited_summary(result) -> str:
    """What adding addresses did, in the same words whoever the addresses belong to."""
    parts = []
    if result.invited:
        verb = "is on its way" if result.invited == 1 else "are on their way"
        parts.append(f"{counted(result.invited, 'invitation')} {verb}.")
    if result.waiting:
        verb = "is" if result.waiting == 1 else "are"
        parts.append(f"{counted(result.waiting, 'person', 'people')} {verb} on the waiting list: the cohort is full.")
    if result.already:
        verb = "was" if result.already == 1 else "were"
        parts.append(f"{counted(result.already, 'address', 'addresses')} {verb} already on the list.")
    return " ".join(parts)


# What a participant's own answer reads as on the session page.
REPLY_LABELS = {
    "attending": "You said you will come.",
    "not_attending": "You said you cannot come.",
    "maybe": "You said you might come.",
}


def reply_label(answer: str) -> str:
    return REPLY_LABELS.get(answer, "")


@dataclass(frozen=True)
class ReplyRow:
    label: str
    count: str
    names: str


def session_replies(replies: selectors.Replies) -> list[ReplyRow]:
    """The facilitator's list: one row per answer, with how many and who, and who has not answered."""
    rows = [
        ReplyRow(label=label, count=people_count(replies.count(answer)), names=", ".join(replies.names[answer]))
        for answer, label in (("attending", "Coming"), ("maybe", "Maybe"), ("not_attending", "Not coming"))
    ]
    rows.append(
        ReplyRow(label="Not answered yet", count=people_count(len(replies.waiting)), names=", ".join(replies.waiting))
    )
    return rows


@dataclass(frozen=True)
class CpdSessionRow:
    title: str
    date: str
    hours: str


@dataclass(frozen=True)
class CpdView:
    record: selectors.CpdRecord
    dates: str
    sessions: list[CpdSessionRow]
    total_hours: str
    reflections: str


def hours(minutes: int) -> str:
    """Hours as CPD records count them: 1.5 hours, 2 hours."""
    value = minutes / 60
    number = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{number} hour" if number == "1" else f"{number} hours"


def cpd_view(record: selectors.CpdRecord, *, time_zone: str) -> CpdView:
    zone = zoneinfo.ZoneInfo(time_zone)
    return CpdView(
        record=record,
        dates=f"{long_date(record.starts_on)} to {long_date(record.ends_on)}",
        sessions=[
            CpdSessionRow(
                title=s.title, date=long_date(timezone.localtime(s.starts_at, zone).date()), hours=hours(s.minutes)
            )
            for s in record.sessions
        ],
        total_hours=hours(record.minutes),
        reflections=reflection_count(record.reflections),
    )
