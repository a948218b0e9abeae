"""Grow an organisation into a realistic trust, deterministically from a seed (issue 21).

Used by `bench/scale.py` (SMALL and LARGE trusts for the page benchmark and the load run) and by the query
growth test (`attend/tests/test_query_growth.py`, two tiny sizes). Invented people and words only.

What it writes, and how:
- teams in a tree (divisions, services, wards), each with a leader; people spread over the wards;
- Connect's pairings through the same hook the organisations services call when team places change, then held
  conversations (bulk, encrypted by the model field like every conversation);
- journal entries (bulk, with the prompts of Reflect's built-in templates; the content is encrypted by Reflect's
  field); leaders keep a year of practice sessions;
- a busy diary for the leaders in focus through Diary's own import (a generated .ics);
- monthly pulse rounds: rounds, single-use invitations and answers are written in bulk (40-60% answer), then every
  round's answers go through Listen's own sealing (`services.sealing.seal_ready_batches`) and past rounds through
  `pulse_round_close`, so sealed batches (and anything Listen keeps up to date when a batch seals) are exactly as
  answering one by one would leave them;
- programmes and cohorts through Programme's services, their places and sessions in bulk.

`grow` is additive: called again with another `offset`, it adds as much again (new teams and people, and the
people in focus get another `months` of history, further back), which is how the growth test doubles the data.
"""

import datetime
import random
import uuid
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from attend.accounts.models import User
from attend.connect import guides
from attend.connect.models import Conversation, Pairing
from attend.demo.organisations import FIRST_NAMES, LAST_NAMES
from attend.listen import selectors as listen_selectors
from attend.listen import services as listen_services
from attend.listen.models import Cadence, Invitation, InviteMethod, PulseRound, Response, new_token
from attend.listen.services import rounds as listen_rounds
from attend.listen.services import sealing as listen_sealing
from attend.organisations.hooks import team_places_changed
from attend.organisations.models import Membership, Role, Team, TeamMembership
from attend.practice.models import PracticeSession
from attend.programme import services as programme_services
from attend.programme.models import Participant, Session
from attend.reflect.content import BUILT_IN_KEYS
from attend.reflect.models import JournalEntry
from attend.reflect.selectors import template_named
from attend.reflect.services import _prompt_snapshot, journal_tags_keep

PASSWORD = "attend-scale"
# A big ward, as a real trust has: the leader in focus leads up to this many more people each time it grows.
MOST_IN_FOCUS_TEAM = 60
TEMPLATE = "monthly-pulse"
WORDS = (
    "handover",
    "rota",
    "visit",
    "family",
    "ward",
    "round",
    "break",
    "shift",
    "team",
    "plan",
    "training",
    "caseload",
    "audit",
    "escalation",
    "kindness",
    "support",
    "learning",
    "pressure",
    "staffing",
    "feedback",
    "patient",
    "safety",
    "supervision",
    "time",
    "listening",
)
FEELINGS = ["calm", "tired", "hopeful", "anxious", "proud", "frustrated", "grateful", "overwhelmed"]


@dataclass(frozen=True)
class Size:
    people: int
    teams: int
    months: int


# Enough people a ward (about 18) that most rounds seal a batch or two, as a real ward's do.
TINY = Size(people=80, teams=6, months=2)
SMALL = Size(people=400, teams=30, months=6)
LARGE = Size(people=8000, teams=600, months=24)
PRESETS = {"tiny": TINY, "small": SMALL, "large": LARGE}


@dataclass
class Focus:
    """The people the pages are opened as: their own data grows with the size too."""

    leader: Membership
    member: Membership
    facilitator: Membership
    org_admin: Membership


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, min(day.day, 28))


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


