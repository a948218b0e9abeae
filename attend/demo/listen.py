"""Listen's invented demo data (see attend.core.management.commands.demo_data.DEMO_LOADERS).

The demo leader's team has six monthly pulses: five closed, in which the team's sense of being listened to grows,
and one open now with too few answers to show. Every answer goes through `pulse_response_submit`, so the rows obey
the anonymity design exactly (sealed batches of the batch size, pending remainders never counted). Invented words,
no names.
"""

import datetime
import random

from django.utils import timezone

from attend.accounts.models import User
from attend.listen import question_bank, services
from attend.listen.models import Cadence, PulseRound
from attend.nudges.models import Notification
from attend.organisations.models import Membership, TeamMembership

DEMO_LEADER = "leader@northfield.example"
TEMPLATE = "monthly-pulse"
# Answers per closed round, oldest first, and how warmly the team sees the leader listening (1 to 5).
ANSWERS = [10, 11, 10, 12, 11]
LISTENING = [2.9, 3.2, 3.5, 3.9, 4.2]
OTHER = [3.4, 3.5, 3.5, 3.7, 3.8]
OPEN_ROUND_ANSWERS = 3
COMMENTS = [
    "Handovers feel rushed. Ten protected minutes would make a real difference.",
    "Thank you for checking in after the difficult visit last week. It helped.",
    "It would help to know the plan for the day before we set off.",
    "Team meetings feel more open than they did.",
    "More chances to learn from each other, please.",
    "The new rota is fairer. Thank you for listening.",
    "Some days it is hard to find a moment to ask for help.",
    "I feel more able to raise things now.",
]
# (round, theme, what, progress, who is doing it (blank: the leader), due in how many days from today)
ACTIONS = [
    (0, "compassionate-leadership", "Ten protected minutes at each handover, so nobody is rushed.", "done", "", None),
    (1, "", "A plan for the day shared by 8:30 every morning.", "done", "", None),
    (
        3,
        "wellbeing",
        "A fortnightly drop-in for anyone who wants to talk through a hard visit.",
        "underway",
        "The team's wellbeing lead",
        21,
    ),
]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, min(day.day, 28))


def _answers(rng: random.Random, keys, listening: float, other: float) -> dict[str, int]:
    answers = {}
    for key in keys:
        behaviour = question_bank.item(key).is_behaviour
        centre = listening if behaviour else other
        answers[key] = max(1, min(5, round(rng.gauss(centre, 0.7))))
    return answers


def _round(team, leader, opens_on: datetime.date, count: int, listening: float, other: float, rng, today) -> PulseRound:
    opened = services.pulse_round_open(
        team=team, by=leader, template_key=TEMPLATE, opens_on=opens_on, window_days=14, cadence=Cadence.MONTHLY
    )
    links = Notification.objects.filter(dedupe_key__startswith=f"pulse:{opened.round.pk}:").values_list(
        "link", flat=True
    )
    tokens = [link.removeprefix("/listen/answer/").strip("/") for link in links]
    for number, token in enumerate(tokens[:count]):
        services.pulse_response_submit(
            token=token,
            answers=_answers(rng, opened.round.item_keys, listening, other),
            comment=COMMENTS[rng.randrange(len(COMMENTS))] if number % 3 == 0 else "",
            today=min(opens_on + datetime.timedelta(days=number % 10), today),
        )
    return opened.round


def load() -> str:
    leader = User.objects.filter(email=DEMO_LEADER).first()
    if leader is None:
        return "Listen: no demo leader."
    membership = Membership.objects.get(user=leader, organisation__name="Northfield Community Health")
    team = membership.teams_led().first()
    if team.pulse_rounds.exists():
        return "Demo pulses are already loaded."
    rng = random.Random(2026)
    today = timezone.localdate()
    current_opens = today - datetime.timedelta(days=3)
    # The team has worked together for over a year: nobody joined just before a round (ADR 0018 shows that).
    together_since = timezone.now() - datetime.timedelta(days=400)
    TeamMembership.objects.filter(team=team).update(created_at=together_since)
    rounds = []
    for months_ago, count, listening, other in zip(range(5, 0, -1), ANSWERS, LISTENING, OTHER, strict=True):
        opens_on = _months_before(current_opens, months_ago)
        pulse_round = _round(team, leader, opens_on, count, listening, other, rng, today)
        services.pulse_round_close(pulse_round=pulse_round, by=None)
        PulseRound.objects.filter(pk=pulse_round.pk).update(next_round_created=True)
        rounds.append(pulse_round)
    for pulse_round in rounds:  # past invitations are not news
        Notification.objects.filter(dedupe_key__startswith=f"pulse:{pulse_round.pk}:").delete()
    _round(team, leader, current_opens, OPEN_ROUND_ANSWERS, 4.2, 3.9, rng, today)
    for index, theme, text, status, owner, due_in in ACTIONS:
        due_on = today + datetime.timedelta(days=due_in) if due_in else None
        action = services.pulse_action_add(pulse_round=rounds[index], by=leader, text=text, theme=theme)
        services.pulse_action_update(action=action, text=text, status=status, owner=owner, due_on=due_on)
    self_items = [item.key for item in question_bank.behaviour_items() if item.key in rounds[-1].item_keys]
    services.self_view_save(pulse_round=rounds[-1], leader=leader, answers=dict.fromkeys(self_items, 4))
    return f"Listen: six monthly pulses for {team.name}, the latest open with {OPEN_ROUND_ANSWERS} answers so far."
