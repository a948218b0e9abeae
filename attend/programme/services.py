"""Writes for Programme. Callers reach programmes, cohorts, sessions, threads and posts through `access` first.

Reads live in `selectors` (whether a post may still be changed, whether a questionnaire is open, what it asks).
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import counted, weekday_date_time
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.validators import TextChecks, clean_model_text, clean_text
from attend.nudges.services import notification_create, notifications_withdraw
from attend.organisations import services as organisations_services
from attend.organisations.invitations import ToOffer, invitations_offer, invitations_send_waiting
from attend.organisations.models import Invitation
from attend.programme import moderation, moderation_rules, scoring, selectors
from attend.programme.models import (
    Attendance,
    Cohort,
    Material,
    Participant,
    Post,
    PostReport,
    Programme,
    QuestionnaireAssignment,
    QuestionnaireResponse,
    Session,
    Thread,
)

# Reads these writes check. `programme/demo.py` still reaches `assignment_measures` through this module.
from attend.programme.selectors import assignment_is_open, assignment_measures, post_editable


class ProgrammeError(Exception):
    """Something the person can put right, in words to show them."""


# The longest each piece of text may be, as its form says (a TextField has no length of its own).
DESCRIPTION_LENGTH = 3000
MATERIAL_TEXT_LENGTH = 5000
POST_LENGTH = 4000
THREAD_SUFFIX = ": discussion"


def _thread_title(name: str) -> str:
    """A discussion's title from its cohort's or session's name, within the thread's column at any length."""
    room = Thread._meta.get_field("title").max_length - len(THREAD_SUFFIX)
    return f"{name[:room]}{THREAD_SUFFIX}"


def _session_text(*, title: str, place: str, video_link: str, description: str) -> dict:
    checks = TextChecks()
    values = {
        "title": checks.model_text(Session, "title", title),
        "place": checks.model_text(Session, "place", place),
        "video_link": checks.model_text(Session, "video_link", video_link, label="The video link"),
        "description": checks.text(description, field="description", max_length=DESCRIPTION_LENGTH, multiline=True),
    }
    checks.raise_any()
    return values


def _is_https(link: str) -> bool:
    # The scheme is case-insensitive (RFC 3986), so "HTTPS://" is as safe as "https://".
    return link.lower().startswith("https://")


def _audit(*, by, cohort: Cohort | None = None, organisation=None, action: str, target: str) -> None:
    audit_event_record(
        actor=by, organisation=organisation or cohort.programme.organisation, action=action, target=target
    )


@transaction.atomic
def programme_create(*, organisation, by, title: str, description: str = "") -> Programme:
    checks = TextChecks()
    title = checks.model_text(Programme, "title", title)
    description = checks.text(description, field="description", max_length=DESCRIPTION_LENGTH, multiline=True)
    checks.raise_any()
    programme = organisation.programmes.create(title=title, description=description, created_by=by)
    _audit(by=by, organisation=organisation, action=AuditEvent.Action.PROGRAMME_CREATED, target=title)
    return programme


@transaction.atomic
def cohort_create(
    *, programme: Programme, by, name: str, starts_on: datetime.date, ends_on: datetime.date, status: str = ""
) -> Cohort:
    name = clean_model_text(Cohort, "name", name)
    cohort = programme.cohorts.create(
        name=name, starts_on=starts_on, ends_on=ends_on, status=status or Cohort.Status.PLANNED
    )
    Thread.objects.create(cohort=cohort, title=_thread_title(name))
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.COHORT_CREATED, target=f"{programme.title}: {name}")
    return cohort


@transaction.atomic
def cohort_status_set(*, cohort: Cohort, by, status: str) -> Cohort:
    if status not in Cohort.Status.values:
        raise ProgrammeError("Choose planned, running or finished")
    cohort.status = status
    cohort.save(update_fields=["status", "updated_at"])
    _audit(
        by=by,
        cohort=cohort,
        action=AuditEvent.Action.COHORT_CHANGED,
        target=f"{cohort.name}: {cohort.get_status_display().lower()}",
    )
    return cohort


def cohort_thread(cohort: Cohort) -> Thread:
    """The cohort's discussion, started now if it is missing: for loaders and tests that set a cohort up. Pages
    read it with `selectors.cohort_thread`, which never writes (a GET changes nothing)."""
    thread, _ = Thread.objects.get_or_create(
        cohort=cohort, session=None, defaults={"title": f"{cohort.name}: discussion"}
    )
    return thread


def _refuse_once_people_are_final(cohort: Cohort, today: datetime.date | None) -> None:
    """Once the cohort's change is final, no one joins or leaves: removing someone who answered would change the
    report, and the difference would give away their answers. Refusing only them would tell the facilitator who
    answered, so the rule is the same for everyone."""
    if selectors.change_is_final(cohort, today=today):
        raise ProgrammeError(
            f"The evaluation of {cohort.name} has closed and its results are final, so no one can join or leave it now."
        )


@dataclass(frozen=True)
class Invited:
    """What adding a list of addresses did: the same counts whoever the addresses belong to."""

    invited: int = 0  # an invitation goes out now
    waiting: int = 0  # on the waiting list: the cohort is full
    already: int = 0  # already on this cohort's list (invited, waiting, joined or declined)


def _places_taken(cohort: Cohort) -> int:
    """People in the cohort, and invitations out that may still be accepted: each holds a place."""
    outstanding = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).usable().count()
    return cohort.participants.count() + outstanding


@transaction.atomic
def cohort_people_invite(
    *, cohort: Cohort, by, emails: list[str], base_url: str, today: datetime.date | None = None
) -> Invited:
    """Invite each address to the cohort (docs/adr/0020). No one joins until they accept; nothing here reads
    whether an address has an account, so the answer is the same for every address. Invitations beyond the
    cohort's places go on its waiting list, in the order given, behind anyone already waiting."""
    _refuse_once_people_are_final(cohort, today)
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()  # one list changes at a time
    emails = list(dict.fromkeys(email.strip().lower() for email in emails if email.strip()))
    joined = set(cohort.participants.filter(user__email__in=emails).values_list("user__email", flat=True))
    listed = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).filter(email__in=emails)
    open_now = {i.email for i in listed if i.is_usable or i.status in (Invitation.Status.WAITING, "declined")}
    new = [email for email in emails if email not in joined and email not in open_now]
    someone_waiting = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).filter(status="waiting").exists()
    free = None if cohort.capacity is None else max(cohort.capacity - _places_taken(cohort), 0)
    people = []
    for email in new:
        waiting = free is not None and (free <= 0 or someone_waiting)
        if free is not None and not waiting:
            free -= 1
        people.append(ToOffer(email=email, waiting=waiting))
    offered = invitations_offer(
        organisation=cohort.programme.organisation,
        kind=Invitation.Kind.COHORT,
        target_id=cohort.pk,
        people=people,
        by=by,
        base_url=base_url,
        audit_action=AuditEvent.Action.PARTICIPANT_INVITED,
        audit_where=f", {cohort.name}",
    )
    outcomes = [result.outcome for result in offered]
    return Invited(
        invited=outcomes.count("sent"),
        waiting=outcomes.count("waiting"),
        already=len(emails) - outcomes.count("sent") - outcomes.count("waiting"),
    )


