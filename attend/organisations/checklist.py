"""The first-day checklist: what a new organisation's admin does before its teams use Attend (ADR 0019).

Each step's state is read from the organisation's data, never ticked by hand, all in one query
(`first_day_facts`). The two choices, Listen's anonymity thresholds and the email budget, count as done once
the admin has saved them: saving creates their row even when the defaults are kept, and keeping a default is a
choice. Opening the page is not, because a GET changes nothing (docs/architecture.md).

To add a step (single sign-on, when Attend has it): add its fact to `first_day_facts` and a `Step` to
`STEPS`. Nothing else changes: the pages, "done" and the dismissal read the list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef
from django.urls import reverse

from attend.core.prepared import PreparedRead
from attend.organisations.models import Invitation, Membership, Organisation, Role, Team, TeamMembership

DONE, STARTED, NOT_STARTED = "done", "started", "not_started"


def _both(first: bool, second: bool) -> str:
    return DONE if first and second else STARTED if first or second else NOT_STARTED


def _one(fact: bool) -> str:
    return DONE if fact else NOT_STARTED


@dataclass(frozen=True)
class Step:
    title: str
    hint: str
    url_name: str
    state: Callable[[dict], str]  # from the facts to DONE, STARTED or NOT_STARTED
    how_here: str = ""  # what to do, said on the step's own page, where a link to it would go nowhere


STEPS = [
    Step(
        title="Add your teams",
        hint="Add them one by one, or import teams and their people together from a CSV file under People.",
        url_name="organisations:teams",
        state=lambda facts: _one(facts["has_team"]),
        how_here="Choose Add a team, or import teams and their people together under People.",
    ),
    Step(
        title="Invite people",
        hint="Each person gets an email with a link to accept. Done once you have invited someone.",
        url_name="organisations:people",
        state=lambda facts: _one(facts["has_people"]),
        how_here="Invite people one by one, or import many at once from a CSV file.",
    ),
    Step(
        title="Give leader and facilitator roles",
        hint="Leaders ask their team for feedback and make time for them. Facilitators run programme cohorts: "
        "you can give yourself that role. People offered a role in their invitation hold it once they accept.",
        url_name="organisations:people",
        state=lambda facts: _both(facts["has_leader"], facts["has_facilitator"]),
        how_here="Open a person's page below and choose Change beside their teams or organisation roles.",
    ),
    Step(
        title="Choose Listen's anonymity thresholds",
        hint="How many answers a team needs before its leader sees results. Saving the defaults is a choice too.",
        url_name="listen:settings",
        state=lambda facts: _one(facts["listen_chosen"]),
    ),
    Step(
        title="Choose how many emails Attend may send",
        hint="A limit per person per day and per week. Saving the defaults is a choice too.",
        url_name="nudges:organisation_budget",
        state=lambda facts: _one(facts["budget_chosen"]),
    ),
]


def _facts_query(*, organisation):
    here = OuterRef("pk")
    active = Membership.objects.filter(organisation=here, is_active=True)
    return (
        Organisation.objects.filter(pk=organisation)
        .annotate(
            has_team=Exists(Team.objects.filter(organisation=here)),
            # Invited counts: nobody joins until they accept, and the step is the admin's own (docs/adr/0020).
            has_people=Exists(active.filter(is_admin=False))
            | Exists(
                Invitation.objects.filter(
                    organisation=here, kind=Invitation.Kind.ORGANISATION, status=Invitation.Status.SENT
                )
            ),
            has_leader=Exists(
                TeamMembership.objects.filter(team__organisation=here, role=Role.LEADER, membership__is_active=True)
            ),
            has_facilitator=Exists(active.filter(is_facilitator=True)),
        )
        # Listen's and Nudges' rows, by their relation names: organisations imports neither module.
        .values(
            "has_team",
            "has_people",
            "has_leader",
            "has_facilitator",
            "first_day_dismissed_at",
            listen_row=F("listen_settings__id"),
            budget_row=F("email_budget__id"),
        )
    )


# Built once: its five sub-selects cost the ORM about 2 ms to build, the database microseconds to answer, and it is
# asked on every admin page (core/prepared.py).
_facts = PreparedRead(_facts_query, Organisation, organisation=Organisation._meta.pk)


def first_day_facts(organisation: Organisation) -> dict:
    """Everything the steps read, and whether the checklist was hidden, in one query whatever the size."""
    rows = _facts(organisation=organisation.pk)
    if not rows:
        raise Organisation.DoesNotExist
    return rows[0]


@dataclass(frozen=True)
class ChecklistItem:
    title: str
    hint: str
    href: str
    state: str
    how_here: str = ""


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]
    dismissed: bool

    @property
    def done_count(self) -> int:
        return sum(item.state == DONE for item in self.items)

    @property
    def is_done(self) -> bool:
        return self.done_count == len(self.items)

    @property
    def shown(self) -> bool:
        """Offered until every step is done or an admin hides it; never anywhere else (no emails)."""
        return not self.dismissed and not self.is_done

    @property
    def next_item(self) -> ChecklistItem | None:
        """The first step not yet done, while the checklist is offered: what the admin might do next."""
        if not self.shown:
            return None
        return next(item for item in self.items if item.state != DONE)


def first_day_checklist(organisation: Organisation) -> Checklist:
    facts = first_day_facts(organisation)
    facts["listen_chosen"] = facts.pop("listen_row") is not None
    facts["budget_chosen"] = facts.pop("budget_row") is not None
    items = [
        ChecklistItem(
            title=step.title,
            hint=step.hint,
            href=reverse(step.url_name),
            state=step.state(facts),
            how_here=step.how_here,
        )
        for step in STEPS
    ]
    return Checklist(items=items, dismissed=facts["first_day_dismissed_at"] is not None)
