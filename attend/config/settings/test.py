"""Settings for the test suite. DATABASE_URL picks SQLite (default) or a throwaway PostgreSQL."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
ALLOW_DEMO_DATA = True
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