@transaction.atomic
def cohort_places_fill(*, cohort: Cohort, base_url: str) -> int:
    """Invite the next people on the waiting list into any free places (the oldest first). Returns how many.

    Called when a place frees (someone declines or is taken off, the cohort gets more places) and by the clock,
    for invitations that ran out unanswered. The next person is invited, not moved in: they have not said yes."""
    # The cohort's row is the lock every change of its places takes, so two places freed at once fill one each.
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    waiting = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).filter(status=Invitation.Status.WAITING)
    if cohort.capacity is not None:
        free = max(cohort.capacity - _places_taken(cohort), 0)
        waiting = waiting.order_by("created_at")[:free]
    chosen = list(waiting.select_related("organisation"))
    if chosen and not selectors.change_is_final(cohort):
        invitations_send_waiting(invitations=chosen, base_url=base_url)
        return len(chosen)
    return 0


@transaction.atomic
def cohort_capacity_set(*, cohort: Cohort, by, capacity: int | None, base_url: str) -> Cohort:
    cohort.capacity = capacity
    cohort.save(update_fields=["capacity", "updated_at"])
    places = "no limit" if capacity is None else counted(capacity, "place")
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.COHORT_CHANGED, target=f"{cohort.name}: {places}")
    cohort_places_fill(cohort=cohort, base_url=base_url)
    return cohort


