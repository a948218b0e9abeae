"""Writes for Connect. Callers reach pairings, conversations, points and actions through `access` first."""

import datetime
import uuid
import zoneinfo
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attend.connect import access, guides, quarters
from attend.connect.models import (
    Action,
    Conversation,
    Pairing,
    PrivateNote,
    QuarterFigure,
    SupportService,
    TalkingPoint,
    WellbeingPlan,
)
from attend.core.formatting import weekday_date_time
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.validators import TextChecks, clean_model_text, clean_text
from attend.nudges.services import notification_create, notifications_withdraw
from attend.organisations.models import Organisation, Role, Team, TeamMembership

PLAN_REVIEW = datetime.timedelta(days=365)
# The longest text each piece may hold, as its form says (they are kept encrypted, so no column says it).
SHARED_LENGTH = NOTE_LENGTH = 5000
POINT_LENGTH = ACTION_LENGTH = 300
PLAN_SECTION_LENGTH = 3000


def pairings_for_teams_ensure(*, teams) -> int:
    """A pairing between each active leader and each active member of `teams` (co-leaders lead together: they are
    not led). Organisations calls this whenever team places change (`organisations/hooks.py`), so opening
    Connect never writes. Returns how many pairings were new; existing ones are left as they are."""
    places = TeamMembership.objects.filter(team__in=teams, membership__is_active=True).values_list(
        "team_id", "role", "membership__user_id", "membership__organisation_id"
    )
    teams_found: dict = defaultdict(lambda: {Role.LEADER: set(), Role.MEMBER: set()})
    for team_id, role, user_id, organisation_id in places:
        teams_found[(organisation_id, team_id)][role].add(user_id)
    wanted = {
        (organisation_id, leader_id, person_id)
        for (organisation_id, _), roles in teams_found.items()
        for leader_id in roles[Role.LEADER]
        for person_id in roles[Role.MEMBER]
        if leader_id != person_id
    }
    existing = set(
        Pairing.objects.filter(organisation_id__in={key[0] for key in wanted}, leader_id__in={key[1] for key in wanted})
        .values_list("organisation_id", "leader_id", "person_id")
        .iterator()
    )
    new = [
        Pairing(organisation_id=organisation_id, leader_id=leader_id, person_id=person_id)
        for organisation_id, leader_id, person_id in wanted - existing
    ]
    # ignore_conflicts: a pairing made at the same moment by another request is the same pairing.
    Pairing.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)


def pairings_ensure(*, membership) -> None:
    """A pairing between `membership` and each person they lead, and each leader who leads them (for people
    whose team places were written without the organisations services: tests and the demo)."""
    pairs = [(membership, led) for led in access.led_memberships(membership)]
    pairs += [(leader, membership) for leader in access.leading_memberships(membership)]
    for leader, person in pairs:
        Pairing.objects.get_or_create(organisation=membership.organisation, leader=leader.user, person=person.user)


def pairing_cadence_set(*, pairing: Pairing, days: int) -> Pairing:
    pairing.cadence_days = days
    pairing.save(update_fields=["cadence_days", "updated_at"])
    return pairing


def series_starts(starts_at: datetime.datetime, *, every_weeks: int, times: int, time_zone: str) -> list:
    """Each start of a series at the same wall-clock time in `time_zone`, across changes to and from summer time."""
    zone = zoneinfo.ZoneInfo(time_zone)
    local = starts_at.astimezone(zone).replace(tzinfo=None)
    return [
        (local + datetime.timedelta(weeks=every_weeks * n)).replace(tzinfo=zone).astimezone(datetime.UTC)
        for n in range(times)
    ]


