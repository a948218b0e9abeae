"""Authenticator-app secrets are encrypted at rest (docs/adr/0028): someone holding a copy of the database (or a
backup) without the encryption keys cannot read a person's TOTP secret or make their codes."""

import base64
import binascii
import contextlib
import datetime
import re
import time
import zlib
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django_otp.oath import TOTP

from attend.accounts.models import AuthenticatorApp
from attend.accounts.tests.factories import UserFactory
from attend.accounts.tests.two_factor_support import (
    TEST_TOTP_KEY,
    force_login_with_second_factor,
    setup_secret_hex,
    totp_code,
    totp_device_for,
)
from attend.accounts.two_factor import services
from attend.core.crypto import new_key

pytestmark = pytest.mark.django_db

SETUP_URL = reverse("accounts:totp_setup")


def every_stored_value() -> list[str]:
    """Every cell of every table, as text: what a database dump shows."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the database itself)
            for row in cursor.fetchall():
                values += [
                    bytes(cell).decode("latin-1") if isinstance(cell, bytes | memoryview) else str(cell) for cell in row
                ]
    return values


def readable(value: str) -> list[str]:
    """The value, and what a signed Django value (a session's data) says: signing is not encryption, and its
    payload reads without the secret key (base64, perhaps compressed)."""
    payload = value.split(":")[0]
    compressed = payload.startswith(".")
    try:
        data = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
        return [value, (zlib.decompress(data) if compressed else data).decode("latin-1")]
    except (ValueError, binascii.Error, zlib.error):
        return [value]


def codes_from(value: str) -> set[str]:
    """The codes now, if this stored value were a TOTP secret as hex or base32 (as an attacker would try)."""
    candidates = []
    for text in [value, *re.findall(r"[0-9a-fA-F]{20,}|[A-Z2-7]{16,}", value)]:
        for decode in (bytes.fromhex, lambda t: base64.b32decode(t + "=" * (-len(t) % 8))):
            with contextlib.suppress(ValueError, binascii.Error):
                candidates.append(decode(text))
    return {f"{TOTP(key, step=30, t0=0, digits=6, drift=0).token():06d}" for key in candidates if key}


def assert_secret_not_stored(key_hex: str) -> None:
    secret_base32 = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    code_now = totp_code(key_hex)
    for value in (text for stored in every_stored_value() for text in readable(stored)):
        assert key_hex.casefold() not in value.casefold()
        assert secret_base32 not in value.upper()
        assert code_now not in codes_from(value)


class TestAttacks:
    """Written first and seen failing (the key was django-otp's hex column, and the set-up secret sat in the
    session row in clear) before the secret was encrypted."""

    def test_a_database_copy_holds_no_authenticator_secret(self):
        # Given a person who set up an authenticator app
        user = UserFactory()
        code = totp_code(TEST_TOTP_KEY)
        assert services.totp_device_add(user=user, key_hex=TEST_TOTP_KEY, code=code) is not None
        # When someone reads every table, Then neither the secret nor anything that makes today's code is there
        assert_secret_not_stored(TEST_TOTP_KEY)

    def test_a_secret_being_set_up_is_not_in_the_session_row(self, client):
        # Given a person part-way through setting up an app (the page shows the secret; the session keeps it)
        user = UserFactory()
        client.force_login(user)
        response = client.get(SETUP_URL)
        key_hex = setup_secret_hex(response)
        # When someone reads the database (sessions are kept there), Then the secret is not in it
        assert_secret_not_stored(key_hex)
        # And the person can still finish setting up with a code from that secret
        assert client.post(SETUP_URL, {"code": totp_code(key_hex)}).status_code == 200
        assert_secret_not_stored(key_hex)


def test_the_encrypted_secret_still_makes_codes_that_sign_in(client):
    user = UserFactory()
    services.totp_device_add(user=user, key_hex=TEST_TOTP_KEY, code=totp_code(TEST_TOTP_KEY))
    with time_machine.travel(datetime.timedelta(minutes=5)):  # a later step than the one set up with
        assert services.second_factor_check(user=user, code=totp_code(TEST_TOTP_KEY)) == "totp"
        assert services.second_factor_check(user=user, code=totp_code(TEST_TOTP_KEY)) is None  # once only


@pytest.fixture
def back_to_latest():
    """Every later test needs the newest schema back, whatever a test here migrated to."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


BEFORE = ("accounts", "0006_two_factor_passkeys_recovery_codes_signed_in_sessions")
AFTER = ("accounts", "0007_authenticator_app_secrets_encrypted")
OTP_TOTP = ("otp_totp", "0003_add_timestamps")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_apps_set_up_before_are_encrypted_and_still_sign_in():
    # Given an app set up before secrets were encrypted: django-otp's row, the secret in clear, a code used
    user = UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_apps = executor.loader.project_state([BEFORE, OTP_TOTP]).apps
    used_step = int(time.time()) // 30
    old_apps.get_model("otp_totp", "TOTPDevice").objects.create(
        user_id=user.pk, name="Authenticator app", key=TEST_TOTP_KEY, confirmed=True, last_t=used_step
    )

    # When the migration runs
    MigrationExecutor(connection).migrate([AFTER])

    # Then the secret is nowhere in the database in clear, and the app is Attend's own
    assert_secret_not_stored(TEST_TOTP_KEY)
    app = AuthenticatorApp.objects.get(user=user)
    assert (app.key, app.confirmed, app.last_t) == (TEST_TOTP_KEY, True, used_step)
    # And the code already used stays used; the next one signs in
    assert services.second_factor_check(user=user, code=totp_code(TEST_TOTP_KEY)) is None
    with time_machine.travel(datetime.timedelta(seconds=30)):
        assert services.second_factor_check(user=user, code=totp_code(TEST_TOTP_KEY)) == "totp"

    # And going back puts django-otp's row back as it was
    MigrationExecutor(connection).migrate([BEFORE])
    old_apps = MigrationExecutor(connection).loader.project_state([BEFORE, OTP_TOTP]).apps
    assert old_apps.get_model("otp_totp", "TOTPDevice").objects.get(user_id=user.pk).key == TEST_TOTP_KEY


def test_a_superuser_can_remove_an_app_in_the_admin_but_never_sees_its_secret(client):
    # Given a person who lost their phone, and a superuser
    person = UserFactory()
    app = totp_device_for(person)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    force_login_with_second_factor(client, superuser)
    # When the superuser opens the app's page, Then the secret is not on it
    page_html = client.get(reverse("admin:accounts_authenticatorapp_change", args=[app.pk])).content.decode()
    assert person.name in page_html and TEST_TOTP_KEY not in page_html
    # And django-otp's own device pages (which would keep a secret in clear) are gone
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 404
    # And removing the app works
    client.post(reverse("admin:accounts_authenticatorapp_delete", args=[app.pk]), {"post": "yes"})
    assert not AuthenticatorApp.objects.filter(user=person).exists()


def test_rotating_the_encryption_keys_re_encrypts_the_secret_and_the_app_still_works(settings):
    user = UserFactory()
    totp_device_for(user)
    newest = new_key()
    settings.ENCRYPTION_KEYS = [newest, *settings.ENCRYPTION_KEYS]

    call_command("rotate_encryption_keys", stdout=StringIO())

    settings.ENCRYPTION_KEYS = [newest]  # the old keys dropped, as an operator does after rotating
    with time_machine.travel(datetime.timedelta(minutes=5)):
        assert services.second_factor_check(user=user, code=totp_code(TEST_TOTP_KEY)) == "totp"
