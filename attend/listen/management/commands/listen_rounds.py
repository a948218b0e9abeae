"""Close pulse rounds whose window has ended and open the next round of each monthly or quarterly one.

Run it daily (cron or a systemd timer), or leave it running with --every.
"""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from attend.listen.services import pulse_rounds_roll


class Command(BaseCommand):
    help = "Close ended pulse rounds and open the next ones that are due."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS", help="keep running, rolling rounds this often")

    def handle(self, *args, every=None, **options):
        while True:
            done = pulse_rounds_roll(today=timezone.localdate())
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"{done['closed']} round(s) closed, {done['opened']} opened.")
            if not every:
                return
            time.sleep(every)
