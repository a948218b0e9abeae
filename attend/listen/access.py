"""Who may open what in Listen: the one place these rules live.

- A team's rounds, results, actions and CSV: the team's leaders, and the organisation's admins (any team in their
  organisation). No one else: members, facilitators and other organisations never see a team's results.
- A leader's self-view: that leader alone (it is theirs, not anonymous).
- The heatmap: the organisation's admins, every team; a leader, the whole organisation's row and the teams they
  lead (a union of whole batches like every cell, so it isolates nobody: ADR 0012).
- Thresholds and organisation items: the organisation's admins.
- A team's results as its members see them (figures that show, and the team's actions): the team's members, in
  the organisation they are working in now. Never a leader as such: a leader reads their own pages.
- The answering page: whoever holds a live token; the token is the proof.
What figures a page may show is decided by `attend.listen.anonymity`, never here or in a view.
"""

from attend.listen import selectors
from attend.listen.models import Action, OrganisationItem, PulseRound
from attend.organisations.models import Membership, Role, Team, TeamMembership

# Leaders (of any team) and organisation admins have a Listen home; everyone else answers by link only.
LISTEN_ROLES = (Role.LEADER, Role.ADMIN)


def may_use_listen(membership: Membership | None) -> bool:
    """The rule the views declare with `role_required(*LISTEN_ROLES)`, for anything that is not a view."""
    return membership is not None and membership.has_role(*LISTEN_ROLES)


def teams_for(membership: Membership | None):
    """The teams whose rounds `membership` may open and read: every team for an admin, the led ones for a leader."""
    if membership is None or not membership.is_active:
        return None
    if membership.has_role(Role.ADMIN):
        return membership.organisation.teams.all()
    return membership.teams_led()


def member_teams_for(membership: Membership | None):
    """The teams `membership` is in as a member, in its own organisation: whose results it may read as the team."""
    if membership is None or not membership.is_active:
        return Team.objects.none()
    return membership.organisation.teams.filter(
        team_memberships__membership=membership, team_memberships__role=Role.MEMBER
    )


def team_for(membership: Membership | None, team_id):
    teams = teams_for(membership)
    if teams is None:
        raise PulseRound.DoesNotExist
    team = teams.filter(pk=team_id).first()
    if team is None:
        raise PulseRound.DoesNotExist
    return team


def rounds_for(membership: Membership | None):
    teams = teams_for(membership)
    if teams is None:
        return PulseRound.objects.none()
    rounds = PulseRound.objects.select_related("team")
    if membership.has_role(Role.ADMIN):  # every round of the organisation: no check against its hundreds of teams
        return rounds.filter(organisation=membership.organisation)
    # The teams led are the organisation's own. Filtering by organisation as well led SQLite to walk every round of
    # the organisation by that index rather than the few of the teams led (4 ms a query at a trust's size).
    return rounds.filter(team__in=teams)


def round_for(membership: Membership | None, round_id) -> PulseRound:
    """Raises PulseRound.DoesNotExist (a 404) unless `membership` leads the round's team or is its admin."""
    return rounds_for(membership).get(pk=round_id)


def leads_team(membership: Membership | None, team) -> bool:
    """True for the team's own leaders: only they keep a self-view."""
    if membership is None or not membership.is_active:
        return False
    return membership.teams_led().filter(pk=team.pk).exists()


def leads_a_team_asked(user, pulse_round: PulseRound) -> bool:
    """Whether this signed-in person leads the round's team or, when the round includes its sub-teams, any of them:
    such a person never answers the round, by any link (a sub-team's leader could otherwise pad its batches)."""
    if user is None or not user.is_authenticated:
        return False
    return TeamMembership.objects.filter(
        team_id__in=selectors.included_team_ids(pulse_round),
        role=Role.LEADER,
        membership__user=user,
        membership__is_active=True,
    ).exists()


def self_view_round_for(membership: Membership | None, round_id) -> PulseRound:
    pulse_round = round_for(membership, round_id)
    if not leads_team(membership, pulse_round.team):
        raise PulseRound.DoesNotExist
    return pulse_round


def action_for(membership: Membership | None, action_id) -> Action:
    if membership is None:
        raise PulseRound.DoesNotExist
    teams = teams_for(membership)
    if teams is None:
        raise PulseRound.DoesNotExist
    # The round's reach as `rounds_for` says, by a join from the one action rather than a list of the organisation's
    # thousands of rounds (SQLite built that list on every request: 14 ms at a trust's size).
    actions = Action.objects.filter(pk=action_id, round__organisation=membership.organisation)
    if not membership.has_role(Role.ADMIN):
        actions = actions.filter(round__team__in=teams)
    action = actions.select_related("round").first()
    if action is None:
        raise PulseRound.DoesNotExist
    return action


def organisation_item_for(organisation, item_id) -> OrganisationItem:
    """One of the organisation's own questions (archived ones too); raises OrganisationItem.DoesNotExist."""
    return organisation.listen_items.get(pk=item_id)


def led_team_ids(membership: Membership | None) -> set:
    """The teams a leader sees on the heatmap, beside the whole organisation: the ones they lead."""
    if membership is None or not membership.is_active:
        return set()
    return set(membership.teams_led().values_list("pk", flat=True))


def is_admin(membership: Membership | None) -> bool:
    return membership is not None and membership.has_role(Role.ADMIN)
