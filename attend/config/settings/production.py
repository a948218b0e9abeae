"""Settings for a real deployment. Everything secret or site-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from attend.core.keys import key_problems

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random value of at least 50 characters, for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
    )

if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names Attend answers to, e.g. attend.example.nhs.uk")

# A wrong key refuses to start here, named by its place in the list, rather than failing on first use.
if key_problems(ENCRYPTION_KEYS):  # noqa: F405
    raise ImproperlyConfigured(" ".join(key_problems(ENCRYPTION_KEYS)))  # noqa: F405

if not os.environ.get("SITE_URL", "").startswith("https://"):
    raise ImproperlyConfigured(
        "Set SITE_URL to Attend's address for links in emails, e.g. https://attend.example.nhs.uk"
    )

DEBUG = False
ALLOW_DEMO_DATA = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
