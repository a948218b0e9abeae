"""Send what is due: digests whose time has come, and failed emails ready to try again.

Run it every few minutes (cron or a systemd timer), or leave it running with --every.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from attend.nudges.services import nudges_dispatch


class Command(BaseCommand):
    help = "Plan the digests that are due and hand them to the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS", help="keep running, dispatching this often")

    def handle(self, *args, every=None, **options):
        while True:
            with transaction.atomic():
                planned = nudges_dispatch()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"{len(planned)} digest(s) handed to the worker.")
            if not every:
                return
            time.sleep(every)
