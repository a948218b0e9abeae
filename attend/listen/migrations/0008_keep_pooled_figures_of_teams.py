"""Back-fill the heatmap's pooled figures (`PooledTeamFigure`) of every team from its kept batches (ADR 0026,
"Pooled per team").

Teams are read a chunk at a time in id order, with one query for each chunk's kept batches (their theme sums only:
no answer, no comment), so memory stays bounded on a trust's database. Each chunk's pooled rows are rebuilt from its
batches (deleted, then written again), so running it twice, or after more batches sealed, changes nothing."""

from django.db import migrations

from attend.listen import kept_figures

TEAMS_PER_CHUNK = 100


def pooled_rows(PooledTeamFigure, organisation_of: dict, kept) -> list:
    """The rows to keep for these teams, from their kept batches (team id first in each of `kept`)."""
    by_team: dict = {}
    for team_id, *batch in kept:
        by_team.setdefault(team_id, []).append(batch)
    return [
        PooledTeamFigure(
            organisation_id=organisation_of[team_id],
            team_id=team_id,
            period=period,
            theme=theme,
            batch_size=batch_size,
            batches=figures.batches,
            answering=figures.answering,
            total=figures.total,
        )
        for team_id, batches in by_team.items()
        for (period, theme, batch_size), figures in kept_figures.pooled_team(batches).items()
    ]


def keep_pooled_figures_of_teams(apps, schema_editor):
    Team = apps.get_model("organisations", "Team")
    SealedBatch = apps.get_model("listen", "SealedBatch")
    PooledTeamFigure = apps.get_model("listen", "PooledTeamFigure")
    after = None
    while True:
        teams = Team.objects.order_by("pk")
        if after is not None:
            teams = teams.filter(pk__gt=after)
        chunk = dict(teams.values_list("pk", "organisation_id")[:TEAMS_PER_CHUNK])
        if not chunk:
            return
        after = max(chunk)
        kept = (
            SealedBatch.objects.filter(round__team_id__in=chunk)
            .exclude(round__invite="link")  # team-link rounds never show in the heatmap (ADR 0018)
            .values_list(
                "round__team_id", "round_id", "round__opens_on", "round__batch_size", "batch", "size", "themes"
            )
            .iterator(chunk_size=2000)
        )
        rows = pooled_rows(PooledTeamFigure, chunk, kept)
        PooledTeamFigure.objects.filter(team_id__in=chunk).delete()
        PooledTeamFigure.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("listen", "0007_pooled_team_figures"),
    ]

    operations = [
        migrations.RunPython(keep_pooled_figures_of_teams, migrations.RunPython.noop, elidable=True),
    ]
