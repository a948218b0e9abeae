"""Reads for Programme's pages. Who may reach what is decided in `access.py`; these take what access returned.

Nothing here returns one participant's answers or scores to anyone but that participant: the report reads
scores only as anonymous pairs of numbers (see `paired_totals`).
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from attend.core.anonymity import is_reportable
from attend.core.prepared import PreparedRead
from attend.organisations.models import Invitation
from attend.practice.models import PracticeSession
from attend.programme import access, measures
from attend.programme.models import (
    Attendance,
    Cohort,
    Participant,
    Point,
    Post,
    QuestionnaireAssignment,
    QuestionnaireResponse,
    Session,
    SessionReply,
    Thread,
)
from attend.reflect.models import JournalEntry
from attend.reflect.selectors import saved_count_between

# How long after posting its author may still change a post.
EDIT_WINDOW = datetime.timedelta(minutes=15)


def programme_places_exist(user) -> bool:
    """Whether the person has a place on any cohort (the header then offers Programme)."""
    return access.places_of(user).exists()


def end_questionnaire_closes_on(cohort: Cohort) -> datetime.date | None:
    """When the last end-of-programme questionnaire closes (None when none is set): the cohort's change is
    final, and may be shown, only after it."""
    return cohort.assignments.filter(point=Point.END).aggregate(last=Max("closes_on"))["last"]


def is_final(end_closes_on: datetime.date | None, *, today: datetime.date | None = None) -> bool:
    return end_closes_on is not None and end_closes_on < (today or timezone.localdate())


def change_is_final(cohort: Cohort, *, today: datetime.date | None = None) -> bool:
    return is_final(end_questionnaire_closes_on(cohort), today=today)


def cohorts_of(user) -> list[Participant]:
    return list(access.places_of(user).order_by("-cohort__starts_on"))


def cohorts_of_programme(programme):
    return programme.cohorts.annotate(people=Count("participants"))


def participants_of(cohort: Cohort):
    """For the cohort's facilitators: names and organisations, nothing they answered."""
    return cohort.participants.select_related("user", "organisation")


def cohort_invitations(cohort: Cohort):
    """For the cohort's facilitators: each address invited and not joined, with its status (waiting list first,
    then newest). An address is all they see until the person accepts."""
    return (
        Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk)
        .exclude(status=Invitation.Status.ACCEPTED)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def session_in_cohort(cohort: Cohort, session_id) -> Session:
    try:
        return cohort.sessions.get(pk=session_id)
    except Session.DoesNotExist:
        raise Cohort.DoesNotExist


def sessions_split(cohort: Cohort, *, now: datetime.datetime) -> tuple[list[Session], list[Session]]:
    sessions = list(cohort.sessions.all())
    return [s for s in sessions if s.starts_at >= now], [s for s in sessions if s.starts_at < now]


def materials_of(cohort: Cohort, session: Session | None = None):
    materials = cohort.materials.select_related("session")
    return materials.filter(session=session) if session else materials


def cohort_thread(cohort: Cohort) -> Thread | None:
    """The cohort's own discussion (not a session's). `services.cohort_create` starts it with the cohort, so
    None only for a cohort made some other way: the page then offers no discussion, and reading it writes nothing."""
    return cohort.threads.filter(session=None).first()


def session_thread(session: Session) -> Thread | None:
    """The session's discussion, started with the session by `services.session_schedule` (None otherwise)."""
    return Thread.objects.filter(session=session).first()


def post_editable(post: Post, *, now: datetime.datetime | None = None) -> bool:
    """Whether its author may still change the post: within EDIT_WINDOW of posting, unless a facilitator hid it."""
    now = now or timezone.now()
    return post.status != Post.Status.HIDDEN and now - post.created_at <= EDIT_WINDOW


def attendance_of(session: Session) -> dict[str, str]:
    """Participant id to status, for the facilitator's form."""
    return {str(pid): status for pid, status in session.attendances.values_list("participant_id", "status")}


