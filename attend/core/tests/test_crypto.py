"""Encryption at rest: authenticated, with keys outside the database, and keys that can be rotated."""

import base64
from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from attend.accounts.tests.factories import UserFactory
from attend.core.crypto import decrypt_json, encrypt_json, encrypted_fields, encrypted_models, new_key
from attend.core.management.commands import rotate_encryption_keys
from attend.reflect.content import built_in_template
from attend.reflect.models import JournalEntry
from attend.reflect.services import journal_entry_start, journal_entry_update
from attend.reflect.tests.support import raw_content

OLD_KEY = new_key()
NEW_KEY = new_key()
VALUE = {"title": "Café at the harbour", "answers": {"entry": {"text": "Line one\nline two", "choices": []}}, "n": 3}


def flip_a_byte(token: str, position: int) -> str:
    data = bytearray(base64.urlsafe_b64decode(token))
    data[position] ^= 0x01
    return base64.urlsafe_b64encode(bytes(data)).decode()


# encrypt_json and decrypt_json


def test_a_value_comes_back_as_it_went_in():
    token = encrypt_json(VALUE)

    assert decrypt_json(token) == VALUE


def test_the_token_holds_no_plaintext_and_differs_each_time():
    first, second = encrypt_json(VALUE), encrypt_json(VALUE)

    assert "harbour" not in first.casefold()
    assert "line two" not in first.casefold()
    assert first != second  # a fresh IV every time, so equal entries do not look equal


@pytest.mark.parametrize("position", [0, 9, 30, -1], ids=["version", "timestamp", "ciphertext", "hmac"])
def test_a_tampered_token_is_refused(position):
    token = encrypt_json(VALUE)

    with pytest.raises(ValueError, match="cannot be decrypted"):
        decrypt_json(flip_a_byte(token, position))


def test_a_truncated_token_is_refused():
    token = encrypt_json(VALUE)

    with pytest.raises(ValueError, match="cannot be decrypted"):
        decrypt_json(token[:-8])


def test_garbage_is_refused_as_a_value_error():
    with pytest.raises(ValueError, match="cannot be decrypted"):
        decrypt_json("not a token at all")


def test_a_value_encrypted_under_an_unknown_key_is_refused(settings):
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    token = encrypt_json(VALUE)
    settings.ENCRYPTION_KEYS = [NEW_KEY]

    with pytest.raises(ValueError, match="cannot be decrypted"):
        decrypt_json(token)


def test_every_listed_key_decrypts_and_the_first_one_encrypts(settings):
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    old_token = encrypt_json(VALUE)
    settings.ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    assert decrypt_json(old_token) == VALUE
    new_token = encrypt_json(VALUE)
    assert Fernet(NEW_KEY).decrypt(new_token.encode())
    with pytest.raises(InvalidToken):
        Fernet(OLD_KEY).decrypt(new_token.encode())


# Keys


def test_no_keys_is_a_configuration_error_that_says_what_to_set(settings):
    settings.ENCRYPTION_KEYS = []

    with pytest.raises(ImproperlyConfigured, match="ATTEND_ENCRYPTION_KEYS"):
        encrypt_json(VALUE)


def test_a_key_that_is_not_a_fernet_key_is_a_configuration_error(settings):
    settings.ENCRYPTION_KEYS = ["not-a-key"]

    with pytest.raises(ImproperlyConfigured, match="key 1 of 1 is not a valid encryption key"):
        encrypt_json(VALUE)


# EncryptedJSONField, on the journal


def an_entry(author, title: str) -> JournalEntry:
    entry = journal_entry_start(author=author, template=built_in_template("free"))
    return journal_entry_update(
        entry=entry,
        title=title,
        event_date=None,
        answers={"entry": {"text": f"Notes about {title}", "choices": []}},
        feelings=[],
        tags=["rotation"],
        finish=True,
    )


@pytest.mark.django_db
def test_the_journal_content_is_the_only_encrypted_field_and_is_declared_so():
    assert encrypted_fields(JournalEntry) == ["content"]


@pytest.mark.django_db
def test_the_field_stores_ciphertext_and_loads_the_value():
    entry = an_entry(UserFactory(), "Lighthouse keeper")

    stored = raw_content(entry)
    assert "lighthouse" not in stored.casefold()
    assert decrypt_json(stored)["title"] == "Lighthouse keeper"
    assert JournalEntry.objects.get(pk=entry.pk).content["title"] == "Lighthouse keeper"


@pytest.mark.django_db
def test_a_changed_value_in_the_database_fails_to_load_rather_than_loading_wrong_data():
    entry = an_entry(UserFactory(), "Lighthouse keeper")
    tampered = flip_a_byte(raw_content(entry), 40)
    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    pk = JournalEntry._meta.pk.get_db_prep_value(entry.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET content = %s WHERE id = %s", [tampered, pk])

    with pytest.raises(ValueError, match="cannot be decrypted"):
        JournalEntry.objects.get(pk=entry.pk)


# Rotation


@pytest.mark.django_db
def test_rotation_re_encrypts_every_entry_under_the_newest_key(settings, monkeypatch):
    monkeypatch.setattr(rotate_encryption_keys, "BATCH", 2)  # more rows than a batch: every batch is reached
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    author = UserFactory()
    titles = [f"Harbour visit {number}" for number in range(5)]
    entries = [an_entry(author, title) for title in titles]
    before = {entry.pk: raw_content(entry) for entry in entries}

    settings.ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(ValueError):  # without the old key the entries cannot be read: the test can fail
        list(JournalEntry.objects.all())

    settings.ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "reflect.JournalEntry: 5 rows re-encrypted" in out.getvalue()

    settings.ENCRYPTION_KEYS = [NEW_KEY]
    loaded = {entry.pk: entry.content for entry in JournalEntry.objects.all()}
    assert sorted(content["title"] for content in loaded.values()) == titles
    assert all(content["answers"]["entry"]["text"].startswith("Notes about") for content in loaded.values())
    for entry in entries:
        after = raw_content(entry)
        assert after != before[entry.pk]
        with pytest.raises(InvalidToken):
            Fernet(OLD_KEY).decrypt(after.encode())


@pytest.mark.django_db
def test_rotation_with_nothing_to_rotate_reports_zero_rows():
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)

    assert "reflect.JournalEntry: 0 rows re-encrypted" in out.getvalue()


