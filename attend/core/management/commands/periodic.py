"""Run the clock-driven work of every module: digests, calendar refreshes, pulse rounds.

Run it every few minutes from cron or a systemd timer, or leave it running with --every.
"""

import time

from django.core.management.base import BaseCommand

from attend.core.periodic import periodic_round


class Command(BaseCommand):
    help = "Run every module's periodic job once (or keep running with --every)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS", help="keep running, one round this often")

    def handle(self, *args, every=None, **options):
        while True:
            for line in periodic_round():
                if options["verbosity"] > 1 or not every:
                    self.stdout.write(line)
            if not every:
                return
            time.sleep(every)