# What a reply says the register should start from; "maybe" leaves the person unmarked.
REGISTER_FROM_REPLY = {
    SessionReply.Answer.ATTENDING: Attendance.Status.PRESENT,
    SessionReply.Answer.NOT_ATTENDING: Attendance.Status.APOLOGIES,
}


def register_start(session: Session) -> dict[str, str]:
    """The register as the facilitator first sees it: what people said they would do, then what has been
    recorded over it. Still theirs to change."""
    replies = session.replies.values_list("participant_id", "answer")
    start = {str(pid): REGISTER_FROM_REPLY[answer] for pid, answer in replies if answer in REGISTER_FROM_REPLY}
    return start | attendance_of(session)


def own_reply(session: Session, place) -> str:
    """The participant's own answer ("" for none). Nobody else's: a participant never sees others' replies."""
    if place is None:
        return ""
    return session.replies.filter(participant=place).values_list("answer", flat=True).first() or ""


@dataclass(frozen=True)
class Replies:
    """For the session's facilitator: how many gave each answer, and who (participants of a cohort are known
    to its facilitator). `waiting` are those who have not answered."""

    names: dict[str, list[str]]
    waiting: list[str]

    def count(self, answer: str) -> int:
        return len(self.names.get(answer, []))


def session_replies(session: Session) -> Replies:
    answers = dict(session.replies.values_list("participant_id", "answer"))
    names: dict[str, list[str]] = {answer: [] for answer in SessionReply.Answer.values}
    waiting = []
    for pid, name in session.cohort.participants.values_list("pk", "user__name"):
        if pid in answers:
            names[answers[pid]].append(name)
        else:
            waiting.append(name)
    return Replies(names=names, waiting=waiting)


@dataclass(frozen=True)
class AttendedSession:
    title: str
    starts_at: datetime.datetime
    minutes: int


@dataclass(frozen=True)
class CpdRecord:
    """A participant's own record of the programme, for a revalidation portfolio. Reflections are a count only:
    what they wrote stays in Reflect."""

    name: str
    programme: str
    cohort: str
    starts_on: datetime.date
    ends_on: datetime.date
    sessions: list[AttendedSession]
    reflections: int

    @property
    def minutes(self) -> int:
        return sum(session.minutes for session in self.sessions)


