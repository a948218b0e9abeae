"""Grow a database into a realistic trust, deterministically from a seed (issue 21).

    .venv/bin/python bench/scale.py --preset large                # 8,000 people, 600 teams, 24 months
    .venv/bin/python bench/scale.py --people 400 --teams 30 --months 6 --seed 3 --database sqlite:///build/x.sqlite3
    bash scripts/with_postgres.sh .venv/bin/python bench/scale.py --preset small --database "$DATABASE_URL"

Makes the database from nothing (an SQLite file is replaced; a PostgreSQL database is migrated as it is), then
one organisation with a person per role (attend.demo.scale.SIGN_INS, password attend-scale) grown by
attend.demo.scale.grow, and prints what it wrote and how long it took (wall and this process's CPU).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PRESETS = {"tiny": (80, 6, 2), "small": (400, 30, 6), "large": (8000, 600, 24)}


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=PRESETS, help="tiny, small or large (overridden by the numbers)")
    parser.add_argument("--people", type=int)
    parser.add_argument("--teams", type=int)
    parser.add_argument("--months", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--diaries", type=int, default=None, help="leaders beyond the one in focus with a diary")
    parser.add_argument("--database", help="a DATABASE_URL; default sqlite:///build/scale-<preset>.sqlite3")
    found = parser.parse_args(argv)
    people, teams, months = PRESETS[found.preset or "small"]
    found.people = found.people or people
    found.teams = found.teams or teams
    found.months = found.months or months
    found.database = found.database or f"sqlite:///{ROOT / 'build' / f'scale-{found.preset or "custom"}.sqlite3'}"
    if found.diaries is None:
        found.diaries = 5 if found.people >= 2000 else 1
    return found


def main(argv=None) -> None:
    options = arguments(argv)
    os.environ["DATABASE_URL"] = options.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attend.config.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if options.database.startswith("sqlite:///"):
        path = Path(options.database.removeprefix("sqlite:///"))
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    from attend.demo import scale

    started, cpu = time.perf_counter(), time.process_time()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    organisation, _team, people = scale.trust_create()
    focus = scale.Focus(**{role: people[role] for role in ("leader", "member", "facilitator", "org_admin")})
    size = scale.Size(people=options.people, teams=options.teams, months=options.months)
    counts = scale.grow(organisation=organisation, size=size, seed=options.seed, focus=focus, diaries=options.diaries)
    wall, cpu = time.perf_counter() - started - migrated, time.process_time() - cpu
    for what, count in counts.items():
        print(f"{what}: {count:,}")
    print(f"database: {options.database}")
    print(
        f"scale: people={options.people} teams={options.teams} months={options.months} "
        f"build_seconds={wall:.0f} cpu_seconds={cpu:.0f} (migrate {migrated:.0f} s more)"
    )


if __name__ == "__main__":
    main()
