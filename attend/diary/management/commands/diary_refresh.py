"""Refresh the subscription links and CalDAV calendars that are due: once, or every N seconds.

`python manage.py diary_refresh --every 300` runs beside the task worker (see `make run`); each due calendar
is handed to the worker, so slow calendar servers never hold this loop up.
"""

import time

from django.core.management.base import BaseCommand

from attend.core.formatting import counted
from attend.diary import services


class Command(BaseCommand):
    help = "Refresh due Diary subscription links and CalDAV calendars (hands each to the task worker)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Keep running, checking every SECONDS.")
        parser.add_argument("--here", action="store_true", help="Refresh in this process, not in the worker.")

    def handle(self, *args, every: int = 0, here: bool = False, **options):
        while True:
            count = services.diary_refresh_due(in_background=not here)
            self.stdout.write(f"Diary: {counted(count, 'calendar')} due for refresh.")
            if not every:
                return
            time.sleep(every)
