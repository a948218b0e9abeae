"""What the service worker keeps so Practice works offline, and a version that changes when any of it does."""

import hashlib
import os

from django.contrib.staticfiles import finders

STATIC_ASSETS = (
    "css/main.css",
    "js/nhsuk-frontend.min.js",
    "js/htmx.min.js",
    "practice/player.js",
    "practice/schedule.js",
    "practice/bells.js",
    "practice/pending-log.js",
    "practice/offline.js",
    "nhsuk/assets/images/favicon.ico",
    "nhsuk/assets/images/favicon.svg",
    "nhsuk/assets/images/nhsuk-icon-180.png",
    "nhsuk/assets/images/nhsuk-icon-192.png",
    "nhsuk/assets/images/nhsuk-icon-512.png",
)


def version(precache: list[str]) -> str:
    """A hash of the precached URLs and when each static file last changed: in development the URLs stay the
    same while the files change, and a new version is what makes browsers fetch them again."""
    digest = hashlib.sha256("\n".join(precache).encode())
    for path in STATIC_ASSETS:
        found = finders.find(path)
        if found:
            stat = os.stat(found)
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:16]
