from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

# Each module adds its own loader here; they run in order, after the organisations exist.
DEMO_LOADERS = [
    "attend.organisations.demo.load",
    "attend.reflect.demo.load",
    "attend.practice.demo.load",
    "attend.connect.demo.load",
    "attend.diary.demo.load",
    "attend.listen.demo.load",
    "attend.programme.demo.load",
]


class Command(BaseCommand):
    help = "Load Attend's invented demo organisations and people, unless they are already there."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is refused under these settings: it is for local use and tests only.")
        with transaction.atomic():
            for path in DEMO_LOADERS:
                message = import_string(path)()
                self.stdout.write(message)
