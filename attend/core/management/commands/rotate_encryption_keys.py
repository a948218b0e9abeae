"""Re-encrypt every encrypted value under the newest key, then prove it: count what is still under an old key.

The walk goes by primary key (keyset pagination: "the next BATCH rows after the last one done"), each batch in
its own short transaction with its rows locked, so the site keeps working while it runs and rows added or removed
meanwhile never make it skip or repeat a row. Values already under the newest key are left alone, so running it
again is cheap. At the end every encrypted column is read again and each value still not readable with the newest
key alone is counted, per model and field; any left (an old server still writing with the old key, say) and the
command fails, so the old key is never dropped while something still needs it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from attend.core.crypto import count_tokens, encrypted_models, is_under_newest_key, stored_tokens
from attend.core.formatting import counted

BATCH = 500


def rotate_batch(model, fields: list[str], *, after) -> tuple[object | None, int]:
    """Re-encrypt the next batch after `after`; return the last primary key seen (None at the end) and how many
    rows were rewritten."""
    with transaction.atomic():
        rows = stored_tokens(model, fields, after=after, batch=BATCH, lock=True)
        if not rows:
            return None, 0
        stale = [pk for pk, *tokens in rows if not all(is_under_newest_key(token) for token in tokens)]
        # Loading decrypts with whichever key fits; saving encrypts with the newest.
        instances = list(model._base_manager.filter(pk__in=stale).only("pk", *fields))
        model._base_manager.bulk_update(instances, fields)
        return rows[-1][0], len(instances)


def count_under_old_keys(model, field: str) -> int:
    """How many stored values of this field the newest key alone cannot read."""
    return count_tokens(model, field, unless=is_under_newest_key)


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value under the newest key in ATTEND_ENCRYPTION_KEYS, then count what is left."

    def handle(self, *args, **options):
        models = encrypted_models()
        for model, fields in models:
            rewritten, after = 0, None
            while True:
                after, count = rotate_batch(model, fields, after=after)
                rewritten += count
                if after is None:
                    break
            self.stdout.write(f"{model._meta.label}: {counted(rewritten, 'row')} re-encrypted")
        self.stdout.write("Values still under an old key:")
        left = 0
        for model, fields in models:
            for field in fields:
                count = count_under_old_keys(model, field)
                left += count
                self.stdout.write(f"  {model._meta.label}.{field}: {count}")
        if left:
            raise CommandError(
                f"{counted(left, 'value')} still under an old key (listed above). Keep the old key, make sure every "
                "server runs with the new key first, and run this command again."
            )
        self.stdout.write("Every value is under the newest key: the old keys can be removed.")
