"""Who may see what in Connect: the one place these rules live.

- A pairing (and its conversations, talking points and actions) is reached only by its leader or its person,
  and only while the leader still leads a team the person is active in. Admins and facilitators: never.
- A private note only by its author.
- A wellbeing plan by its owner; their current leader sees only the sections the owner shares.
Anything else is Pairing.DoesNotExist (and so a 404), whoever asks.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower

from attend.connect.models import (
    Action,
    Conversation,
    Pairing,
    PrivateNote,
    SupportService,
    TalkingPoint,
    WellbeingPlan,
)
from attend.organisations.models import Membership, Role, TeamMembership


def led_memberships(membership: Membership):
    """Active members of the teams `membership` leads, each once (co-leaders lead together; they are not led)."""
    teams = membership.team_memberships.filter(role=Role.LEADER).values("team")
    return (
        membership.organisation.memberships.active()
        .filter(team_memberships__team__in=teams, team_memberships__role=Role.MEMBER)
        .exclude(pk=membership.pk)
        .select_related("user")
        .distinct()
        .order_by(Lower("user__name"))
    )


def leading_memberships(membership: Membership) -> list[Membership]:
    """Active leaders of the teams `membership` is a member of, each once."""
    teams = membership.team_memberships.filter(role=Role.MEMBER).values("team")
    places = TeamMembership.objects.filter(team__in=teams, role=Role.LEADER).values("membership")
    # Found by id, then kept only if of this organisation: as a filter on the organisation, SQLite (no planner
    # statistics) walked all of a trust's 8,000 memberships by the organisation's index (8 ms, issue 21).
    found = Membership.objects.filter(pk__in=places, is_active=True).exclude(pk=membership.pk).select_related("user")
    return [leader for leader in found if leader.organisation_id == membership.organisation_id]


def _current(pairings):
    """Pairings whose leader still leads a team that the person is active in, inside their organisation."""
    led_team = TeamMembership.objects.filter(
        membership__user=OuterRef("leader"),
        membership__organisation=OuterRef("organisation"),
        membership__is_active=True,
        role=Role.LEADER,
        team__team_memberships__membership__user=OuterRef("person"),
        team__team_memberships__membership__is_active=True,
        team__team_memberships__role=Role.MEMBER,
    )
    return pairings.filter(Exists(led_team))


def pairings_of(user, organisation):
    """Every current pairing `user` is part of in `organisation`, as leader or as person."""
    # The organisation inside each side of the OR: SQLite (no planner statistics) otherwise reads the pairings by
    # the organisation index, every pairing of a trust (8,000), rather than by the leader's and the person's.
    return _current(
        Pairing.objects.filter(
            Q(leader=user, organisation=organisation) | Q(person=user, organisation=organisation)
        ).select_related("leader", "person")
    )


def current_pairings_of(membership: Membership):
    """`pairings_of(membership.user, membership.organisation)`, the same rule, from a membership: the person leads
    in a team the other is active in, or the other is an active leader of a team they are in."""
    return current_pairings_for(
        membership=membership.pk, user=membership.user_id, organisation=membership.organisation_id
    )


def current_pairings_for(*, membership, user, organisation):
    """`current_pairings_of` from the membership's, its user's and its organisation's ids. The person's own teams
    are a sub-select on their membership, asked once, not a correlated sub-select of five tables per pairing, which
    on SQLite cost more than the rest of Today's Connect panel; ids alone let Today prepare it (issue 21)."""
    places = TeamMembership.objects.filter(membership=membership, membership__is_active=True)
    led_people = TeamMembership.objects.filter(
        team__in=places.filter(role=Role.LEADER).values("team"), role=Role.MEMBER, membership__is_active=True
    ).values("membership__user")
    their_leaders = TeamMembership.objects.filter(
        team__in=places.filter(role=Role.MEMBER).values("team"), role=Role.LEADER, membership__is_active=True
    ).values("membership__user")
    # The leader's membership of this organisation checked per pairing (a person has one or two): as a filter of
    # the leaders above, SQLite (no planner statistics) walks the organisation's 8,000 memberships instead.
    leader_here = Membership.objects.filter(user=OuterRef("leader"), organisation=organisation, is_active=True)
    return Pairing.objects.filter(
        Q(leader=user, organisation=organisation, person__in=led_people)
        | Q(Exists(leader_here), person=user, organisation=organisation, leader__in=their_leaders)
    )


def pairing_for(user, organisation, pairing_id) -> Pairing:
    """Raises Pairing.DoesNotExist unless `user` is in this current pairing."""
    if organisation is None:
        raise Pairing.DoesNotExist
    return pairings_of(user, organisation).get(pk=pairing_id)


def led_pairing_for(user, organisation, pairing_id) -> Pairing:
    """Like pairing_for, for what only the leader does (scheduling, cadence)."""
    pairing = pairing_for(user, organisation, pairing_id)
    if pairing.leader_id != user.pk:
        raise Pairing.DoesNotExist
    return pairing


def _through_pairing(model, user, organisation, item_id):
    """A conversation, talking point or action, only if `user` may open its pairing."""
    try:
        item = model.objects.select_related("pairing").get(pk=item_id)
    except model.DoesNotExist:
        raise Pairing.DoesNotExist
    pairing_for(user, organisation, item.pairing_id)
    return item


def conversation_for(user, organisation, conversation_id) -> Conversation:
    return _through_pairing(Conversation, user, organisation, conversation_id)


def talking_point_for(user, organisation, point_id) -> TalkingPoint:
    return _through_pairing(TalkingPoint, user, organisation, point_id)


def action_for(user, organisation, action_id) -> Action:
    return _through_pairing(Action, user, organisation, action_id)


def own_private_note(user, conversation: Conversation) -> PrivateNote | None:
    """Only ever the asker's own note."""
    return conversation.private_notes.filter(author=user).first()


def own_plan(user, organisation) -> WellbeingPlan | None:
    return user.wellbeing_plans.filter(organisation=organisation).first() if organisation else None


def shared_plan_sections(pairing: Pairing) -> dict[str, str]:
    """What the person chose to show this leader, and nothing else."""
    plan = pairing.person.wellbeing_plans.filter(organisation=pairing.organisation).first()
    if plan is None or str(pairing.leader_id) not in plan.shared_with:
        return {}
    return {key: text for key, text in plan.sections.items() if key in plan.shared_sections and text}


def support_service_for(organisation, service_id) -> SupportService:
    """Raises SupportService.DoesNotExist unless the service is this organisation's."""
    if organisation is None:
        raise SupportService.DoesNotExist
    return organisation.support_services.get(pk=service_id)
