"""How much CPU Listen's heatmap costs at trust scale, as a ratio to a floor page measured in the same run.

Builds an organisation of N teams (divisions of ten: a division and nine wards) with 24 monthly rounds each, two
sealed batches of five a round, in a throwaway SQLite database. The kept rows are written in bulk, exactly what the
sealing keeps (`kept_figures.batch_figures` of random answers, and the team's pooled figures from
`services.sealing.team_figures_keep`); no answer rows are written, since the heatmap never reads them. Then times,
in this process's CPU (the machine is shared), the admin's heatmap over all rounds and over one quarter, and a
division leader's heatmap, each the median of a few requests, against the accessibility page (same layout and
middleware, no queries of its own). The last line is `listen_heatmap: teams=<n> worst_ratio=<x> worst_ms=<y>`.
Run: .venv/bin/python bench/listen_heatmap.py [teams] [repeats]   (targets: ratio <= 3, no request above 1 s)
"""

import datetime
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attend.config.settings.test")
os.environ["ATTEND_TEST_SQLITE"] = str(Path(tempfile.mkdtemp()) / "bench_listen.sqlite3")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

MONTHS = 24
BATCHES = 2
SIZE = 5


def build(teams: int):
    from attend.listen import kept_figures, question_bank
    from attend.listen.models import PulseRound, SealedBatch
    from attend.listen.services import sealing
    from attend.organisations.models import Role, Team
    from attend.organisations.tests.factories import OrganisationFactory, person_in

    rng = random.Random(21)
    organisation = OrganisationFactory(name="Bench Trust")
    divisions = Team.objects.bulk_create(
        [Team(organisation=organisation, name=f"Division {d}") for d in range(max(1, teams // 10))]
    )
    wards = Team.objects.bulk_create(
        [
            Team(organisation=organisation, name=f"Ward {d}.{w}", parent=division)
            for d, division in enumerate(divisions)
            for w in range(9)
        ][: max(0, teams - len(divisions))]
    )
    admin = person_in(organisation, role=Role.ADMIN, email="admin@bench.test")
    leader = person_in(organisation, team=divisions[0], role=Role.LEADER, email="leader@bench.test")
    item_keys = list(question_bank.template("monthly-pulse").item_keys)
    items = question_bank.items_for(item_keys)
    # A few hundred random batches' figures, reused: the kept rows are what the sealing writes for such answers.
    samples = [
        kept_figures.batch_figures(0, [{k: rng.randint(1, 5) for k in item_keys} for _ in range(SIZE)], items)
        for _ in range(300)
    ]
    today = datetime.date(2026, 12, 1)
    keep_team = getattr(sealing, "team_figures_keep", None)  # absent before the heatmap read pooled figures
    for team in [*divisions, *wards]:
        with transaction.atomic():
            rounds = PulseRound.objects.bulk_create(
                [
                    PulseRound(
                        organisation=organisation,
                        team=team,
                        template_key="monthly-pulse",
                        item_keys=item_keys,
                        opens_on=(day := today - datetime.timedelta(days=31 * m)),
                        closes_on=day + datetime.timedelta(days=13),
                        batch_size=SIZE,
                        comment_threshold=10,
                        invited=12,
                        is_closed=True,
                    )
                    for m in range(MONTHS)
                ]
            )
            kept = []
            for pulse_round in rounds:
                for batch in range(1, BATCHES + 1):
                    figures = rng.choice(samples)
                    kept.append(
                        SealedBatch(
                            round=pulse_round,
                            batch=batch,
                            size=figures.size,
                            themes={k: list(v) for k, v in figures.themes.items()},
                            items={k: list(v) for k, v in figures.items.items()},
                        )
                    )
            SealedBatch.objects.bulk_create(kept)
            if keep_team is not None:
                keep_team(pulse_round=rounds[0])
    return admin, leader, today


def cpu_ms(client: Client, url: str, repeats: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(repeats):
        gc.collect()
        started = time.process_time()
        response = client.get(url)
        times.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    return statistics.median(times), size


def main() -> None:
    teams = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    started = time.monotonic()
    admin, leader, today = build(teams)
    print(f"built {teams} teams x {MONTHS} rounds in {time.monotonic() - started:.0f} s")
    admin_client, leader_client = Client(), Client()
    admin_client.force_login(admin.user)
    leader_client.force_login(leader.user)
    quarter = f"{today.year} Q{(today.month - 1) // 3 + 1}"
    heatmap = reverse("listen:heatmap")
    pages = [
        ("floor (accessibility)", admin_client, reverse("core:accessibility")),
        ("heatmap, all rounds (admin)", admin_client, heatmap),
        ("heatmap, one quarter (admin)", admin_client, f"{heatmap}?quarter={quarter}"),
        ("heatmap (leader)", leader_client, heatmap),
    ]
    for _, client, url in pages:
        client.get(url)  # warm: templates compiled, caches filled
    floor = None
    worst = (0.0, 0.0)
    for name, client, url in pages:
        ms, size = cpu_ms(client, url, repeats)
        floor = floor or ms
        ratio = ms / floor
        worst = max(worst, (ratio, ms))
        print(f"{name:32} {ms:8.1f} ms CPU  {ratio:6.1f}x floor  {size // 1024:5d} KB")
    print(f"listen_heatmap: teams={teams} worst_ratio={worst[0]:.1f} worst_ms={worst[1]:.0f}")
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
