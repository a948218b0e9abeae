"""Pairings used to be made when a leader or their person first opened Connect (a write on a GET). They are now
made when team places change; this makes the ones that no one had opened yet, so every roster is complete."""

import uuid
from collections import defaultdict

from django.db import migrations
from django.utils import timezone


def make_pairings(apps, schema_editor):
    TeamMembership = apps.get_model("organisations", "TeamMembership")
    Pairing = apps.get_model("connect", "Pairing")
    teams = defaultdict(lambda: {"leader": set(), "member": set()})
    places = TeamMembership.objects.filter(membership__is_active=True).values_list(
        "team_id", "role", "membership__user_id", "membership__organisation_id"
    )
    for team_id, role, user_id, organisation_id in places.iterator():
        teams[(organisation_id, team_id)][role].add(user_id)
    wanted = {
        (organisation_id, leader_id, person_id)
        for (organisation_id, _), roles in teams.items()
        for leader_id in roles["leader"]
        for person_id in roles["member"]
        if leader_id != person_id
    }
    existing = set(Pairing.objects.values_list("organisation_id", "leader_id", "person_id").iterator())
    now = timezone.now()
    Pairing.objects.bulk_create(
        [
            Pairing(
                id=uuid.uuid4(), organisation_id=org, leader_id=leader, person_id=person, created_at=now, updated_at=now
            )
            for org, leader, person in wanted - existing
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("connect", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(make_pairings, migrations.RunPython.noop)]
