"""32 people using Attend at once on gunicorn, against the LARGE trust, for 60 seconds (issue 21).

    .venv/bin/python bench/scale.py --preset large        # once
    .venv/bin/python bench/load.py [--clients 32] [--seconds 60] [--workers 4] [--database sqlite:///...]

Starts gunicorn (the project's WSGI app, test settings: DEBUG off, a fast password hasher so signing in 32 people
does not dominate) on a free port. Each client is a thread with its own cookie jar: it signs in through the real
form, then opens a page from its role's everyday mix, pauses 5 seconds as a person would, and again. One admin
opens only the Listen heatmap and index. Prints requests per second, p95 wall time per page (from the client:
the server's queueing included), errors, and the peak RSS of each gunicorn worker (VmHWM from /proc).
"""

import argparse
import contextlib
import http.cookiejar
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "attend-scale"
PAUSE = 5.0
EVERYDAY = ["/", "/reflect/", "/practice/", "/practice/history/", "/connect/", "/diary/", "/diary/week/", "/programme/"]
MIXES = {
    "member": [*EVERYDAY, "/nudges/for-you/", "/connect/plan/"],
    "leader": [*EVERYDAY, "/listen/"],
    "admin": ["/listen/organisation/teams-by-theme/", "/listen/"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Person:
    def __init__(self, base: str, email: str, mix: list[str], seed: int):
        self.base, self.email, self.mix = base, email, mix
        self.rng = random.Random(seed)
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.jar = jar

    def sign_in(self) -> None:
        page = self.opener.open(f"{self.base}/account/sign-in/", timeout=120).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": self.email, "password": PASSWORD})
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            f"{self.base}/account/sign-in/", data=body.encode(), headers={"Referer": f"{self.base}/account/sign-in/"}
        )
        self.opener.open(request, timeout=120).read()
        if not any(cookie.name == "sessionid" for cookie in self.jar):
            raise RuntimeError(f"{self.email} could not sign in")

    def run(self, until: float, results: dict, errors: list, lock) -> None:
        try:
            self.sign_in()
        except Exception as error:  # noqa: BLE001 (a benchmark reports every failure and carries on)
            with lock:
                errors.append(f"sign in {self.email}: {error}")
            return
        time.sleep(self.rng.uniform(0, PAUSE))  # people do not all start at the same moment
        while time.monotonic() < until:
            path = self.rng.choice(self.mix)
            started = time.monotonic()
            try:
                response = self.opener.open(f"{self.base}{path}", timeout=300)
                response.read()
                ok = response.status == 200
            except (urllib.error.URLError, TimeoutError) as error:
                ok = False
                with lock:
                    errors.append(f"{path}: {error}")
            elapsed = time.monotonic() - started
            with lock:
                results[path].append(elapsed)
                if not ok:
                    errors.append(f"{path}: status")
            time.sleep(PAUSE)


def workers_of(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == master:
                found.append(int(entry.name))
    return found


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def people(clients: int, first_member: int) -> list[tuple[str, list[str]]]:
    """The admin on the heavy Listen pages; the demo-like leader and member; then generated leaders and people."""
    chosen = [("admin@scale.example", MIXES["admin"]), ("leader@scale.example", MIXES["leader"])]
    chosen.append(("member@scale.example", MIXES["member"]))
    for n in range(clients - 3):
        if n % 4 == 0:  # the first people of the generated trust lead its teams
            chosen.append((f"p1.{n // 4}@scale.scale.example", MIXES["leader"]))
        else:
            chosen.append((f"p1.{first_member + n}@scale.scale.example", MIXES["member"]))
    return chosen[:clients]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--first-member", type=int, default=1000, help="generated people from here on lead nothing")
    parser.add_argument("--database", default=f"sqlite:///{ROOT / 'build' / 'scale-large.sqlite3'}")
    options = parser.parse_args()
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": options.database,
        "DJANGO_SETTINGS_MODULE": "attend.config.settings.test",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = [sys.executable, "-m", "gunicorn", "attend.config.wsgi", "--bind", f"127.0.0.1:{port}"]
    gunicorn += ["--workers", str(options.workers), "--timeout", "600", "--log-level", "warning"]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=environment)  # noqa: S603 (our own command line)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/accessibility/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        results: dict = defaultdict(list)
        errors: list = []
        lock = threading.Lock()
        until = time.monotonic() + options.seconds
        threads = [
            threading.Thread(target=Person(base, email, mix, seed).run, args=(until, results, errors, lock))
            for seed, (email, mix) in enumerate(people(options.clients, options.first_member))
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        peaks: dict = {}
        while any(thread.is_alive() for thread in threads):
            for pid in workers_of(server.pid):
                with contextlib.suppress(OSError):
                    peaks[pid] = max(peaks.get(pid, 0.0), peak_rss_mb(pid))
            time.sleep(1)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(times) for times in results.values())
    print(f"{options.clients} clients, {options.seconds} s, {options.workers} gunicorn workers, {options.database}")
    print(f"{'page':<28} {'requests':>8} {'p95 s':>7} {'max s':>7}")
    for path, times in sorted(results.items()):
        print(f"{path:<28} {len(times):>8} {p95(times):>7.2f} {max(times):>7.2f}")
    print("peak RSS per worker (MB): " + ", ".join(f"{peak:.0f}" for peak in sorted(peaks.values())))
    for error in errors[:10]:
        print(f"error: {error}")
    worst = max((p95(times) for times in results.values()), default=0.0)
    print(
        f"load: throughput={total / elapsed:.1f}/s requests={total} errors={len(errors)} worst_p95={worst:.2f}s "
        f"peak_rss_mb={max(peaks.values(), default=0):.0f}"
    )


if __name__ == "__main__":
    main()
