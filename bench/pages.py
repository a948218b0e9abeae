"""Every page of the role-by-URL table, as each role that can open it, on a SMALL and a LARGE trust (issue 21).

    .venv/bin/python bench/scale.py --preset small && .venv/bin/python bench/scale.py --preset large
    .venv/bin/python bench/pages.py                      # the two SQLite files bench/scale.py made
    bash scripts/with_postgres.sh .venv/bin/python bench/pages.py --postgres   # builds both in the cluster first

The pages are read from the role-by-URL table itself (attend/tests/test_url_roles.py EXPECTED, which merges the
apps' tests/url_roles.py): every (page, role) the table says answers 200, with its URL arguments from private
things made in the generated trust by the same builders the role matrix uses (attend/tests/things.py). Each
database is measured in its own process, through Django's test client (the whole middleware stack, no
network): per page its query count and its CPU time (this process's, not wall time: the machine is shared) over
`--repeats` requests, p95, as a ratio to the floor's p95 over requests timed one beside each of the page's, the
accessibility statement (the same layout and middleware, no queries of its own): a shared machine slows both
alike, so a busy minute moves the page's figure and its floor together, not the ratio (ADR 0029). A page
taking over a second of CPU is timed once.
Prints a row per page; the last line is `pages: worst_ratio=<x> worst_page=<name> growing_queries=<n>` (the
ratio at LARGE; a page grows when it makes more queries at LARGE than at SMALL).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FLOOR = ("core:accessibility", "member")
SLOW_SECONDS = 1.0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed_get(client, url: str) -> tuple[float, int, int, int]:
    """One request: its CPU seconds, queries, status and bytes."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # CaptureQueriesContext counts nothing once Django's log of 9,000 queries is full
    with CaptureQueriesContext(connection) as captured:
        started = time.process_time()
        response = client.get(url)
        content = b"".join(response) if response.streaming else response.content
        elapsed = time.process_time() - started
    return elapsed, len(captured), response.status_code, len(content)


def time_page(client, url: str, floor_client, floor_url: str, repeats: int) -> list:
    """[status, queries, cpu_p95, bytes, floor_cpu_p95] of one page, the floor timed just before each request."""
    timings, floor_timings, queries, status, size = [], [], 0, 0, 0
    for attempt in range(repeats + 1):
        # Beside each request of the page, so a busy minute on the shared machine slows both alike.
        floor_elapsed = timed_get(floor_client, floor_url)[0]
        elapsed, count, response_status, response_size = timed_get(client, url)
        if attempt <= 1:  # the first request settles what a first visit does; its count is the fallback
            queries, status, size = count, response_status, response_size
        if attempt or not repeats:
            timings.append(elapsed)
            floor_timings.append(floor_elapsed)
        if elapsed > SLOW_SECONDS:  # a page this slow is timed once: it fails the target whatever the p95
            timings, floor_timings = timings or [elapsed], floor_timings or [floor_elapsed]
            break
    return [status, queries, p95(timings), size, p95(floor_timings)]


def measure(database: str, repeats: int, only: str) -> dict:
    """In this process: every page on `database`.
    Returns {"role page": [status, queries, cpu_p95, bytes, floor_cpu_p95 beside it]}."""
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attend.config.settings.test")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from attend.demo.scale import SIGN_INS
    from attend.organisations.models import Membership
    from attend.tests import things
    from attend.tests.roles import ROLES
    from attend.tests.test_url_roles import EXPECTED, url_for

    setup_test_environment()  # the test client's "testserver" host, and the locmem mail backend
    people = {
        role: Membership.objects.select_related("user", "organisation").get(user__email=email)
        for role, email in SIGN_INS.items()
    }
    team = people["leader"].teams_led().first()
    arguments = things.journal(leader=people["leader"], member=people["member"])
    arguments.update(
        things.private_things(**{role: people[role] for role in ("leader", "member", "facilitator", "org_admin")})
    )
    pages = [FLOOR] + [
        (name, role) for name in sorted(EXPECTED) for role in ROLES[1:] if EXPECTED[name][role] == 200 and only in name
    ]
    clients = {}
    for role in {role for _, role in pages}:
        clients[role] = Client()
        clients[role].force_login(people[role].user)
    floor_url = url_for(FLOOR[0], team, people["member"], arguments)
    results = {}
    for name, role in pages:
        url = url_for(name, team, people["member"], arguments)
        results[f"{role} {name}"] = row = time_page(clients[role], url, clients[FLOOR[1]], floor_url, repeats)
        where = "LARGE" if "large" in database else "SMALL" if "small" in database else database
        print(
            f"  {where} {role} {name}: {row[1]} queries, {row[2] * 1000:.0f} ms (floor {row[4] * 1000:.0f} ms)",
            file=sys.stderr,
            flush=True,
        )
    return results


def measure_and_roll_back(database: str, repeats: int, only: str) -> dict:
    """Measure inside one transaction rolled back at the end, so the private things made for the URLs (and
    whatever the pages write) never accumulate in the trust: every run measures the same data."""
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attend.config.settings.test")
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        results = measure(database, repeats, only)
        transaction.set_rollback(True)
    return results


def start_measure(database: str, repeats: int, only: str) -> subprocess.Popen:
    """A child process measuring one database; its progress goes to our stderr, its result to a pipe."""
    command = [sys.executable, __file__, "--measure", database, "--repeats", str(repeats), "--only", only]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603 (our own script)


