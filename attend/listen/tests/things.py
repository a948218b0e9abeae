"""Listen's private things, as URL arguments for the role-by-URL matrix and the axe page sweep."""

import datetime

from django.utils import timezone

from attend.listen import services
from attend.listen.models import Invitation, InviteMethod


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
