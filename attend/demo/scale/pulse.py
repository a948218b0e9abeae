"""Monthly pulse rounds: rounds, single-use invitations and answers are written in bulk (40-60% answer), then every
round's answers go through Listen's own sealing (`services.sealing.seal_ready_batches`) and past rounds through
`pulse_round_close`, so sealed batches (and anything Listen keeps up to date when a batch seals) are exactly as
answering one by one would leave them."""

import datetime

from django.db import transaction

from attend.demo.scale.growth import WORDS, Grower
from attend.listen import selectors as listen_selectors
from attend.listen import services as listen_services
from attend.listen.models import Cadence, Invitation, InviteMethod, PulseRound, Response, new_token
from attend.listen.services import rounds as listen_rounds
from attend.listen.services import sealing as listen_sealing
from attend.organisations.models import Role, Team, TeamMembership

TEMPLATE = "monthly-pulse"


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, min(day.day, 28))


def pulse_rounds_add(grower: Grower, teams: list[Team]) -> None:
    thresholds = listen_selectors.thresholds_of(grower.organisation)
    item_keys = listen_rounds.round_item_keys(grower.organisation, TEMPLATE)
    asked = _asked(teams)
    rounds, invitations, responses = [], [], []
    for team in teams:
        invited = asked.get(team.pk, 0)
        if not invited:
            continue
        level = grower.rng.uniform(2.6, 4.2)
        for month in range(grower.size.months):
            months_ago = grower.offset + month + 1
            opens_on = _months_before(grower.today, months_ago) if months_ago else grower.today
            pulse_round = PulseRound(
                organisation=grower.organisation,
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
            answered = round(invited * grower.rng.uniform(0.4, 0.6))
            invitations += [
                Invitation(round=pulse_round, token_hash=Invitation.hash(new_token()), used=n < answered)
                for n in range(invited)
            ]
            level = min(5.0, max(1.5, level + grower.rng.uniform(-0.15, 0.2)))
            responses += [_response(grower, pulse_round, item_keys, level, opens_on) for _ in range(answered)]
    PulseRound.objects.bulk_create(rounds, batch_size=500)
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    Response.objects.bulk_create(responses, batch_size=1000)
    # Listen's own sealing, round by round, then its closing (which never counts a remainder).
    for pulse_round in rounds:
        with transaction.atomic():
            listen_sealing.seal_ready_batches(pulse_round, today=pulse_round.closes_on)
        listen_services.pulse_round_close(pulse_round=pulse_round, by=None)
    grower.counts["pulse rounds"] = len(rounds)
    grower.counts["pulse answers"] = len(responses)
    grower.counts["item answers"] = len(responses) * len(item_keys)


def _asked(teams) -> dict:
    leaders = TeamMembership.objects.filter(team__in=teams, role=Role.LEADER).values("membership_id")
    asked: dict = {}
    rows = TeamMembership.objects.filter(team__in=teams, role=Role.MEMBER).exclude(membership_id__in=leaders)
    for team_id in rows.values_list("team_id", flat=True):
        asked[team_id] = asked.get(team_id, 0) + 1
    return asked


def _response(grower: Grower, pulse_round, item_keys, level: float, day: datetime.date) -> Response:
    answers = {key: max(1, min(5, round(grower.rng.gauss(level, 0.8)))) for key in item_keys}
    comment = None
    if grower.rng.random() < 0.15:
        comment = f"More {grower.rng.choice(WORDS)} and less {grower.rng.choice(WORDS)}, please."
    return Response(round=pulse_round, answered_on=day, answers=answers, comment=comment)
