"""Keep which items each organisation's rounds by single-use links asked, over all rounds and per quarter
(`AskedItem`, ADR 0029): the heatmap's columns, read as a few rows instead of every round's questions. Back-filled
from the rounds' distinct opening days and questions (a few hundred rows however many rounds); keeping twice changes
nothing."""

import django.db.models.deletion
from django.db import migrations, models

from attend.listen import kept_figures


def keep_asked_items(apps, schema_editor):
    PulseRound = apps.get_model("listen", "PulseRound")
    AskedItem = apps.get_model("listen", "AskedItem")
    asked = set()
    rounds = (
        PulseRound.objects.exclude(invite="link").order_by().values_list("organisation_id", "opens_on", "item_keys")
    )
    for organisation_id, opens_on, item_keys in rounds.distinct().iterator():
        for period in (kept_figures.ALL_ROUNDS, kept_figures.quarter_of(opens_on)):
            asked.update((organisation_id, period, key) for key in item_keys)
    AskedItem.objects.bulk_create(
        [AskedItem(organisation_id=o, period=p, item_key=k) for o, p, k in sorted(asked, key=str)],
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("listen", "0009_index_rounds_by_opening_day"),
        ("organisations", "0004_two_factor_rule"),
    ]

    operations = [
        migrations.CreateModel(
            name="AskedItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.CharField(blank=True, max_length=10)),
                ("item_key", models.CharField(max_length=40)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "period", "item_key"), name="one_asked_item_per_period"
                    )
                ],
            },
        ),
        migrations.RunPython(keep_asked_items, migrations.RunPython.noop),
    ]