def cohort_places_job(*, now: datetime.datetime) -> str:
    """The clock's part: invitations that ran out unanswered free their places for the waiting list."""
    ids = set(
        Invitation.objects.filter(kind=Invitation.Kind.COHORT, status=Invitation.Status.WAITING).values_list(
            "target_id", flat=True
        )
    )
    sent = sum(
        cohort_places_fill(cohort=cohort, base_url=settings.SITE_URL)
        for cohort in Cohort.objects.filter(pk__in=ids).select_related("programme")
    )
    return f"Programme: {counted(sent, 'invitation')} sent from waiting lists."


def _taking_part_from(cohort: Cohort, user):
    """The organisation someone takes part from: the cohort's own when they are in it, else the first they are
    active in. Someone in no organisation (a new account made to accept) joins the cohort's organisation with
    no role: they said yes to a cohort it runs."""
    memberships = user.memberships.active().select_related("organisation")
    organisation = cohort.programme.organisation
    chosen = memberships.filter(organisation=organisation).first() or memberships.order_by("created_at").first()
    if chosen is not None:
        return chosen.organisation
    organisations_services.membership_return_by_accepting(organisation=organisation, user=user)
    return organisation


@transaction.atomic
def participant_place(*, cohort: Cohort, user, today: datetime.date | None = None) -> Participant:
    """Give `user` a place in the cohort: only ever because they accepted an invitation (programme/offers.py)."""
    _refuse_once_people_are_final(cohort, today)
    existing = cohort.participants.filter(user=user).first()
    if existing is not None:
        return existing
    place = cohort.participants.create(user=user, organisation=_taking_part_from(cohort, user))
    _audit(by=user, cohort=cohort, action=AuditEvent.Action.PARTICIPANT_ADDED, target=f"{user.name}, {cohort.name}")
    for session in cohort.sessions.filter(starts_at__gt=timezone.now()):
        _tell_about_session(session, place)
    return place


@transaction.atomic
def participant_remove(*, place: Participant, by, today: datetime.date | None = None) -> None:
    """Take someone off a cohort, while its evaluation is still open."""
    cohort = place.cohort
    _refuse_once_people_are_final(cohort, today)
    _audit(
        by=by, cohort=cohort, action=AuditEvent.Action.PARTICIPANT_REMOVED, target=f"{place.user.name}, {cohort.name}"
    )
    place.delete()
    cohort_places_fill(cohort=cohort, base_url=settings.SITE_URL)


def _when(starts_at: datetime.datetime, person) -> str:
    return weekday_date_time(starts_at.astimezone(zoneinfo.ZoneInfo(person.time_zone)))


def _tell_about_session(session: Session, place: Participant) -> None:
    notification_create(
        person=place.user,
        organisation=place.organisation,
        kind="session_reminder",
        title=f"{session.title}: {_when(session.starts_at, place.user)}",
        link=reverse("programme:session", args=[session.pk]),
        expires_at=session.starts_at,
        dedupe_key=_session_key(session),
    )


def _session_key(session: Session) -> str:
    # The time is part of the key: a session moved to a new time is told again.
    return f"programme-session:{session.pk}:{session.starts_at.isoformat()}"


def _refuse_unsafe_video_link(video_link: str) -> None:
    if video_link and not _is_https(video_link):
        raise ProgrammeError("A video link must start with https://")


def _tell_cohort_about_session(session: Session) -> None:
    """Tell everyone in the cohort about a session still to come (nothing for one already started)."""
    if session.starts_at > timezone.now():
        for participant in session.cohort.participants.select_related("user", "organisation"):
            _tell_about_session(session, participant)


@transaction.atomic
def session_schedule(
    *,
    cohort: Cohort,
    by,
    title: str,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    video_link: str = "",
    description: str = "",
) -> Session:
    """Arrange a session, with its discussion; each participant is told once, in their digest, with a link to the
    invitation."""
    text = _session_text(title=title, place=place, video_link=video_link, description=description)
    title = text["title"]
    _refuse_unsafe_video_link(text["video_link"])
    session = cohort.sessions.create(starts_at=starts_at, minutes=minutes, **text)
    Thread.objects.create(cohort=cohort, session=session, title=_thread_title(title))
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.SESSION_SCHEDULED, target=f"{cohort.name}: {title}")
    _tell_cohort_about_session(session)
    return session