def cpd_record(place, *, now: datetime.datetime | None = None) -> CpdRecord:
    """What `place` (the participant's own, from `access.place_in`) attended, and how many reflections they saved
    during the programme's dates (up to now)."""
    cohort = place.cohort
    attended = (
        place.attendances.filter(status=Attendance.Status.PRESENT, session__cancelled_at__isnull=True)
        .select_related("session")
        .order_by("session__starts_at")
    )
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(cohort.starts_on, datetime.time.min, tzinfo=zone)
    end = min(
        now, datetime.datetime.combine(cohort.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    )
    return CpdRecord(
        name=place.user.name,
        programme=cohort.programme.title,
        cohort=cohort.name,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        sessions=[AttendedSession(a.session.title, a.session.starts_at, a.session.minutes) for a in attended],
        reflections=saved_count_between(place.user, start, end) if end > start else 0,
    )


def moderation_queue(cohort: Cohort) -> list[Post]:
    """Held posts and posts with an open report, oldest first."""
    return list(
        Post.objects.filter(thread__cohort=cohort)
        .filter(Q(status=Post.Status.HELD) | Q(reports__resolved_at__isnull=True, reports__isnull=False))
        .select_related("author", "thread")
        .prefetch_related("reports")
        .distinct()
        .order_by("created_at")
    )


def queue_size(cohort: Cohort) -> int:
    return len(moderation_queue(cohort))


def open_assignments(place: Participant, *, today: datetime.date) -> list:
    """Questionnaires open now that this participant has not answered."""
    answered = place.responses.values("assignment")
    return list(place.cohort.assignments.filter(opens_on__lte=today, closes_on__gte=today).exclude(pk__in=answered))


@dataclass(frozen=True)
class TodayPlace:
    pk: object
    cohort_id: object
    programme_title: str
    next_title: str | None
    next_starts_at: datetime.datetime | None
    questionnaire_open: bool


def _today_places_query(*, user, now: datetime.datetime, today: datetime.date):
    upcoming = Session.objects.filter(
        cohort=OuterRef("cohort"), starts_at__gte=now, cancelled_at__isnull=True
    ).order_by("starts_at", "pk")
    answered = QuestionnaireResponse.objects.filter(assignment=OuterRef("pk"), participant=OuterRef(OuterRef("pk")))
    unanswered = QuestionnaireAssignment.objects.filter(
        cohort=OuterRef("cohort"), opens_on__lte=today, closes_on__gte=today
    ).exclude(Exists(answered))
    return (
        access.places_of(user)
        .annotate(
            next_title=Subquery(upcoming.values("title")[:1]),
            next_starts_at=Subquery(upcoming.values("starts_at")[:1]),
            questionnaire_open=Exists(unanswered),
        )
        .order_by("-cohort__starts_on")
        .values("pk", "cohort_id", "cohort__programme__title", "next_title", "next_starts_at", "questionnaire_open")
    )


# Built once: its three sub-selects cost the ORM 2.4 ms to build, the database 0.1 ms to answer (core/prepared.py).
_today_places = PreparedRead(
    _today_places_query,
    Participant,
    user=Participant._meta.get_field("user"),
    now=Session._meta.get_field("starts_at"),
    today=QuestionnaireAssignment._meta.get_field("opens_on"),
)


def today_places(user, *, now: datetime.datetime, today: datetime.date) -> list[TodayPlace]:
    """The person's places (newest cohort first), each with its cohort's next session (`next_title`,
    `next_starts_at`: cancelled ones are not next) and whether a questionnaire is open that this place has not
    answered (`questionnaire_open`): one query however many cohorts, where `next_sessions` and
    `places_with_open_assignments` read three (Today, issue 21)."""
    return [
        TodayPlace(
            pk=row["pk"],
            cohort_id=row["cohort_id"],
            programme_title=row["cohort__programme__title"],
            next_title=row["next_title"],
            next_starts_at=row["next_starts_at"],
            questionnaire_open=bool(row["questionnaire_open"]),
        )
        for row in _today_places(user=user.pk, now=now, today=today)
    ]


def queue_sizes(cohorts) -> dict:
    """How many posts wait in each cohort's moderation queue (by cohort id), as `queue_size` counts, in one query."""
    rows = (
        Post.objects.filter(thread__cohort__in=cohorts)
        .filter(Q(status=Post.Status.HELD) | Q(reports__resolved_at__isnull=True, reports__isnull=False))
        .values("thread__cohort")
        .annotate(count=Count("pk", distinct=True))
    )
    return {row["thread__cohort"]: row["count"] for row in rows}


def has_answered(place: Participant, assignment) -> bool:
    return place.responses.filter(assignment=assignment).exists()


def assignment_measures(assignment: QuestionnaireAssignment) -> list:
    """The measures asked at the assignment's point; the "looking back" versions only when the facilitator
    chose to ask for them."""
    asked = measures.measures_for_point(assignment.point)
    return [measure for measure in asked if assignment.retrospective or not measure.is_retrospective]


def assignment_is_open(assignment: QuestionnaireAssignment, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return assignment.opens_on <= today <= assignment.closes_on


# ---- Aggregates for reports: counts and anonymous pairs only ----


@dataclass(frozen=True)
class AttendanceCount:
    session: Session
    present: int
    apologies: int
    absent: int


def attendance_counts(cohort: Cohort) -> list[AttendanceCount]:
    rows = {}
    for session_id, status, count in (
        Attendance.objects.filter(session__cohort=cohort)
        .values_list("session", "status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        rows.setdefault(session_id, Counter())[status] = count
    return [
        AttendanceCount(
            session=session,
            present=rows.get(session.pk, {}).get(Attendance.Status.PRESENT, 0),
            apologies=rows.get(session.pk, {}).get(Attendance.Status.APOLOGIES, 0),
            absent=rows.get(session.pk, {}).get(Attendance.Status.ABSENT, 0),
        )
        for session in cohort.sessions.all()
    ]


def _totals(cohort: Cohort, point: str) -> dict[tuple[str, str], float]:
    """(participant id, measure key) to total score at `point`. Stays inside this module: it is keyed by
    participant only to pair each person's before and after, and the pairing drops the key."""
    responses = QuestionnaireResponse.objects.filter(assignment__cohort=cohort, assignment__point=point)
    return {(str(r.participant_id), r.measure_key): r.scores.get("total") for r in responses}


def paired_totals(cohort: Cohort, *, before_point: str, after_point: str) -> dict[str, list[tuple[float, float]]]:
    """For each measure, (before, after) totals of the people who answered both: numbers without names,
    in no particular order of person."""
    before, after = _totals(cohort, before_point), _totals(cohort, after_point)
    pairs: dict[str, list[tuple[float, float]]] = {}
    for (participant, key), first in sorted(before.items(), key=lambda item: item[0][1]):
        second = after.get((participant, key))
        if first is not None and second is not None:
            pairs.setdefault(key, []).append((first, second))
    for values in pairs.values():
        values.sort()  # drop the order people were stored in
    return pairs


def retrospective_pairs(cohort: Cohort, *, then_keys: dict[str, str]) -> dict[str, list[tuple[float, float]]]:
    """At the end: each measure's retrospective "then" total against its "now" total, per person who gave both.
    `then_keys` maps a retrospective measure key to the key of the measure it looks back on."""
    end = _totals(cohort, Point.END)
    pairs: dict[str, list[tuple[float, float]]] = {}
    for (participant, key), then in end.items():
        now_key = then_keys.get(key)
        now = end.get((participant, now_key)) if now_key else None
        if then is not None and now is not None:
            pairs.setdefault(now_key, []).append((then, now))
    for values in pairs.values():
        values.sort()
    return pairs


def responded_counts(cohort: Cohort) -> dict[str, int]:
    """How many people answered at each point."""
    rows = (
        QuestionnaireResponse.objects.filter(assignment__cohort=cohort)
        .values_list("assignment__point")
        .annotate(people=Count("participant", distinct=True))
        .order_by()
    )
    return dict(rows)


@dataclass(frozen=True)
class CohortActivity:
    people: int
    practice_minutes: int
    reflections: int


def cohort_activity(cohort: Cohort, *, now: datetime.datetime | None = None) -> CohortActivity | None:
    """Practice minutes and saved reflections of the whole cohort during the programme, as totals only; None
    when the cohort has fewer people than the minimum group size, as a small total could point at someone."""
    users = list(cohort.participants.values_list("user", flat=True))
    if not is_reportable(len(users)):
        return None
    now = now or timezone.now()
    start = datetime.datetime.combine(cohort.starts_on, datetime.time.min, tzinfo=datetime.UTC)
    end = min(now, datetime.datetime.combine(cohort.ends_on, datetime.time.max, tzinfo=datetime.UTC))
    seconds = (
        PracticeSession.objects.filter(person__in=users)
        .started_between(start, end)
        .aggregate(total=Sum("actual_seconds"))["total"]
    )
    reflections = JournalEntry.objects.saved().filter(author__in=users, created_at__gte=start, created_at__lt=end)
    return CohortActivity(
        people=len(users), practice_minutes=round((seconds or 0) / 60), reflections=reflections.count()
    )
