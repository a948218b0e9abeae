from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

# Each module has its own loader in attend/demo; they run in order, after the organisations exist.
DEMO_LOADERS = [
    "attend.demo.organisations.load",
    "attend.demo.sso.load",
    "attend.demo.two_factor.load",
    "attend.demo.reflect.load",
    "attend.demo.practice.load",
    "attend.demo.connect.load",
    "attend.demo.diary.load",
    "attend.demo.rota.load",
    "attend.demo.listen.load",
    "attend.demo.programme.load",
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