@transaction.atomic
def session_change(
    *,
    session: Session,
    by,
    title: str,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    video_link: str = "",
    description: str = "",
) -> Session:
    """Change a session. A new time is news: the old reminder is withdrawn and everyone is told the new one."""
    text = _session_text(title=title, place=place, video_link=video_link, description=description)
    title, place, video_link, description = text["title"], text["place"], text["video_link"], text["description"]
    _refuse_unsafe_video_link(video_link)
    moved = starts_at != session.starts_at
    old_key = _session_key(session)
    session.title, session.starts_at, session.minutes = title, starts_at, minutes
    session.place, session.video_link, session.description = place, video_link, description
    session.save()
    cohort = session.cohort
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.SESSION_CHANGED, target=f"{cohort.name}: {title}")
    if moved:
        notifications_withdraw(dedupe_key=old_key)
        _tell_cohort_about_session(session)
    return session


@transaction.atomic
def material_add(
    *, cohort: Cohort, by, title: str, link: str = "", text: str = "", session: Session | None = None
) -> Material:
    checks = TextChecks()
    title = checks.model_text(Material, "title", title)
    link = checks.model_text(Material, "link", link, label="The link")
    text = checks.text(text, field="text", max_length=MATERIAL_TEXT_LENGTH, multiline=True)
    checks.raise_any()
    if link and not _is_https(link):
        raise ProgrammeError("A link must start with https://")
    if not link and not text:
        raise ProgrammeError("Add a link or some text")
    if session is not None and session.cohort_id != cohort.pk:
        raise ProgrammeError("That session is in another cohort")
    material = cohort.materials.create(session=session, title=title, link=link, text=text)
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.MATERIAL_ADDED, target=f"{cohort.name}: {title}")
    return material


@transaction.atomic
def attendance_record(*, session: Session, by, statuses: dict) -> int:
    """Save attendance for the session: `statuses` maps participant ids to a status. All or nothing:
    an id that is not in the cohort, or an unknown status, changes nothing."""
    places = {str(place.pk): place for place in session.cohort.participants.all()}
    unknown = [key for key in statuses if str(key) not in places]
    if unknown:
        raise ProgrammeError("Someone in that list is not in this cohort")
    if any(status not in Attendance.Status.values for status in statuses.values()):
        raise ProgrammeError("Choose present, sent apologies or absent for each person")
    for key, status in statuses.items():
        Attendance.objects.update_or_create(session=session, participant=places[str(key)], defaults={"status": status})
    _audit(
        by=by,
        cohort=session.cohort,
        action=AuditEvent.Action.ATTENDANCE_RECORDED,
        target=f"{session.cohort.name}: {session.title}",
    )
    return len(statuses)


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


@transaction.atomic
def questionnaire_assign(
    *, cohort: Cohort, by, point: str, opens_on: datetime.date, closes_on: datetime.date, retrospective: bool = False
) -> QuestionnaireAssignment:
    if closes_on < opens_on:
        raise ProgrammeError("The closing date must be on or after the opening date")
    if cohort.assignments.filter(point=point).exists():
        raise ProgrammeError("This cohort already has a questionnaire at that point")
    assignment = cohort.assignments.create(
        point=point, opens_on=opens_on, closes_on=closes_on, retrospective=retrospective
    )
    _audit(
        by=by,
        cohort=cohort,
        action=AuditEvent.Action.QUESTIONNAIRE_ASSIGNED,
        target=f"{cohort.name}: {assignment.get_point_display()}",
    )
    return assignment


@transaction.atomic
def questionnaire_submit(
    *, assignment: QuestionnaireAssignment, place: Participant, answers: dict[str, dict], today=None
) -> list[QuestionnaireResponse]:
    """Save every measure's answers and scores, or nothing. `answers` maps measure keys to {item key: value}."""
    if place.cohort_id != assignment.cohort_id:
        raise ProgrammeError("This questionnaire is for another cohort")
    if not assignment_is_open(assignment, today=today):
        raise ProgrammeError("This questionnaire is not open")
    if place.responses.filter(assignment=assignment).exists():
        raise ProgrammeError("You have already answered this questionnaire. Thank you.")
    scored = []
    for measure in assignment_measures(assignment):
        try:
            score = scoring.score(measure, answers.get(measure.key, {}))
        except scoring.ScoringError as error:
            raise ProgrammeError(str(error)) from error
        scored.append((measure, score))
    return [
        QuestionnaireResponse.objects.create(
            assignment=assignment,
            participant=place,
            measure_key=measure.key,
            answers=answers[measure.key],
            scores={"total": score.total, "subscales": dict(score.subscales)},
        )
        for measure, score in scored
    ]
