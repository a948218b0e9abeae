"""Teams in a tree (divisions, services, wards), each with a leader, and people spread over the wards; Connect's
pairings follow through the hook the organisations services call when team places change."""

import datetime

from django.contrib.auth.hashers import make_password

from attend.accounts.models import User
from attend.demo.organisations import FIRST_NAMES, LAST_NAMES
from attend.demo.scale.growth import PASSWORD, Grower
from attend.organisations.hooks import team_places_changed
from attend.organisations.models import Membership, Role, Team, TeamMembership

# A big ward, as a real trust has: the leader in focus leads up to this many more people each time it grows.
MOST_IN_FOCUS_TEAM = 60


def teams_add(grower: Grower) -> list[Team]:
    divisions = max(1, grower.size.teams // 50)
    services = max(1, grower.size.teams // 8)
    wards = max(1, grower.size.teams - divisions - services)
    tag = f"{grower.seed}"
    made = Team.objects.bulk_create(
        [Team(organisation=grower.organisation, name=f"Division {tag}-{n + 1}") for n in range(divisions)]
    )
    service_teams = Team.objects.bulk_create(
        [
            Team(organisation=grower.organisation, name=f"Service {tag}-{n + 1}", parent=made[n % divisions])
            for n in range(services)
        ]
    )
    ward_teams = Team.objects.bulk_create(
        [
            Team(organisation=grower.organisation, name=f"Ward {tag}-{n + 1}", parent=service_teams[n % services])
            for n in range(wards)
        ]
    )
    grower.counts["teams"] = divisions + services + wards
    grower.wards = ward_teams
    return [*made, *service_teams, *ward_teams]


def people_add(grower: Grower, teams: list[Team]) -> None:
    password = make_password(PASSWORD)
    slug = grower.organisation.slug or "trust"
    users = [
        User(
            email=f"p{grower.seed}.{n}@{slug}.scale.example",
            name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]}",
            password=password,
        )
        for n in range(grower.size.people)
    ]
    User.objects.bulk_create(users, batch_size=500)
    memberships = Membership.objects.bulk_create(
        [Membership(organisation=grower.organisation, user=user) for user in users], batch_size=500
    )
    # A leader for every team, the rest spread over the wards.
    places = []
    leaders = memberships[: len(teams)]
    for team, leader in zip(teams, leaders, strict=False):
        places.append(TeamMembership(team=team, membership=leader, role=Role.LEADER))
    for n, membership in enumerate(memberships[len(teams) :]):
        places.append(TeamMembership(team=grower.wards[n % len(grower.wards)], membership=membership))
    if grower.focus:  # the leader in focus leads more people as the trust grows
        team = grower.focus.leader.teams_led().first()
        extra = memberships[len(teams) : len(teams) + min(MOST_IN_FOCUS_TEAM, max(12, grower.size.people // 8))]
        places += [TeamMembership(team=team, membership=membership) for membership in extra]
        teams = [*teams, team]
    TeamMembership.objects.bulk_create(places, batch_size=500)
    # Everyone has worked here over a year: nobody joined just before a round (ADR 0018).
    TeamMembership.objects.filter(membership__in=memberships).update(
        created_at=grower.now - datetime.timedelta(days=400 + 31 * grower.offset)
    )
    grower.leaders = [leader.user for leader in leaders]
    grower.users = users
    grower.counts["people"] = len(users)
    team_places_changed(teams=teams)
