"""Encryption at rest for private writing, with keys that live outside the database.

Keys come from settings.ENCRYPTION_KEYS (the ATTEND_ENCRYPTION_KEYS environment variable), newest first.
New values are encrypted with the newest key; every key can still decrypt, so keys can be rotated:
add a new key at the front, run `manage.py rotate_encryption_keys`, then drop the old key.
Fernet is authenticated encryption (AES-CBC with an HMAC): a changed or truncated value fails to decrypt.
"""

import json
from collections.abc import Callable
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.functions import Cast

from attend.core.keys import key_problems


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    problems = key_problems(keys)
    if problems:
        raise ImproperlyConfigured(" ".join(problems) + " See README, Encryption keys.")
    return MultiFernet([Fernet(key) for key in keys])


@checks.register(checks.Tags.security, "encryption")
def encryption_keys_check(app_configs=None, **kwargs) -> list[checks.Error]:
    """Runs with every management command that checks (migrate, runserver, `check --deploy`): a wrong key is
    found before anything is encrypted with it, not on first use."""
    return [
        checks.Error(problem, hint="See README, Encryption keys.", id="core.E001")
        for problem in key_problems(tuple(settings.ENCRYPTION_KEYS))
    ]


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt_json(value) -> str:
    return fernet().encrypt(json.dumps(value, separators=(",", ":")).encode()).decode()


def decrypt_json(token: str):
    try:
        return json.loads(fernet().decrypt(token.encode()))
    except InvalidToken as error:
        raise ValueError("This value cannot be decrypted with any configured key") from error


def is_under_newest_key(token: str | None) -> bool:
    """Whether the newest key alone reads this stored value (an empty value needs no key)."""
    if token is None:
        return True
    try:
        _fernet((settings.ENCRYPTION_KEYS[0],)).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def new_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedJSONField(models.TextField):
    """A JSON value stored only as ciphertext. It cannot be filtered on in the database, by design."""

    description = "JSON encrypted at rest"

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt_json(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        return None if value is None else encrypt_json(value)


def encrypted_fields(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if isinstance(field, EncryptedJSONField)]


def encrypted_models() -> list[tuple[type[models.Model], list[str]]]:
    """Every installed model with encrypted fields, and those fields."""
    return [(model, encrypted_fields(model)) for model in apps.get_models() if encrypted_fields(model)]


def stored_tokens(model, fields: list[str], *, after=None, batch: int = 500, lock: bool = False) -> list[tuple]:
    """(pk, token, ...) for the next `batch` rows after primary key `after`, in primary key order: the stored
    ciphertext, not decrypted. Walking by key rather than by offset never skips or repeats a row when rows are
    added or removed during the walk."""
    rows = model._base_manager.order_by("pk")  # every row, whatever a default manager may hide
    if after is not None:
        rows = rows.filter(pk__gt=after)
    if lock:
        rows = rows.select_for_update()
    raw = {f"_stored_{field}": Cast(field, output_field=models.TextField()) for field in fields}
    return list(rows.annotate(**raw).values_list("pk", *raw)[:batch])


def count_tokens(model, field: str, *, unless: Callable[[str | None], bool]) -> int:
    """How many stored values of `field` fail the test `unless`, walking the table in batches."""
    count, after = 0, None
    while rows := stored_tokens(model, [field], after=after):
        count += sum(1 for _, token in rows if not unless(token))
        after = rows[-1][0]
    return count


def is_readable(token: str | None) -> bool:
    """Whether any configured key reads this stored value."""
    if token is None:
        return True
    try:
        fernet().decrypt(token.encode())
    except InvalidToken:
        return False
    return True