@transaction.atomic
def conversation_schedule(
    *,
    pairing: Pairing,
    kind: str,
    starts_at: datetime.datetime,
    minutes: int,
    place: str,
    held: bool = False,
    every_weeks: int | None = None,
    times: int = 1,
) -> Conversation:
    """Arrange a conversation (the person is told), or record one that has already happened (no one is).
    With `every_weeks`, arrange a series of `times` conversations that far apart, told once; returns the first."""
    place = clean_model_text(Conversation, "place", place)
    status = Conversation.Status.HELD if held else Conversation.Status.PLANNED
    if held or not every_weeks or times < 2:
        conversation = pairing.conversations.create(
            kind=kind, starts_at=starts_at, minutes=minutes, place=place, status=status
        )
    else:
        series = uuid.uuid4()
        starts = series_starts(starts_at, every_weeks=every_weeks, times=times, time_zone=pairing.leader.time_zone)
        Conversation.objects.bulk_create(
            Conversation(
                pairing=pairing,
                kind=kind,
                starts_at=start,
                minutes=minutes,
                place=place,
                status=status,
                series=series,
                every_weeks=every_weeks,
            )
            for start in starts
        )
        conversation = pairing.conversations.get(series=series, starts_at=starts[0])
    if held:
        return conversation
    local = starts_at.astimezone(zoneinfo.ZoneInfo(pairing.person.time_zone))
    repeat = f", then {guides.every_weeks_words(every_weeks)}" if conversation.series else ""
    notification_create(
        person=pairing.person,
        organisation=pairing.organisation,
        kind="conversation_reminder",
        title=f"{pairing.leader.name} has arranged a conversation with you: {weekday_date_time(local)}{repeat}",
        link=reverse("connect:conversation", args=[conversation.pk]),
        expires_at=starts_at,
        dedupe_key=f"conversation-planned:{conversation.pk}",
    )
    return conversation


def conversation_shared_save(*, conversation: Conversation, summary: str, plan: str) -> Conversation:
    checks = TextChecks()
    summary = checks.text(summary, field="summary", max_length=SHARED_LENGTH, multiline=True)
    plan = checks.text(plan, field="plan", max_length=SHARED_LENGTH, multiline=True)
    checks.raise_any()
    conversation.shared = {"summary": summary, "plan": plan}
    conversation.save(update_fields=["shared", "updated_at"])
    return conversation


def conversation_status_set(*, conversation: Conversation, status: str) -> Conversation:
    conversation.status = status
    conversation.save(update_fields=["status", "updated_at"])
    if status == Conversation.Status.CANCELLED:
        # The arrangement is off: it leaves the person's Today and any digest still to come.
        notifications_withdraw(dedupe_key=f"conversation-planned:{conversation.pk}")
    return conversation


def private_note_save(*, conversation: Conversation, author, text: str) -> PrivateNote:
    text = clean_text(text, field="text", label="The note", max_length=NOTE_LENGTH, multiline=True)
    note, _ = PrivateNote.objects.update_or_create(
        conversation=conversation, author=author, defaults={"content": {"text": text}}
    )
    return note


def talking_point_add(*, pairing: Pairing, by, text: str) -> TalkingPoint:
    text = clean_text(text, field="text", label="The talking point", max_length=POINT_LENGTH)
    return pairing.talking_points.create(added_by=by, content={"text": text})


def talking_point_done(*, point: TalkingPoint, done: bool = True) -> TalkingPoint:
    point.done_at = timezone.now() if done else None
    point.save(update_fields=["done_at", "updated_at"])
    return point


def _check_due(due_on: datetime.date | None, *, today: datetime.date, kept: datetime.date | None = None) -> None:
    """A due date is today or later when it is set; an overdue one may stay as it was (`kept`) when the action's
    words or owner change, so editing an overdue action does not force a new date on it."""
    if due_on is not None and due_on < today and due_on != kept:
        raise ValidationError({"due_on": guides.PAST_DUE})


def action_add(
    *, pairing: Pairing, owner, text: str, due_on: datetime.date | None, by=None, conversation=None, today=None
) -> Action:
    text = clean_text(text, field="text", label="The action", max_length=ACTION_LENGTH)
    _check_due(due_on, today=today or timezone.localdate())
    return pairing.actions.create(
        owner=owner, added_by=by, content={"text": text}, due_on=due_on, conversation=conversation
    )


def action_may_change(action: Action, user) -> bool:
    """Only its author changes or deletes an action; one written before authors were kept, the leader."""
    author_id = action.added_by_id or action.pairing.leader_id
    return author_id == user.pk


def action_may_mark(action: Action, user) -> bool:
    """Its author, or the person it is for, marks it done or not done."""
    return action_may_change(action, user) or action.owner_id == user.pk


def action_edit(*, action: Action, by, owner, text: str, due_on: datetime.date | None, today=None) -> Action:
    if not action_may_change(action, by):
        raise PermissionDenied("Only the person who added an action can change it")
    text = clean_text(text, field="text", label="The action", max_length=ACTION_LENGTH)
    _check_due(due_on, today=today or timezone.localdate(), kept=action.due_on)
    action.owner, action.content, action.due_on = owner, {"text": text}, due_on
    action.save(update_fields=["owner", "content", "due_on", "updated_at"])
    return action


