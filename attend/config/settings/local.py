"""Settings for a developer's machine and the `make run` demo."""

import os

from .base import *  # noqa: F403
from .base import env_list, mailers_from_environment

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "local-development-only-not-secret"
MAILERS = mailers_from_environment("django.core.mail.backends.console.EmailBackend")
ALLOW_DEMO_DATA = True
# The demo loaders and `manage.py demo_data`: never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "attend.demo"]  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A fixed key so the demo's encrypted data (journal, plans, diary...) survives restarts. Not secret: never
# use it for real data.
ENCRYPTION_KEYS = env_list("ATTEND_ENCRYPTION_KEYS") or ["bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1ub3Qtc2VjcmU="]
