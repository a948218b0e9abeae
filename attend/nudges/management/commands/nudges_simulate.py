import json

from django.core.management.base import BaseCommand

from attend.nudges.simulation import simulate


class Command(BaseCommand):
    help = "Simulate a busy month of notifications for the demo organisation (nothing is kept) and print figures."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--json", action="store_true", help="one JSON line, for scripts")

    def handle(self, *args, days, json: bool = False, **options):
        figures = simulate(days=days)
        if json:
            self.stdout.write(_json_line(figures))
            return
        for name, value in figures.items():
            self.stdout.write(f"{name.replace('_', ' ')}: {value}")


def _json_line(figures: dict) -> str:
    return json.dumps(figures, sort_keys=True)
