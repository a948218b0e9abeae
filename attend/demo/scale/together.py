"""Time together: Connect's held conversations for the leaders' pairings (bulk, encrypted by the model field like
every conversation), and programmes and cohorts through Programme's services, their places and sessions in bulk."""

import datetime

from attend.connect import guides
from attend.connect.models import Conversation, Pairing
from attend.demo.scale.growth import Grower, aware
from attend.programme import services as programme_services
from attend.programme.models import Participant, Session


def conversations_add(grower: Grower) -> None:
    leaders = {user.pk for user in grower.leaders}
    if grower.focus:
        leaders.add(grower.focus.leader.user_id)
    pairings = Pairing.objects.filter(organisation=grower.organisation, leader_id__in=leaders)
    conversations = []
    for pairing in pairings.iterator():
        for month in range(0, grower.size.months, 2):  # every other month, held
            starts = aware(grower.today - datetime.timedelta(days=30 * (grower.offset + month) + 3), 10)
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
    grower.counts["conversations"] = len(conversations)


def cohorts_add(grower: Grower) -> None:
    facilitator = grower.focus.facilitator.user if grower.focus else None
    programme = programme_services.programme_create(
        organisation=grower.organisation, by=facilitator, title=f"Compassionate leadership {grower.seed}"
    )
    cohorts = max(1, grower.size.people // 1600) if not grower.focus else max(1, grower.size.months // 2)
    people = grower.leaders or grower.users
    places, sessions = [], []
    for n in range(cohorts):
        starts_on = grower.today - datetime.timedelta(days=14 + 30 * grower.offset)
        cohort = programme_services.cohort_create(
            programme=programme,
            by=facilitator,
            name=f"Cohort {grower.seed}-{n + 1}",
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=120),
            status="running",
        )
        chosen = grower.rng.sample(people, min(len(people), 16))
        if grower.focus and n == 0:
            chosen = [grower.focus.leader.user, *[user for user in chosen if user != grower.focus.leader.user]]
        places += [Participant(cohort=cohort, user=user, organisation=grower.organisation) for user in chosen]
        sessions += [
            Session(
                cohort=cohort,
                title=f"Session {week + 1}",
                starts_at=aware(starts_on + datetime.timedelta(weeks=2 * week), 13),
                place="Education centre",
            )
            for week in range(6)
        ]
    Participant.objects.bulk_create(places, batch_size=500)
    Session.objects.bulk_create(sessions, batch_size=500)
    grower.counts["cohorts"] = cohorts
    grower.counts["cohort places"] = len(places)
