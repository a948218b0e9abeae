import datetime
import functools
import uuid
import zoneinfo
from binascii import unhexlify

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from attend.core.crypto import EncryptedJSONField

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


def default_working_days() -> list[int]:
    return [0, 1, 2, 3, 4]


@functools.cache
def _time_zones() -> tuple[tuple[str, str], ...]:
    # `available_timezones` walks the time zone folders on disk, 10 ms each call: once a process is enough.
    return tuple((name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()) if "/" in name)


def time_zone_choices() -> list[tuple[str, str]]:
    return list(_time_zones())


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


# Callables, not fixed times: Django's system check warns about a fixed time default whenever it is run within
# ten seconds of that time of day (a deploy check at 17:00:00 would fail).
def working_day_starts() -> datetime.time:
    return datetime.time(9, 0)


def working_day_ends() -> datetime.time:
    return datetime.time(17, 0)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in. Email is the sign-in name; working hours feed Diary and Nudges."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", max_length=254, unique=True)
    name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can open the Django admin (superusers only use it).")
    date_joined = models.DateTimeField(default=timezone.now)

    time_zone = models.CharField(max_length=64, default="Europe/London")
    working_days = models.JSONField(default=default_working_days)
    working_day_start = models.TimeField(default=working_day_starts)
    working_day_end = models.TimeField(default=working_day_ends)
    # A rota or calendar-read shifts, and one-off changes (accounts/working_pattern.py `to_stored`). Empty is
    # the fixed days and hours above, so every account made before rotas keeps its setting as it was.
    working_pattern = models.JSONField(default=dict, blank=True)

    # Bumped by "sign out everywhere else": it is part of the session auth hash, so every other session of the
    # person stops verifying at its next request and Django flushes it (docs/adr/0028).
    sessions_ended_count = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        # An organisation's people are listed by name: SQLite walks this index and stops at a page's worth
        # (`organisations.selectors.people_listed`), rather than sorting a trust's 8,000 people for 50.
        indexes = [models.Index(fields=["name"], name="accounts_user_by_name")]

    def __str__(self):
        return self.name or self.email

    def save(self, *args, **kwargs):
        # Stored lower-case, so one address is one account however it is typed.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        # Unchanged until the person first signs out everywhere, so adding this ended no one's session.
        password_hash = super()._get_session_auth_hash(secret=secret)
        if not self.sessions_ended_count:
            return password_hash
        return salted_hmac(
            "attend.accounts.User.sessions_ended",
            f"{password_hash}:{self.sessions_ended_count}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""

    @property
    def working_days_display(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(names[day] for day in sorted(self.working_days))


class AttemptCount(models.Model):
    """Attempts at something throttled, counted for one key in a fixed window (docs/adr/0004).

    One row per key, counted up in a transaction that holds the row's lock, so two requests can never both read
    "4" and both go on to check a password. The key is a keyed hash of the account, email or network address,
    never the value itself.
    """

    class Kind(models.TextChoices):
        SIGN_IN_ACCOUNT = "sign_in_account"
        SIGN_IN_ADDRESS = "sign_in_address"
        RESET_EMAIL = "reset_email"
        RESET_ADDRESS = "reset_address"
        SECOND_STEP_ACCOUNT = "second_step_account"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key_hash = models.CharField(max_length=64)
    attempts = models.PositiveIntegerField(default=0)
    window_ends_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key_hash"], name="one_attempt_count_per_key")]
        indexes = [models.Index(fields=["window_ends_at"], name="attempt_count_window_ends")]

    def __str__(self):
        return f"{self.attempts} {self.kind} attempts until {self.window_ends_at:%Y-%m-%d %H:%M}"


class RecoveryCode(models.Model):
    """One of a person's single-use recovery codes, kept only as a keyed hash (docs/adr/0028)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="one_recovery_code_per_hash")]

    def __str__(self):
        return f"Recovery code of {self.user_id}{' (used)' if self.used_at else ''}"


class SignedInSession(models.Model):
    """Where a person is signed in: one row per session, for the list on their account page.

    Keyed by a SHA-256 hash of the session key, never the key itself; the device is a coarse browser and OS family
    and the day is a date, nothing finer (no address, no time of day). Written at most once a day per session.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key_hash = models.CharField(max_length=64, unique=True)
    device = models.CharField(max_length=100)
    last_active_on = models.DateField()

    class Meta:
        ordering = ["-last_active_on"]
        indexes = [models.Index(fields=["user", "last_active_on"], name="signed_in_session_user_day")]

    def __str__(self):
        return f"{self.device}, {self.last_active_on}"


class Passkey(models.Model):
    """A passkey (WebAuthn credential) a person uses as their second factor (docs/adr/0028). Only its id and
    public key are kept: the private key never leaves the person's device."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.BinaryField(max_length=1023)
    # SHA-256 of the credential id, hex: the index a passkey is found by when it signs someone in.
    credential_id_hash = models.CharField(max_length=64, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["user"], name="passkey_user")]

    def __str__(self):
        return f"Passkey of {self.user_id} added {self.created_at:%Y-%m-%d}"


class AuthenticatorApp(TimestampMixin, ThrottlingMixin, Device):
    """A person's authenticator app (TOTP, docs/adr/0028): django-otp's `TOTPDevice` with its secret encrypted at
    rest. django-otp keeps the secret as hex in clear, so a copy of the database (or a backup) would let anyone
    make the person's codes; here it is an `EncryptedJSONField` under the installation's keys (ADR 0006), rotated
    with every other encrypted value. Codes are checked by django-otp's own `TOTPDevice` methods: drift, the
    record of the last step used (a code works once) and the growing delay after wrong codes."""

    key = EncryptedJSONField(help_text="The secret, hex, encrypted (never shown).")
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "authenticator app"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    # The same methods as django-otp's own TOTP device: they read only the fields above.
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings


# Single sign-on's models live in their own package; imported here so Django finds it in the accounts app.
from attend.accounts.sso.models import SingleSignOn, SingleSignOnIdentity  # noqa: E402, F401
