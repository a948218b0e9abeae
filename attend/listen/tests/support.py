"""Shared set-up for Listen's tests: a team of people, a round opened through the service, the links they got,
and Listen's private things as URL arguments for the role-by-URL matrix and the axe page sweep.
"""

import datetime

from django.utils import timezone

from attend.listen import question_bank, services
from attend.listen.models import Invitation, InviteMethod
from attend.nudges.models import Notification
from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in

OPENS = datetime.date(2026, 12, 1)


def staff(team, count: int, *, start: int = 0) -> list:
    return [
        person_in(team.organisation, team=team, role=Role.MEMBER, email=f"staff{start + n}@example.test").user
        for n in range(count)
    ]


def open_round(
    team,
    by,
    *,
    opens_on=OPENS,
    invite=InviteMethod.EMAIL,
    cadence="none",
    template="monthly-pulse",
    include_sub_teams=False,
):
    return services.pulse_round_open(
        team=team,
        by=by,
        template_key=template,
        opens_on=opens_on,
        window_days=14,
        cadence=cadence,
        invite=invite,
        include_sub_teams=include_sub_teams,
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


def pulse_token_for(pulse_round) -> str:
    """A real, unused single-use link for `pulse_round`: tests mint their own, since only hashes are kept."""
    token = services.new_token()
    Invitation.objects.create(round=pulse_round, token_hash=Invitation.hash(token))
    return token


def private_things(*, leader, member, facilitator, org_admin) -> dict:
    """The leader's team's round (opened today by the leader), an action on it, an organisation question, and a
    live answering link."""
    team = leader.teams_led().first()
    opened = services.pulse_round_open(
        team=team,
        by=leader.user,
        template_key="monthly-pulse",
        opens_on=timezone.localdate(),
        window_days=14,
        invite=InviteMethod.EMAIL,
    )
    action = services.pulse_action_add(pulse_round=opened.round, by=leader.user, text="Protected time for breaks")
    item = services.listen_item_add(organisation=org_admin.organisation, by=org_admin.user, text="I know who to ask")
    assert opened.round.closes_on >= timezone.localdate() + datetime.timedelta(days=1)
    return {
        "pulse_round_id": opened.round.pk,
        "pulse_token": pulse_token_for(opened.round),
        "listen_action_id": action.pk,
        "listen_item_id": item.pk,
    }
