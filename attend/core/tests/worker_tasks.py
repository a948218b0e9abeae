"""Stand-in background tasks for test_worker: ones that never end, ignore SIGTERM or eat memory, and a plain one.

Each writes its process id to a file first, so the test can check the process is really gone afterwards."""

import signal
import time
from pathlib import Path

from django.tasks import task


def _say_pid(pid_file: str) -> None:
    import os

    Path(pid_file).write_text(str(os.getpid()))


@task
def never_ends(pid_file: str) -> None:
    _say_pid(pid_file)
    while True:
        time.sleep(0.05)


@task
def ignores_sigterm(pid_file: str) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _say_pid(pid_file)
    while True:
        time.sleep(0.05)


@task
def eats_memory(pid_file: str) -> None:
    _say_pid(pid_file)
    hoard = []
    while True:  # 5.3 GB was seen in the wild; the cap stops this long before
        hoard.append(bytearray(50 * 1024 * 1024))


@task
def quick(word: str) -> str:
    return word.upper()


@task
def crashes(pid_file: str) -> None:
    import os

    _say_pid(pid_file)
    os._exit(3)  # as a C extension's fatal error would: no exception, no result recorded
