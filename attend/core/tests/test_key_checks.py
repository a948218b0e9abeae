"""Encryption keys are checked before anything is encrypted: a wrong key stops `check --deploy` and the start of
a production server, naming the key by its place in ATTEND_ENCRYPTION_KEYS and never printing it."""

import base64

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from attend.core.crypto import new_key
from attend.core.tests.test_settings import complete_environment, run_with_production_settings

# Shaped like secrets, so a test can tell whether a message gave one away.
NOT_BASE64 = "this-is-my-secret-key-please-do-not-print-it!"
TOO_SHORT = base64.urlsafe_b64encode(b"sixteen byte key").decode()


@pytest.mark.parametrize("bad_key", [NOT_BASE64, TOO_SHORT, " "], ids=["not base64", "16 bytes", "blank"])
def test_the_system_check_names_the_wrong_key_by_position_and_never_prints_it(settings, bad_key):
    settings.ENCRYPTION_KEYS = [new_key(), bad_key, new_key()]

    with pytest.raises(SystemCheckError) as raised:
        call_command("check", "--tag", "encryption")

    message = str(raised.value)
    assert "ATTEND_ENCRYPTION_KEYS" in message
    assert "key 2 of 3" in message
    assert "key 1 " not in message and "key 3 " not in message
    if bad_key.strip():
        assert bad_key not in message


def test_the_system_check_passes_when_every_key_is_good(settings):
    settings.ENCRYPTION_KEYS = [new_key(), new_key()]

    call_command("check", "--tag", "encryption")


def test_the_system_check_says_when_there_is_no_key(settings):
    settings.ENCRYPTION_KEYS = []

    with pytest.raises(SystemCheckError, match="Set ATTEND_ENCRYPTION_KEYS"):
        call_command("check", "--tag", "encryption")


@pytest.mark.slow
def test_production_refuses_to_start_with_a_wrong_key_and_check_deploy_fails(tmp_path):
    environment = complete_environment(ATTEND_ENCRYPTION_KEYS=f"{new_key()},{NOT_BASE64}")

    checked = run_with_production_settings(["manage.py", "check", "--deploy"], tmp_path, **environment)
    started = run_with_production_settings(
        ["-c", "from attend.config.wsgi import application"], tmp_path, **environment
    )

    for result in (checked, started):
        assert result.returncode != 0
        assert "key 2 of 2" in result.stderr
        assert NOT_BASE64 not in result.stderr + result.stdout
