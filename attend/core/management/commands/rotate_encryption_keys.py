from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from attend.core.crypto import encrypted_fields
from attend.core.formatting import counted

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value under the newest key in ATTEND_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            count = 0
            # Loading decrypts with whichever key fits; saving encrypts with the newest.
            for start in range(0, model._default_manager.count(), BATCH):
                with transaction.atomic():
                    rows = list(model._default_manager.order_by("pk").only("pk", *fields)[start : start + BATCH])
                    model._default_manager.bulk_update(rows, fields)
                    count += len(rows)
            self.stdout.write(f"{model._meta.label}: {counted(count, 'row')} re-encrypted")
