"""Settings for the test suite. DATABASE_URL picks SQLite (default) or a throwaway PostgreSQL."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
ALLOW_DEMO_DATA = True
# The demo loaders and `manage.py demo_data`: never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "attend.demo"]  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ENCRYPTION_KEYS = ["dGVzdC1rZXktbmV3ZXN0LW5vdC1zZWNyZXQtMTIzNDU=", "dGVzdC1rZXktb2xkZXItbm90LXNlY3JldC0xMjM0NTY="]

# Browser tests run the server in other threads. An in-memory SQLite database is one connection shared by
# every thread, which breaks when two requests overlap (an htmx autosave during a form post); a file gives
# each thread its own connection, as in real use.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # ATTEND_TEST_SQLITE lets two test runs on one machine keep out of each other's way.
    test_database = os.environ.get("ATTEND_TEST_SQLITE", str(BASE_DIR / "build" / "test.sqlite3"))  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": test_database}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
