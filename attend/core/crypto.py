"""Encryption at rest for private writing, with keys that live outside the database.

Keys come from settings.ENCRYPTION_KEYS (the ATTEND_ENCRYPTION_KEYS environment variable), newest first.
New values are encrypted with the newest key; every key can still decrypt, so keys can be rotated:
add a new key at the front, run `manage.py rotate_encryption_keys`, then drop the old key.
Fernet is authenticated encryption (AES-CBC with an HMAC): a changed or truncated value fails to decrypt.
"""

import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("Set ATTEND_ENCRYPTION_KEYS: see README, Encryption keys")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"An encryption key is not a valid Fernet key: {error}") from error


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt_json(value) -> str:
    return fernet().encrypt(json.dumps(value, separators=(",", ":")).encode()).decode()


def decrypt_json(token: str):
    try:
        return json.loads(fernet().decrypt(token.encode()))
    except InvalidToken as error:
        raise ValueError("This value cannot be decrypted with any configured key") from error


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
