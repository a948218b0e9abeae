"""Invented conversations for the demo leader's team, a support list for Northfield, and the demo member's
own wellbeing plan (some of it shared with their leader). No real person or place."""

import datetime

from django.utils import timezone

from attend.accounts.models import User
from attend.connect import access, guides, services
from attend.connect.models import Conversation, Pairing
from attend.organisations.models import Membership

DEMO_LEADER = "leader@northfield.example"
DEMO_MEMBER = "member@northfield.example"
SUPPORT = [
    (
        "Occupational health",
        "Confidential advice on health and work, including adjustments.",
        "Ext 4410, or self-refer on the intranet",
    ),
    (
        "Employee assistance programme",
        "Free, confidential counselling and advice, day and night.",
        "0800 000 0000 (invented)",
    ),
    (
        "Freedom to Speak Up guardian",
        "Raise a concern about safety or how people are treated, in confidence.",
        "speakup@northfield.example",
    ),
    ("Chaplaincy and spiritual care", "Someone to talk to, whatever your beliefs.", "Ext 4400"),
]
PLAN = {
    "keeps_me_well": "A proper lunch break away from the base, and knowing the plan for the day by 9.",
    "signs": "I go quiet in handover and stop taking my breaks.",
    "what_helps": "A quick check-in after a hard visit. Not being asked to stay late without notice.",
    "from_my_leader": "Ask me how I am before asking about the caseload.",
    "flexible_working": "Starting at 8 on Tuesdays for the school run.",
}


def _history(pairing: Pairing, now: datetime.datetime, weeks_ago: list[int]) -> None:
    for weeks in weeks_ago:
        held = services.conversation_schedule(
            pairing=pairing,
            kind=guides.ONE_TO_ONE if weeks % 2 else guides.WELLBEING,
            starts_at=now - datetime.timedelta(weeks=weeks, hours=2),
            minutes=30,
            place="Quiet room, Northfield base",
        )
        services.conversation_status_set(conversation=held, status=Conversation.Status.HELD)
    pairing.person.notifications.filter(kind="conversation_reminder").delete()  # past arrangements are not news


def load() -> str:
    leader = User.objects.filter(email=DEMO_LEADER).first()
    if leader is None or Conversation.objects.filter(pairing__leader=leader).exists():
        return "Demo conversations are already loaded."
    membership = Membership.objects.get(user=leader, organisation__name="Northfield Community Health")
    organisation = membership.organisation
    for name, description, contact in SUPPORT:
        services.support_service_save(
            by=None, organisation=organisation, name=name, description=description, contact=contact
        )
    services.pairings_ensure(membership=membership)
    pairings = sorted(access.pairings_of(leader, organisation), key=lambda pairing: pairing.person.name)
    now = timezone.now()
    for index, pairing in enumerate(pairings):
        # Most people recently, a few a while ago: the roster should show both, without ranking anyone.
        _history(pairing, now, [2, 6, 10] if index % 4 else [9, 14])
    member_pairing = next(pairing for pairing in pairings if pairing.person.email == DEMO_MEMBER)
    services.conversation_schedule(
        pairing=member_pairing,
        kind=guides.WELLBEING,
        starts_at=(now + datetime.timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0),
        minutes=45,
        place="The garden room",
    )
    services.talking_point_add(pairing=member_pairing, by=member_pairing.person, text="The new rota from January")
    services.talking_point_add(pairing=member_pairing, by=leader, text="Your interest in the tissue viability course")
    services.action_add(
        pairing=member_pairing,
        owner=leader,
        by=leader,
        text="Ask about funding for the course",
        due_on=now.date() + datetime.timedelta(days=14),
    )
    # Agreed three weeks ago for a week ago, and not done yet: shown as overdue on the pairing and on the row.
    services.action_add(
        pairing=member_pairing,
        owner=member_pairing.person,
        by=leader,
        text="Try starting at 8 on Tuesdays and say how it went",
        due_on=now.date() - datetime.timedelta(days=7),
        today=now.date() - datetime.timedelta(days=21),
    )
    services.wellbeing_plan_save(
        person=member_pairing.person,
        organisation=organisation,
        sections=PLAN,
        shared_sections=["from_my_leader", "what_helps", "flexible_working"],
        shared_with=[leader],
        review_on=now.date() + datetime.timedelta(days=300),
    )
    # Last quarter's counts for the admin's "Are 1:1s happening?", as the periodic job makes them.
    services.quarter_figures_job(now=now)
    return f"Loaded conversations for {len(pairings)} people in {leader.name}'s team."
