"""Adding and renaming teams."""

from django.db import transaction

from attend.accounts.models import User
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.validators import clean_model_text
from attend.organisations.models import (
    Organisation,
    Team,
)


class TeamNameTaken(ValueError):
    pass


def _name_taken(organisation: Organisation, name: str, *, excluding: Team | None = None) -> bool:
    teams = organisation.teams.filter(name__iexact=name.strip())
    if excluding is not None:
        teams = teams.exclude(pk=excluding.pk)
    return teams.exists()


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, parent: Team | None, by: User | None) -> Team:
    name = clean_model_text(Team, "name", name.strip(), label="The team name")
    if _name_taken(organisation, name):
        raise TeamNameTaken(name)
    if parent is not None and parent.organisation_id != organisation.id:
        raise ValueError("A team's parent must belong to the same organisation")
    team = organisation.teams.create(name=name.strip(), parent=parent)
    audit_event_record(actor=by, organisation=organisation, action=AuditEvent.Action.TEAM_CREATED, target=team.path)
    return team


@transaction.atomic
def team_rename(*, team: Team, name: str, by: User) -> Team:
    name = clean_model_text(Team, "name", name.strip(), label="The team name")
    if _name_taken(team.organisation, name, excluding=team):
        raise TeamNameTaken(name)
    old_name, team.name = team.name, name.strip()
    team.save(update_fields=["name", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=team.organisation,
        action=AuditEvent.Action.TEAM_RENAMED,
        target=team.name,
        details={"from": old_name, "to": team.name},
    )
    return team
