"""Back-fill the kept figures (`SealedBatch`) of every batch sealed before the sealing kept them (ADR 0026).

Rounds are read a chunk at a time in id order and each chunk's sealed answers with one query (answers only: no
comment is read or decrypted), so memory stays bounded on a trust's database of millions of answers. A batch that
already has its figures is left alone, so running it again, or after new batches sealed, changes nothing."""

from django.db import migrations

from attend.listen import kept_figures, question_bank

ROUNDS_PER_CHUNK = 200


def _items(item_keys):
    # Only an item's theme matters to the figures: an organisation's own question is under its theme whatever it says.
    extra = [
        question_bank.Item(key=key, theme=question_bank.ORGANISATION_THEME, sub_theme=None, text=key)
        for key in item_keys
        if key.startswith(question_bank.ORGANISATION_ITEM_PREFIX)
    ]
    return question_bank.items_for(item_keys, extra)


def keep_figures_of_sealed_batches(apps, schema_editor):
    PulseRound = apps.get_model("listen", "PulseRound")
    Response = apps.get_model("listen", "Response")
    SealedBatch = apps.get_model("listen", "SealedBatch")
    after = None
    while True:
        rounds = PulseRound.objects.order_by("pk")
        if after is not None:
            rounds = rounds.filter(pk__gt=after)
        chunk = dict(rounds.values_list("pk", "item_keys")[:ROUNDS_PER_CHUNK])
        if not chunk:
            return
        after = max(chunk)
        kept = set(SealedBatch.objects.filter(round_id__in=chunk).values_list("round_id", "batch"))
        answers: dict = {}
        sealed = Response.objects.filter(round_id__in=chunk, batch__isnull=False).values_list(
            "round_id", "batch", "answers"
        )
        for round_id, batch, given in sealed.iterator(chunk_size=2000):
            if (round_id, batch) not in kept:
                answers.setdefault((round_id, batch), []).append(given)
        rows = []
        for (round_id, batch), given in answers.items():
            figures = kept_figures.batch_figures(batch, given, _items(chunk[round_id]))
            rows.append(
                SealedBatch(
                    round_id=round_id,
                    batch=batch,
                    size=figures.size,
                    themes={key: list(value) for key, value in figures.themes.items()},
                    items={key: list(value) for key, value in figures.items.items()},
                )
            )
        SealedBatch.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("listen", "0005_kept_batch_figures"),
    ]

    operations = [
        migrations.RunPython(keep_figures_of_sealed_batches, migrations.RunPython.noop, elidable=True),
    ]
