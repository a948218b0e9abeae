"""Checking ATTEND_ENCRYPTION_KEYS without Django, so production settings can refuse a wrong key at start.

A message names a key by its place in the list (newest first, counting from 1), never by its value: the message
goes to logs and terminals, the key must not.
"""

from cryptography.fernet import Fernet

KEY_SHAPE = "a key is 44 characters of URL-safe base64 (32 bytes), as Fernet.generate_key() makes"


def key_problems(keys: list[str] | tuple[str, ...]) -> list[str]:
    """One sentence per key that is not a valid Fernet key; none when every key is good."""
    if not keys:
        return [
            "Set ATTEND_ENCRYPTION_KEYS to one or more keys, newest first, for example the output of "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        ]
    problems = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):  # never chain the error: its text could quote the key
            problems.append(
                f"ATTEND_ENCRYPTION_KEYS: key {position} of {len(keys)} is not a valid encryption key "
                f"({KEY_SHAPE}). The key itself is not shown."
            )
    return problems