def result_of(child: subprocess.Popen, database: str) -> dict:
    out, _ = child.communicate()
    if child.returncode:
        raise SystemExit(f"measuring {database} failed")
    return json.loads(out.strip().splitlines()[-1])


def postgres_databases(presets: list[str]) -> tuple[str, str]:
    """Two databases in the throwaway cluster scripts/with_postgres.sh started, each grown by bench/scale.py."""
    base = os.environ["DATABASE_URL"]
    import psycopg

    urls = []
    for preset in presets:
        url = base.rsplit("/", 1)[0] + f"/scale_{preset}"
        with psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS scale_{preset}")
            connection.execute(f"CREATE DATABASE scale_{preset}")
        subprocess.run(  # noqa: S603 (our own script)
            [sys.executable, str(ROOT / "bench" / "scale.py"), "--preset", preset, "--database", url], check=True
        )
        urls.append(url)
    return urls[0], urls[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", default=f"sqlite:///{ROOT / 'build' / 'scale-small.sqlite3'}")
    parser.add_argument("--large", default=f"sqlite:///{ROOT / 'build' / 'scale-large.sqlite3'}")
    parser.add_argument("--postgres", action="store_true", help="build SMALL and LARGE in $DATABASE_URL's cluster")
    parser.add_argument("--sizes", default="small,large", help="with --postgres: the two presets to build")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--only", default="", help="only the pages whose name holds this (core:, listen:...)")
    parser.add_argument("--markdown", help="also write the table, one row a page (its slowest role), to this file")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        print(json.dumps(measure_and_roll_back(options.measure, options.repeats, options.only)))
        return
    small_url, large_url = (
        postgres_databases(options.sizes.split(",")) if options.postgres else (options.small, options.large)
    )
    # Side by side: CPU time is per process, so neither run slows the other's figures.
    children = [start_measure(url, options.repeats, options.only) for url in (small_url, large_url)]
    small, large = (result_of(child, url) for child, url in zip(children, (small_url, large_url), strict=True))
    floor_key = f"{FLOOR[1]} {FLOOR[0]}"
    floors = small[floor_key][2], large[floor_key][2]
    print(
        f"floor ({floor_key}): {floors[0] * 1000:.1f} ms SMALL, {floors[1] * 1000:.1f} ms LARGE CPU p95 "
        "(each page's ratio is to the floor timed beside it)"
    )
    print(f"{'page':<58} {'q SMALL':>7} {'q LARGE':>7} {'x SMALL':>7} {'x LARGE':>7} {'ms LARGE':>8} {'KB':>6}")
    worst, worst_page, growing = 0.0, "", 0
    for key in large:
        if key == floor_key:
            continue
        status_s, queries_s, cpu_s, _, floor_s = small.get(key, [0, 0, 0.0, 0, 1.0])
        status_l, queries_l, cpu_l, size_l, floor_l = large[key]
        ratio_s, ratio_l = cpu_s / floor_s, cpu_l / floor_l
        grows = queries_l > queries_s
        growing += grows
        if ratio_l > worst:
            worst, worst_page = ratio_l, key.replace(" ", ":", 1)
        flags = ("  GROWS" if grows else "") + (
            "" if status_s == status_l == 200 else f"  status {status_s}/{status_l}"
        )
        print(
            f"{key:<58} {queries_s:>7} {queries_l:>7} {ratio_s:>7.1f} {ratio_l:>7.1f} {cpu_l * 1000:>8.0f} "
            f"{size_l / 1024:>6.0f}{flags}"
        )
    summary = f"pages: worst_ratio={worst:.1f} worst_page={worst_page} growing_queries={growing}"
    if options.markdown:
        Path(options.markdown).write_text(markdown(small, large, floors, summary))
    print(summary)


def markdown(small: dict, large: dict, floors: tuple[float, float], summary: str) -> str:
    """A page's row is its slowest role at LARGE (by ratio): queries at both sizes, CPU p95 against the floor."""
    slowest: dict = {}
    for key, (_, queries_l, cpu_l, size_l, floor_l) in large.items():
        role, name = key.split(" ", 1)
        if name != FLOOR[0] and cpu_l / floor_l >= slowest.get(name, ("", 0, 0.0, 0, 1.0, -1.0))[5]:
            slowest[name] = (role, queries_l, cpu_l, size_l, floor_l, cpu_l / floor_l)
    lines = [
        f"floor ({FLOOR[0]}, {FLOOR[1]}): {floors[0] * 1000:.1f} ms SMALL, {floors[1] * 1000:.1f} ms LARGE CPU p95;"
        " each ratio is to the floor timed beside that page",
        "",
        "| page | slowest role | queries SMALL | queries LARGE | x floor SMALL | x floor LARGE | ms LARGE "
        "| floor ms | KB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, (role, queries_l, cpu_l, size_l, floor_l, ratio_l) in sorted(slowest.items()):
        _, queries_s, cpu_s, _, floor_s = small.get(f"{role} {name}", [0, 0, 0.0, 0, 1.0])
        lines.append(
            f"| {name} | {role} | {queries_s} | {queries_l} | {cpu_s / floor_s:.1f} | {ratio_l:.1f} "
            f"| {cpu_l * 1000:.0f} | {floor_l * 1000:.0f} | {size_l / 1024:.0f} |"
        )
    return "\n".join([*lines, "", summary, ""])


if __name__ == "__main__":
    main()
