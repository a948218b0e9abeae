"""Settings shared by every environment. Values that differ per install come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "attend"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "attend.core.admin_site.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    # Two-factor: django-otp's TOTP device model only; its pages and templates are not used (docs/adr/0028).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.forms",
    "attend.core",
    "attend.nhsuk_forms",
    "attend.accounts",
    "attend.organisations",
    "attend.reflect",
    "attend.practice",
    "attend.nudges",
    "attend.connect",
    "attend.diary",
    "attend.listen",
    "attend.programme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "attend.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "attend.accounts.two_factor.middleware.TwoFactorRuleMiddleware",
    "attend.accounts.signed_in.SignedInSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "attend.organisations.middleware.CurrentOrganisationMiddleware",
    "attend.core.middleware.PersonTimeZoneMiddleware",
    "attend.core.middleware.PrivatePagesMiddleware",
    "attend.core.middleware.RefusedInputMiddleware",
]

ROOT_URLCONF = "attend.config.urls"
WSGI_APPLICATION = "attend.config.wsgi.application"
ASGI_APPLICATION = "attend.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "attend.config.jinja2_env.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "attend.core.context_processors.layout",
            ],
        },
    },
    {
        # Only the Django admin (superusers) renders through Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "attend.nhsuk_forms.renderers.NhsukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores row locks: taking the write lock when a transaction starts (and waiting for it) is what
    # keeps concurrent writers, such as pulse answers sealing a batch, from failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:today"
LOGOUT_REDIRECT_URL = "accounts:signed_out"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "name"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# A working day: after eight hours a person signs in again (docs/adr/0004).
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling (docs/adr/0004): failures counted per account and per address.
SIGN_IN_THROTTLE = {
    "window_seconds": 15 * 60,
    "per_account": 5,
    # Many staff share one trust network address, so the address limit is higher.
    "per_address": 50,
}

# Password reset requests (docs/adr/0004): counted per email and per address in an hour. Beyond either limit
# the page answers as usual and no email goes: a reset link is not a way to fill someone's inbox.
PASSWORD_RESET_THROTTLE = {
    "window_seconds": 60 * 60,
    "per_email": 3,
    "per_address": 20,
}

# The second step of sign-in (docs/adr/0028): how long a right password waits for its code, and how many wrong
# codes an account may try in the sign-in window before it pauses (counted apart from passwords).
TWO_FACTOR_PENDING_SECONDS = 5 * 60
TWO_FACTOR_THROTTLE = {"window_seconds": 15 * 60, "per_account": 5}
OTP_TOTP_ISSUER = "Attend"
# Passkeys belong to a site's host name; empty means the host the request came to (set it behind a proxy that
# rewrites Host).
WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "")
# One step either side of now: an authenticator's clock a little out still works, and no code works twice.
OTP_TOTP_TOLERANCE = 1

INVITATION_VALID_DAYS = 7

# Keys for everything encrypted at rest, newest first: journal entries, practice check-ins, Connect's
# conversations and plans, questionnaire answers, pulse comments, calendar links, passwords and events.
# See attend/core/crypto.py (EncryptedJSONField) and README, Encryption keys.
ENCRYPTION_KEYS = env_list("ATTEND_ENCRYPTION_KEYS")

# How many reverse proxies sit in front of Attend (0: none). Sign-in throttling reads the client's
# address from X-Forwarded-For only when this says a proxy put it there.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Built by scripts/build_static.sh (run by `make install`, so by `make run` and `make test`) from the npm
# packages: nhsuk-frontend's script and images, htmx, and our Sass compiled to css/main.css.
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "attend.core.storage.StaticFilesStorage"},
}

# Nothing on a page may come from outside the server.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Browser features a page may use (attend/core/middleware.py PermissionsPolicyMiddleware). Everything is off but
# what Practice's player needs: a Wake Lock keeps the screen on through a practice, and bells may play as a
# sound file (autoplay). Speech synthesis, Web Audio and vibration need no permission. Only features every
# Chromium build knows are listed (Debian's has no bluetooth, web-share or attribution-reporting): an unknown
# name is an error in the browser's console (attend/tests/system/test_practice.py checks).
PERMISSIONS_POLICY = {
    "screen-wake-lock": ["self"],
    "autoplay": ["self"],
    # Passkeys (docs/adr/0028): signing in and adding a passkey, on Attend's own pages only.
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    **dict.fromkeys(
        [
            "accelerometer",
            "browsing-topics",
            "camera",
            "compute-pressure",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "gamepad",
            "geolocation",
            "gyroscope",
            "hid",
            "identity-credentials-get",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "otp-credentials",
            "payment",
            "picture-in-picture",
            "serial",
            "storage-access",
            "usb",
            "window-management",
            "xr-spatial-tracking",
        ],
        [],
    ),
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The background worker, `manage.py worker` (docs/adr/0015): each task runs in its own process, which is stopped
# (killed if need be) and the task marked failed once it has run this many seconds; the memory limit caps each
# task's process, in megabytes of address space (0: no cap).
TASK_TIME_LIMIT = int(os.environ.get("ATTEND_TASK_TIME_LIMIT", "300"))
# Reading the largest calendar Diary takes (50 MB, 100,000 events) took 25 s of CPU and 811 MB on a 2-core test
# machine; 900 s leaves room for a slow server and stays under the Diary watchdog's 30 minutes.
DIARY_IMPORT_TIME_LIMIT = int(os.environ.get("ATTEND_IMPORT_TIME_LIMIT", "900"))
TASK_TIME_LIMITS = {
    "attend.diary.tasks.diary_import_process": DIARY_IMPORT_TIME_LIMIT,
    "attend.diary.tasks.diary_calendar_refresh_process": DIARY_IMPORT_TIME_LIMIT,
}
TASK_MEMORY_LIMIT_MB = int(os.environ.get("ATTEND_TASK_MEMORY_LIMIT_MB", "2048"))

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mailers_from_environment(default_backend: str = SMTP_BACKEND) -> dict:
    """One mailer, configured from EMAIL_* variables (see README: Email)."""
    backend = os.environ.get("EMAIL_BACKEND", default_backend)
    options = {}
    if backend == SMTP_BACKEND:
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "use_ssl": env_bool("EMAIL_USE_SSL"),
            "timeout": 20,
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers_from_environment()
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Attend <attend@localhost>")
# Where links in emails sent by the background worker point (a request's own address is not there to use).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The ORGANIZER of programme sessions' meeting requests (docs/adr/0024); empty: DEFAULT_FROM_EMAIL. Calendar
# replies (Accept, Decline) go to it, so point it at a mailbox someone reads, or keep the no-reply default:
# participants answer in Attend either way.
PROGRAMME_MEETING_ORGANISER = os.environ.get("PROGRAMME_MEETING_ORGANISER", "")

# The demo data command refuses to run where this is False.
ALLOW_DEMO_DATA = False

# Answer links never reach a log (ADR 0018): the filter sits on the loggers that write request paths (so every
# handler, the root's too, gets the hidden form) and on the console handler for anything else.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"hide_answer_links": {"()": "attend.listen.log_filters.HideAnswerLinks"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["hide_answer_links"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["hide_answer_links"],
        },
    },
    "loggers": {
        "django.request": {"filters": ["hide_answer_links"]},
        "django.security": {"filters": ["hide_answer_links"]},
        "django.security.csrf": {"filters": ["hide_answer_links"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["hide_answer_links"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
