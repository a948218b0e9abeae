"""Authenticator apps move from django-otp's TOTPDevice (secret as hex, in clear) to Attend's AuthenticatorApp,
whose secret is encrypted with the installation's keys (docs/adr/0028). Each device is copied as it is (its last
used step, drift and throttling too, so a used code stays used) and the clear row deleted."""

import attend.core.crypto
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


COPIED = [
    "user_id",
    "name",
    "confirmed",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "last_used_at",
    "key",
    "step",
    "t0",
    "digits",
    "tolerance",
    "drift",
    "last_t",
]


def _copy(source, target) -> None:
    for device in source.objects.order_by("pk").iterator(chunk_size=500):
        copy = target.objects.create(**{field: getattr(device, field) for field in COPIED})
        # created_at is set on create (auto_now_add): keep the original.
        target.objects.filter(pk=copy.pk).update(created_at=device.created_at)
    source.objects.all().delete()


def secrets_encrypted(apps, schema_editor):
    _copy(apps.get_model("otp_totp", "TOTPDevice"), apps.get_model("accounts", "AuthenticatorApp"))


def secrets_in_clear_again(apps, schema_editor):
    _copy(apps.get_model("accounts", "AuthenticatorApp"), apps.get_model("otp_totp", "TOTPDevice"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_two_factor_passkeys_recovery_codes_signed_in_sessions"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuthenticatorApp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="The human-readable name of this device.", max_length=64)),
                ("confirmed", models.BooleanField(default=True, help_text="Is this device ready for use?")),
                (
                    "throttling_failure_timestamp",
                    models.DateTimeField(
                        blank=True,
                        default=None,
                        help_text="A timestamp of the last failed verification attempt. Null if last attempt succeeded.",
                        null=True,
                    ),
                ),
                (
                    "throttling_failure_count",
                    models.PositiveIntegerField(default=0, help_text="Number of successive failed attempts."),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="The date and time when this device was initially created in the system.",
                        null=True,
                    ),
                ),
                (
                    "last_used_at",
                    models.DateTimeField(
                        blank=True, help_text="The most recent date and time this device was used.", null=True
                    ),
                ),
                ("key", attend.core.crypto.EncryptedJSONField(help_text="The secret, hex, encrypted (never shown).")),
                ("step", models.PositiveSmallIntegerField(default=30)),
                ("t0", models.BigIntegerField(default=0)),
                ("digits", models.PositiveSmallIntegerField(default=6)),
                ("tolerance", models.PositiveSmallIntegerField(default=1)),
                ("drift", models.SmallIntegerField(default=0)),
                ("last_t", models.BigIntegerField(default=-1)),
                (
                    "user",
                    models.ForeignKey(
                        help_text="The user that this device belongs to.",
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "authenticator app",
                "abstract": False,
            },
        ),
        migrations.RunPython(secrets_encrypted, secrets_in_clear_again, elidable=False),
    ]
