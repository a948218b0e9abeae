"""The trust the scale generator grows: one organisation with a person per role (`trust_create`, the people the
benchmark signs in as), and `grow`, which adds a size of teams, people and history to it, step by step."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from attend.accounts.models import User
from attend.demo.scale.growth import PASSWORD, Focus, Grower, Size
from attend.demo.scale.personal import diaries_add, journal_entries_add, practice_sessions_add
from attend.demo.scale.pulse import pulse_rounds_add
from attend.demo.scale.teams import people_add, teams_add
from attend.demo.scale.together import cohorts_add, conversations_add
from attend.organisations.hooks import team_places_changed
from attend.organisations.models import Membership, Role, TeamMembership


def grow(
    *, organisation, size: Size, seed: int = 1, focus: Focus | None = None, offset: int = 0, diaries: int = 0
) -> dict[str, int]:
    """Add `size` to `organisation` (see the package's docstring). Returns how many of each thing were written.
    `diaries` more leaders (beyond the leader in focus) get a busy diary through Diary's import."""
    grower = Grower(organisation=organisation, size=size, seed=seed, focus=focus, offset=offset, diaries=diaries)
    with transaction.atomic():
        teams = teams_add(grower)
        people_add(grower, teams)
        journal_entries_add(grower)
        practice_sessions_add(grower)
        conversations_add(grower)
        cohorts_add(grower)
    diaries_add(grower)
    listen_teams = list(grower.wards)
    if focus:
        listen_teams.append(focus.leader.teams_led().first())
    pulse_rounds_add(grower, listen_teams)
    return grower.counts


# The people the benchmark signs in as, one per role of the role-by-URL table (attend/tests/roles.py).
SIGN_INS = {
    "org_admin": "admin@scale.example",
    "leader": "leader@scale.example",
    "member": "member@scale.example",
    "facilitator": "facilitator@scale.example",
    "other_leader": "leader@other.example",
}


def trust_create(*, name: str = "Scale Community Trust") -> tuple:
    """A new organisation with one person per role (the other leader in a second organisation), as the role
    matrix has them: returns (organisation, the leader's team, {role: membership})."""
    from attend.organisations.models import Organisation

    password = make_password(PASSWORD)
    organisation = Organisation.objects.create(name=name, slug="scale", is_nhs=True)
    other = Organisation.objects.create(name="Other Care Homes", slug="other", is_nhs=False)
    team = organisation.teams.create(name="Ward 7")
    other_team = other.teams.create(name="Beech House")

    def person(role, org, place, team_role, **flags):
        user = User.objects.create(email=SIGN_INS[role], name=role.replace("_", " ").title(), password=password)
        membership = Membership.objects.create(organisation=org, user=user, **flags)
        if place:
            TeamMembership.objects.create(team=place, membership=membership, role=team_role)
        return membership

    people = {
        "member": person("member", organisation, team, Role.MEMBER),
        "leader": person("leader", organisation, team, Role.LEADER),
        "facilitator": person("facilitator", organisation, None, None, is_facilitator=True),
        "org_admin": person("org_admin", organisation, None, None, is_admin=True),
        "other_leader": person("other_leader", other, other_team, Role.LEADER),
    }
    team_places_changed(teams=[team, other_team])
    return organisation, team, people