class _Grower:
    def __init__(self, *, organisation, size: Size, seed: int, focus: Focus | None, offset: int, diaries: int):
        self.organisation = organisation
        self.size = size
        self.rng = random.Random(seed)
        self.seed = seed
        self.focus = focus
        self.offset = offset  # how many months further back this call's history starts
        self.diaries = diaries
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.counts: dict[str, int] = {}

    # Teams and people

    def teams(self) -> list[Team]:
        divisions = max(1, self.size.teams // 50)
        services = max(1, self.size.teams // 8)
        wards = max(1, self.size.teams - divisions - services)
        tag = f"{self.seed}"
        made = Team.objects.bulk_create(
            [Team(organisation=self.organisation, name=f"Division {tag}-{n + 1}") for n in range(divisions)]
        )
        service_teams = Team.objects.bulk_create(
            [
                Team(organisation=self.organisation, name=f"Service {tag}-{n + 1}", parent=made[n % divisions])
                for n in range(services)
            ]
        )
        ward_teams = Team.objects.bulk_create(
            [
                Team(organisation=self.organisation, name=f"Ward {tag}-{n + 1}", parent=service_teams[n % services])
                for n in range(wards)
            ]
        )
        self.counts["teams"] = divisions + services + wards
        self.wards = ward_teams
        return [*made, *service_teams, *ward_teams]

    def people(self, teams: list[Team]) -> None:
        password = make_password(PASSWORD)
        slug = self.organisation.slug or "trust"
        users = [
            User(
                email=f"p{self.seed}.{n}@{slug}.scale.example",
                name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]}",
                password=password,
            )
            for n in range(self.size.people)
        ]
        User.objects.bulk_create(users, batch_size=500)
        memberships = Membership.objects.bulk_create(
            [Membership(organisation=self.organisation, user=user) for user in users], batch_size=500
        )
        # A leader for every team, the rest spread over the wards.
        places = []
        leaders = memberships[: len(teams)]
        for team, leader in zip(teams, leaders, strict=False):
            places.append(TeamMembership(team=team, membership=leader, role=Role.LEADER))
        for n, membership in enumerate(memberships[len(teams) :]):
            places.append(TeamMembership(team=self.wards[n % len(self.wards)], membership=membership))
        if self.focus:  # the leader in focus leads more people as the trust grows
            team = self.focus.leader.teams_led().first()
            extra = memberships[len(teams) : len(teams) + min(MOST_IN_FOCUS_TEAM, max(12, self.size.people // 8))]
            places += [TeamMembership(team=team, membership=membership) for membership in extra]
            teams = [*teams, team]
        TeamMembership.objects.bulk_create(places, batch_size=500)
        # Everyone has worked here over a year: nobody joined just before a round (ADR 0018).
        TeamMembership.objects.filter(membership__in=memberships).update(
            created_at=self.now - datetime.timedelta(days=400 + 31 * self.offset)
        )
        self.leaders = [leader.user for leader in leaders]
        self.users = users
        self.counts["people"] = len(users)
        team_places_changed(teams=teams)

    # Reflect, Practice, Connect, Diary

    def _entry(self, author, day: datetime.date, n: int) -> JournalEntry:
        key = BUILT_IN_KEYS[n % len(BUILT_IN_KEYS)]
        template = template_named(self.organisation, key)
        words = " ".join(self.rng.choice(WORDS) for _ in range(40))
        prompts = _prompt_snapshot(template)
        content = {
            "title": f"{self.rng.choice(WORDS).capitalize()} on {day:%d %B}",
            "answers": {prompt["key"]: {"text": words} for prompt in prompts if prompt["kind"] == "text"},
            "emotions": [{"moment": "now", "word": self.rng.choice(FEELINGS), "family": "", "intensity": 2}],
            "tags": [self.rng.choice(WORDS)],
            "prompts": prompts,
        }
        return JournalEntry(author=author, template_key=key, event_date=day, is_draft=n % 17 == 0, content=content)

    def _days(self, per_month: int) -> list[datetime.date]:
        """`per_month` days a month over this call's months, newest first."""
        start = self.offset * 30
        return [
            self.today - datetime.timedelta(days=start + day)
            for day in range(self.size.months * 30)
            if self.rng.random() < per_month / 30
        ]

    def reflect(self) -> None:
        authors = self._authors()
        entries = [self._entry(author, day, n) for author in authors for n, day in enumerate(self._days(4))]
        JournalEntry.objects.bulk_create(entries, batch_size=500)
        tags: dict = {}
        for entry in entries:
            tags.setdefault(entry.author, set()).update(entry.content["tags"])
        for author, used in tags.items():  # the tag list Reflect's services keep as entries are saved
            journal_tags_keep(author=author, added=sorted(used))
        self.counts["journal entries"] = len(entries)

    def _authors(self) -> list:
        # Leaders reflect; so do the people in focus (their pages are the ones measured).
        authors = self.leaders[: max(1, len(self.leaders) // 2)]
        if self.focus:
            authors += [self.focus.leader.user, self.focus.member.user]
        return authors

    def practice(self) -> None:
        sessions = []
        for person in self._authors():
            months = min(self.size.months, 12)  # a year of practice
            for day in self._days(10)[: months * 10]:
                started = _aware(day, 7 + self.rng.randrange(12))
                seconds = self.rng.choice([180, 300, 600, 1200])
                sessions.append(
                    PracticeSession(
                        person=person,
                        organisation=self.organisation,
                        client_id=uuid.UUID(int=self.rng.getrandbits(128)),
                        kind="guided" if seconds < 600 else "timer",
                        practice_key="breathing-space" if seconds < 600 else "timer",
                        title="Three-step breathing space" if seconds < 600 else "Timer",
                        started_at=started,
                        planned_seconds=seconds,
                        planned_end_at=started + datetime.timedelta(seconds=seconds),
                        actual_seconds=seconds,
                        ended=True,
                        completed=True,
                    )
                )
        PracticeSession.objects.bulk_create(sessions, batch_size=500)
        self.counts["practice sessions"] = len(sessions)

    def connect(self) -> None:
        leaders = {user.pk for user in self.leaders}
        if self.focus:
            leaders.add(self.focus.leader.user_id)
        pairings = Pairing.objects.filter(organisation=self.organisation, leader_id__in=leaders)
        conversations = []
        for pairing in pairings.iterator():
            for month in range(0, self.size.months, 2):  # every other month, held
                starts = _aware(self.today - datetime.timedelta(days=30 * (self.offset + month) + 3), 10)
                conversations.append(
                    Conversation(
                        pairing=pairing,
                        kind=guides.ONE_TO_ONE if month % 4 else guides.WELLBEING,
                        starts_at=starts,
                        status=Conversation.Status.HELD,
                        shared={"summary": "We talked about the rota and training.", "plan": "Check in again."},
                    )
                )
        Conversation.objects.bulk_create(conversations, batch_size=500)
        self.counts["conversations"] = len(conversations)

    def diary(self) -> None:
        from attend.demo.sample_calendar import OWNER_EMAIL, busy_manager_calendar
        from attend.diary import services as diary_services
        from attend.diary.models import DiaryCalendar

        owners = self.leaders[: self.diaries]
        if self.focus:
            owners = [self.focus.leader.user, *owners]
        events = 0
        for owner in owners:
            zone = zoneinfo.ZoneInfo(owner.time_zone)
            monday = self.today - datetime.timedelta(days=self.today.weekday() + 7 * 4 * self.offset)
            weeks = max(4, min(52, self.size.months * 4))
            data = busy_manager_calendar(
                start=monday - datetime.timedelta(weeks=weeks - 4), weeks=weeks, zone=str(zone)
            ).replace(OWNER_EMAIL.encode(), owner.email.encode())
            calendar = diary_services.diary_calendar_create(
                owner=owner, source=DiaryCalendar.Source.UPLOAD, name=f"Work calendar {self.seed}"
            )
            done = diary_services.diary_import_start(calendar=calendar, data=data, file_name="work.ics", run_now=True)
            events += done.events_total
        self.counts["diary events"] = events

    # Listen

    def listen(self, teams: list[Team]) -> None:
        thresholds = listen_selectors.thresholds_of(self.organisation)
        item_keys = listen_rounds.round_item_keys(self.organisation, TEMPLATE)
        asked = self._asked(teams)
        rounds, invitations, responses = [], [], []
        for team in teams:
            invited = asked.get(team.pk, 0)
            if not invited:
                continue
            level = self.rng.uniform(2.6, 4.2)
            for month in range(self.size.months):
                months_ago = self.offset + month + 1
                opens_on = _months_before(self.today, months_ago) if months_ago else self.today
                pulse_round = PulseRound(
                    organisation=self.organisation,
                    team=team,
                    template_key=TEMPLATE,
                    item_keys=item_keys,
                    opens_on=opens_on,
                    closes_on=opens_on + datetime.timedelta(days=13),
                    cadence=Cadence.MONTHLY,
                    invite=InviteMethod.EMAIL,
                    batch_size=thresholds.batch_size,
                    comment_threshold=thresholds.comments,
                    invited=invited,
                    next_round_created=True,
                )
                rounds.append(pulse_round)
                answered = round(invited * self.rng.uniform(0.4, 0.6))
                invitations += [
                    Invitation(round=pulse_round, token_hash=Invitation.hash(new_token()), used=n < answered)
                    for n in range(invited)
                ]
                level = min(5.0, max(1.5, level + self.rng.uniform(-0.15, 0.2)))
                responses += [self._response(pulse_round, item_keys, level, opens_on) for _ in range(answered)]
        PulseRound.objects.bulk_create(rounds, batch_size=500)
        Invitation.objects.bulk_create(invitations, batch_size=1000)
        Response.objects.bulk_create(responses, batch_size=1000)
        # Listen's own sealing, round by round, then its closing (which never counts a remainder).
        for pulse_round in rounds:
            with transaction.atomic():
                listen_sealing.seal_ready_batches(pulse_round, today=pulse_round.closes_on)
            listen_services.pulse_round_close(pulse_round=pulse_round, by=None)
        self.counts["pulse rounds"] = len(rounds)
        self.counts["pulse answers"] = len(responses)
        self.counts["item answers"] = len(responses) * len(item_keys)

    def _asked(self, teams) -> dict:
        leaders = TeamMembership.objects.filter(team__in=teams, role=Role.LEADER).values("membership_id")
        asked: dict = {}
        rows = TeamMembership.objects.filter(team__in=teams, role=Role.MEMBER).exclude(membership_id__in=leaders)
        for team_id in rows.values_list("team_id", flat=True):
            asked[team_id] = asked.get(team_id, 0) + 1
        return asked

    def _response(self, pulse_round, item_keys, level: float, day: datetime.date) -> Response:
        answers = {key: max(1, min(5, round(self.rng.gauss(level, 0.8)))) for key in item_keys}
        comment = None
        if self.rng.random() < 0.15:
            comment = f"More {self.rng.choice(WORDS)} and less {self.rng.choice(WORDS)}, please."
        return Response(round=pulse_round, answered_on=day, answers=answers, comment=comment)

    # Programme

    def programme(self) -> None:
        facilitator = self.focus.facilitator.user if self.focus else None
        programme = programme_services.programme_create(
            organisation=self.organisation, by=facilitator, title=f"Compassionate leadership {self.seed}"
        )
        cohorts = max(1, self.size.people // 1600) if not self.focus else max(1, self.size.months // 2)
        people = self.leaders or self.users
        places, sessions = [], []
        for n in range(cohorts):
            starts_on = self.today - datetime.timedelta(days=14 + 30 * self.offset)
            cohort = programme_services.cohort_create(
                programme=programme,
                by=facilitator,
                name=f"Cohort {self.seed}-{n + 1}",
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=120),
                status="running",
            )
            chosen = self.rng.sample(people, min(len(people), 16))
            if self.focus and n == 0:
                chosen = [self.focus.leader.user, *[user for user in chosen if user != self.focus.leader.user]]
            places += [Participant(cohort=cohort, user=user, organisation=self.organisation) for user in chosen]
            sessions += [
                Session(
                    cohort=cohort,
                    title=f"Session {week + 1}",
                    starts_at=_aware(starts_on + datetime.timedelta(weeks=2 * week), 13),
                    place="Education centre",
                )
                for week in range(6)
            ]
        Participant.objects.bulk_create(places, batch_size=500)
        Session.objects.bulk_create(sessions, batch_size=500)
        self.counts["cohorts"] = cohorts
        self.counts["cohort places"] = len(places)


def grow(
    *, organisation, size: Size, seed: int = 1, focus: Focus | None = None, offset: int = 0, diaries: int = 0
) -> dict[str, int]:
    """Add `size` to `organisation` (see the module docstring). Returns how many of each thing were written.
    `diaries` more leaders (beyond the leader in focus) get a busy diary through Diary's import."""
    grower = _Grower(organisation=organisation, size=size, seed=seed, focus=focus, offset=offset, diaries=diaries)
    with transaction.atomic():
        teams = grower.teams()
        grower.people(teams)
        grower.reflect()
        grower.practice()
        grower.connect()
        grower.programme()
    grower.diary()
    listen_teams = list(grower.wards)
    if focus:
        listen_teams.append(focus.leader.teams_led().first())
    grower.listen(listen_teams)
    return grower.counts


# The people the benchmark signs in as, one per role of the role-by-URL table (attend/tests/roles.py).
SIGN_INS = {
    "org_admin": "admin@scale.example",
    "leader": "leader@scale.example",
    "member": "member@scale.example",
    "facilitator": "facilitator@scale.example",
    "other_leader": "leader@other.example",
}


def trust_create(*, name: str = "Scale Community Trust") -> tuple:
    """A new organisation with one person per role (the other leader in a second organisation), as the role
    matrix has them: returns (organisation, the leader's team, {role: membership})."""
    from attend.organisations.models import Organisation

    password = make_password(PASSWORD)
    organisation = Organisation.objects.create(name=name, slug="scale", is_nhs=True)
    other = Organisation.objects.create(name="Other Care Homes", slug="other", is_nhs=False)
    team = organisation.teams.create(name="Ward 7")
    other_team = other.teams.create(name="Beech House")

    def person(role, org, place, team_role, **flags):
        user = User.objects.create(email=SIGN_INS[role], name=role.replace("_", " ").title(), password=password)
        membership = Membership.objects.create(organisation=org, user=user, **flags)
        if place:
            TeamMembership.objects.create(team=place, membership=membership, role=team_role)
        return membership

    people = {
        "member": person("member", organisation, team, Role.MEMBER),
        "leader": person("leader", organisation, team, Role.LEADER),
        "facilitator": person("facilitator", organisation, None, None, is_facilitator=True),
        "org_admin": person("org_admin", organisation, None, None, is_admin=True),
        "other_leader": person("other_leader", other, other_team, Role.LEADER),
    }
    team_places_changed(teams=[team, other_team])
    return organisation, team, people
