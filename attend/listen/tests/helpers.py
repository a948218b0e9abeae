"""Shared set-up for Listen's tests: a team of people, a round opened through the service, and the links they got."""

import datetime

from attend.listen import question_bank, services
from attend.listen.models import InviteMethod
from attend.nudges.models import Notification
from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in

OPENS = datetime.date(2026, 12, 1)


def staff(team, count: int, *, start: int = 0) -> list:
    return [
        person_in(team.organisation, team=team, role=Role.MEMBER, email=f"staff{start + n}@example.test").user
        for n in range(count)
    ]


def open_round(team, by, *, opens_on=OPENS, invite=InviteMethod.EMAIL, cadence="none", template="monthly-pulse"):
    return services.pulse_round_open(
        team=team, by=by, template_key=template, opens_on=opens_on, window_days=14, cadence=cadence, invite=invite
    )


def tokens_of(pulse_round) -> list[str]:
    """The single-use links, as each person received them through Nudges."""
    links = Notification.objects.filter(
        kind="pulse_invitation", dedupe_key__startswith=f"pulse:{pulse_round.pk}:"
    ).values_list("link", flat=True)
    return [link.removeprefix("/listen/answer/").strip("/") for link in links]


def answers_for(pulse_round, value: int = 4) -> dict[str, int]:
    return dict.fromkeys(pulse_round.item_keys, value)


def all_agree(pulse_round) -> dict[str, int]:
    return answers_for(pulse_round, 4)


def template_keys(template="monthly-pulse") -> tuple[str, ...]:
    return question_bank.template(template).item_keys
