"""What the Today page shows. Each module contributes a panel only when it has something real."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.module_loading import import_string

from attend.core.formatting import counted
from attend.organisations.checklist import Checklist, first_day_checklist
from attend.organisations.models import Role
from attend.organisations.presenters import checklist_task_items
from attend.organisations.selectors import teams_led_with_sizes


@dataclass(frozen=True)
class TodayPanel:
    heading: str
    description: str
    href: str


@dataclass(frozen=True)
class TodayStart:
    """One press on Today that starts something straight away: the first thing in the page, for the keyboard too."""

    text: str
    href: str


def _team_panels(membership) -> list[TodayPanel]:
    if not membership.has_role(Role.LEADER):  # the team places are already read with the membership
        return []
    return [
        TodayPanel(
            heading=f"Your team: {team.name}",
            description=f"{counted(team.size, 'person', 'people')}, including you.",
            href=reverse("organisations:my_team", args=[team.pk]),
        )
        for team in teams_led_with_sizes(membership)
    ]


def _admin_panel(membership) -> list[TodayPanel]:
    if not membership.has_role(Role.ADMIN):
        return []
    organisation = membership.organisation
    people = organisation.memberships.active().count()
    teams = organisation.teams.count()
    where = f"in {counted(teams, 'team')}" if teams else "and no teams yet"
    return [
        TodayPanel(
            heading=f"Run {organisation.name}",
            description=(
                f"{counted(people, 'person', 'people')} {where}. Teams, people, roles and choices for everyone."
            ),
            href=reverse("organisations:home"),
        )
    ]


@dataclass(frozen=True)
class FirstDay:
    checklist: Checklist
    items: list[dict]


def first_day_for(membership) -> FirstDay | None:
    """The first-day checklist, for an organisation admin while it is still offered."""
    if not membership or not membership.has_role(Role.ADMIN):
        return None
    checklist = first_day_checklist(membership.organisation)
    return FirstDay(checklist=checklist, items=checklist_task_items(checklist)) if checklist.shown else None


# Each module offers its own panels: a function taking the request and returning a list of TodayPanel.
MODULE_PANELS = [
    "attend.practice.presenters.today_panels",
    "attend.connect.presenters.today_panels",
    "attend.reflect.presenters.today_panels",
    "attend.diary.presenters.today_panels",
    "attend.listen.presenters.today_panels",
    "attend.programme.presenters.today_panels",
]


# Practice offers the one press that starts the three-minute practice.
TODAY_START = "attend.practice.presenters.today_start"


def today_start(request) -> TodayStart | None:
    if not request.membership:
        return None
    return import_string(TODAY_START)(request)


def today_panels(request) -> list[TodayPanel]:
    # Invitations come first, and even for someone in no organisation yet: accepting one is how they join.
    invitations = import_string("attend.organisations.presenters.today_panels")(request)
    membership = request.membership
    if not membership:
        return invitations
    module_panels = [panel for path in MODULE_PANELS for panel in import_string(path)(request)]
    return invitations + module_panels + _team_panels(membership) + _admin_panel(membership)


def greeting_for(hour: int) -> str:
    if hour < 12:
        return "Good morning"
    if hour < 18:
        return "Good afternoon"
    return "Good evening"
