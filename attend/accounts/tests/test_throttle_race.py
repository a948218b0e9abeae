"""The attack from issue 14: many wrong passwords at once, each in its own thread and database connection.

Counting failures after the password check let 16 of 20 parallel guesses reach the hasher against a limit of 5:
every request read the count before any had written it. Each thread here signs in through the real form, the
hasher is slowed to Argon2's pace (so the guesses truly overlap), and the count of passwords checked must stay
within the limit. Run on PostgreSQL too: `bash scripts/with_postgres.sh .venv/bin/python -m pytest <this file>`.
"""

import threading
import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import RequestFactory

from attend.accounts import forms
from attend.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 20
ARGON2_PACE = 0.05  # seconds: about what one Argon2 check costs on a modest server


@pytest.fixture
def checked_passwords(monkeypatch):
    """How many passwords reached the hasher."""
    checked = []
    verify = MD5PasswordHasher.verify

    def slow_counted_verify(self, password, encoded):
        checked.append(password)
        time.sleep(ARGON2_PACE)
        return verify(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", slow_counted_verify)
    return checked


def sign_in_at_once(attempts: list[tuple[str, str, str]]) -> list[list[str]]:
    """Submit every (email, password, address) in its own thread, all released together; each one's errors."""
    start = threading.Barrier(len(attempts))
    errors: list[list[str]] = [[] for _ in attempts]

    def attempt(index, email, password, address):
        try:
            request = RequestFactory().post("/account/sign-in/", REMOTE_ADDR=address)
            form = forms.SignInForm({"email": email, "password": password}, request=request)
            start.wait()
            form.is_valid()
            errors[index] = [str(error) for error in form.non_field_errors()]
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, *each)) for i, each in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_twenty_parallel_wrong_passwords_check_at_most_five(checked_passwords):
    user = UserFactory(email="sam.okoro@example.test")

    errors = sign_in_at_once([(user.email, f"guess-{n}", "198.51.100.7") for n in range(ATTEMPTS)])

    assert len(checked_passwords) <= 5, f"{len(checked_passwords)} of {ATTEMPTS} guesses reached the hasher"
    assert all(errors), "every guess was refused"
    assert sum("too many attempts" in " ".join(each) for each in errors) >= ATTEMPTS - 5


def test_parallel_guesses_across_accounts_from_one_address_check_at_most_the_address_limit(checked_passwords, settings):
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "per_address": 8}
    users = [UserFactory() for _ in range(ATTEMPTS)]

    sign_in_at_once([(user.email, "wrong-password", "198.51.100.7") for user in users])

    assert len(checked_passwords) <= 8


def test_the_right_password_among_parallel_sign_ins_still_works(checked_passwords):
    # Colleagues behind one trust address sign in at the same moment: nobody is refused.
    users = [UserFactory() for _ in range(10)]

    errors = sign_in_at_once([(user.email, TEST_PASSWORD, "198.51.100.7") for user in users])

    assert errors == [[] for _ in users]