@pytest.mark.django_db
def test_rotation_walks_page_by_page_and_ends_with_nothing_under_the_old_key(settings, monkeypatch):
    monkeypatch.setattr(rotate_encryption_keys, "BATCH", 3)  # 7 rows: three pages, the last one short
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    author = UserFactory()
    entries = [an_entry(author, f"Ward round {number}") for number in range(7)]
    settings.ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert rotate_encryption_keys.count_under_old_keys(JournalEntry, "content") == 7
    pages = []
    real_batch = rotate_encryption_keys.rotate_batch

    def counting_batch(model, fields, *, after):
        last, rewritten = real_batch(model, fields, after=after)
        if model is JournalEntry:
            pages.append(rewritten)
        return last, rewritten

    monkeypatch.setattr(rotate_encryption_keys, "rotate_batch", counting_batch)
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)

    assert pages == [3, 3, 1, 0]  # every row once: none skipped, none repeated
    assert "reflect.JournalEntry: 7 rows re-encrypted" in out.getvalue()
    assert "  reflect.JournalEntry.content: 0" in out.getvalue()
    assert "the old keys can be removed" in out.getvalue()
    settings.ENCRYPTION_KEYS = [NEW_KEY]
    assert sorted(entry.content["title"] for entry in JournalEntry.objects.all()) == sorted(
        entry.content["title"] for entry in entries
    )
    for model, fields in encrypted_models():
        for field in fields:
            assert rotate_encryption_keys.count_under_old_keys(model, field) == 0, f"{model.__name__}.{field}"


@pytest.mark.django_db
def test_rotation_run_again_rewrites_nothing(settings):
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    an_entry(UserFactory(), "Night shift")
    settings.ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    call_command("rotate_encryption_keys", stdout=StringIO())

    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)

    assert "reflect.JournalEntry: 0 rows re-encrypted" in out.getvalue()


@pytest.mark.django_db
def test_a_value_written_under_the_old_key_mid_way_is_caught_by_the_final_count(settings, monkeypatch):
    monkeypatch.setattr(rotate_encryption_keys, "BATCH", 2)
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    author = UserFactory()
    entries = [an_entry(author, f"Handover {number}") for number in range(5)]
    first = min(entries, key=lambda entry: str(entry.pk))  # the walk's first row: behind it once a page is done
    settings.ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    real_batch = rotate_encryption_keys.rotate_batch
    calls = []

    def old_server_writes_behind_the_walk(model, fields, *, after):
        result = real_batch(model, fields, after=after)
        if model is JournalEntry and not calls:
            # A server still running with only the old key saves an entry the walk has already passed.
            calls.append(model)
            token = Fernet(OLD_KEY).encrypt(b'{"title":"Written by an old server"}').decode()
            JournalEntry.objects.filter(pk=first.pk).update(content=Cast(Value(token), TextField()))
        return result

    monkeypatch.setattr(rotate_encryption_keys, "rotate_batch", old_server_writes_behind_the_walk)
    out = StringIO()
    with pytest.raises(CommandError, match="1 value still under an old key"):
        call_command("rotate_encryption_keys", stdout=out)

    assert "  reflect.JournalEntry.content: 1" in out.getvalue()
    assert "can be removed" not in out.getvalue()
    assert Fernet(OLD_KEY).decrypt(raw_content(first).encode())


@pytest.mark.django_db
def test_rows_removed_behind_the_walk_make_it_skip_nothing_ahead(settings, monkeypatch):
    # With offset pages, deleting a row already done shifts every later row back by one: the next page would
    # start one row too far on, and that row would stay under the old key.
    monkeypatch.setattr(rotate_encryption_keys, "BATCH", 2)
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    author = UserFactory()
    entries = sorted((an_entry(author, f"Clinic {number}") for number in range(6)), key=lambda entry: str(entry.pk))
    settings.ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    real_batch = rotate_encryption_keys.rotate_batch

    def author_deletes_an_entry_already_done(model, fields, *, after):
        result = real_batch(model, fields, after=after)
        if model is JournalEntry and after is None:
            JournalEntry.objects.filter(pk=entries[0].pk).delete()
        return result

    monkeypatch.setattr(rotate_encryption_keys, "rotate_batch", author_deletes_an_entry_already_done)
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)

    assert "reflect.JournalEntry: 6 rows re-encrypted" in out.getvalue()
    assert "  reflect.JournalEntry.content: 0" in out.getvalue()
    settings.ENCRYPTION_KEYS = [NEW_KEY]
    assert len(list(JournalEntry.objects.all())) == 5