def action_done(*, action: Action, done: bool = True, by=None) -> Action:
    if by is not None and not action_may_mark(action, by):
        raise PermissionDenied("Only the person who added an action, or the person it is for, can mark it")
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at", "updated_at"])
    return action


def action_delete(*, action: Action, by) -> None:
    if not action_may_change(action, by):
        raise PermissionDenied("Only the person who added an action can delete it")
    action.delete()


def wellbeing_plan_save(
    *,
    person,
    organisation,
    sections: dict[str, str],
    shared_sections: list[str],
    shared_with: list,
    review_on: datetime.date,
) -> WellbeingPlan:
    """Save the person's plan. What they tick is shared with the leaders named when they saved it, and no
    one else: a new leader sees nothing until the person saves their plan again."""
    checks = TextChecks()
    sections = {
        str(key): checks.text(text, field=str(key), max_length=PLAN_SECTION_LENGTH, multiline=True)
        for key, text in sections.items()
    }
    checks.raise_any()
    plan, _ = WellbeingPlan.objects.update_or_create(
        person=person,
        organisation=organisation,
        defaults={
            "sections": sections,
            "shared_sections": sorted(shared_sections),
            "shared_with": sorted(str(leader.pk) for leader in shared_with),
            "review_on": review_on,
        },
    )
    return plan


@transaction.atomic
def support_service_save(
    *, organisation, by, name: str, description: str, contact: str, service=None
) -> SupportService:
    checks = TextChecks()
    name = checks.model_text(SupportService, "name", name)
    description = checks.model_text(SupportService, "description", description)
    contact = checks.model_text(SupportService, "contact", contact)
    checks.raise_any()
    is_new = service is None
    service = service or SupportService(organisation=organisation)
    service.name, service.description, service.contact = name, description, contact
    service.save()
    action = AuditEvent.Action.SUPPORT_SERVICE_ADDED if is_new else AuditEvent.Action.SUPPORT_SERVICE_CHANGED
    audit_event_record(actor=by, organisation=organisation, action=action, target=name)
    return service


@transaction.atomic
def support_service_delete(*, service: SupportService, by) -> None:
    audit_event_record(
        actor=by,
        organisation=service.organisation,
        action=AuditEvent.Action.SUPPORT_SERVICE_REMOVED,
        target=service.name,
    )
    service.delete()


def quarter_figures_job(*, now: datetime.datetime) -> str:
    """For each organisation, once the quarter has ended, count per team how many of its people had a conversation
    held in it. Counted once and never again (docs/adr/0023): a person leaving or joining later cannot change a
    figure, so comparing figures cannot single them out. Safe to run twice."""
    start, end = quarters.last_whole_quarter(timezone.localdate(now))
    done = QuarterFigure.objects.filter(quarter_start=start).values("organisation")
    counted = 0
    for organisation_id in Organisation.objects.exclude(pk__in=done).values_list("pk", flat=True):
        counted += _quarter_figures_count(organisation_id, start=start, end=end)
    return f"Connect: counted {counted} teams for the quarter from {start}."


def _quarter_figures_count(organisation_id, *, start: datetime.date, end: datetime.date) -> int:
    """Two reads and one write for an organisation, whatever its size."""
    # Everyone counted in one team only, the one they joined first: were someone counted in two teams, two teams
    # differing by one person would tell on that person.
    home: dict = {}
    for user_id, team_id in (
        TeamMembership.objects.filter(
            team__organisation_id=organisation_id, role=Role.MEMBER, membership__is_active=True
        )
        .order_by("created_at", "team_id")
        .values_list("membership__user_id", "team_id")
    ):
        home.setdefault(user_id, team_id)
    had = set(
        Conversation.objects.filter(
            pairing__organisation_id=organisation_id,
            status=Conversation.Status.HELD,
            starts_at__date__gte=start,
            starts_at__date__lt=end,
        ).values_list("pairing__person_id", flat=True)
    )
    people: dict = defaultdict(int)
    talked: dict = defaultdict(int)
    for user_id, team_id in home.items():
        people[team_id] += 1
        talked[team_id] += user_id in had
    teams = Team.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    QuarterFigure.objects.bulk_create(
        [
            QuarterFigure(
                organisation_id=organisation_id,
                team_id=team_id,
                quarter_start=start,
                people=people[team_id],
                talked=talked[team_id],
            )
            for team_id in teams
        ],
        ignore_conflicts=True,  # a second run at the same moment counted the same
    )
    return len(teams)
