"""What every step of the scale generator shares: the sizes, the people in focus, the words it writes with, and
the `Grower` that carries one call's random stream and counts from step to step."""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from attend.accounts.models import User
from attend.organisations.models import Membership, Team

PASSWORD = "attend-scale"
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


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


class Grower:
    """What one call of `grow` shares: its size and seed, the one random stream every step draws from in turn (the
    order of the steps in `grow` is the order of the draws), the people met so far and the counts written."""

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
        self.wards: list[Team] = []  # set by teams_add
        self.leaders: list[User] = []  # set by people_add: a leader a team
        self.users: list[User] = []  # set by people_add: everyone this call added
