"""Sign-in and password-reset throttling, the reset email, and profile changes, through the service functions."""

import datetime
import hashlib

import pytest
import time_machine
from django.utils import timezone

from attend.accounts import services
from attend.accounts.models import AttemptCount, User
from attend.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "sam.okoro@example.test"
ADDRESS = "198.51.100.7"
OTHER_ADDRESS = "203.0.113.20"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def fail(times: int, *, email: str = EMAIL, address: str = ADDRESS) -> None:
    for _ in range(times):
        # An attempt is counted before its password is checked; a wrong one is never taken back.
        services.sign_in_attempt_count(email=email, address=address)


def throttled(email: str = EMAIL, address: str = ADDRESS) -> bool:
    return services.sign_in_is_throttled(email=email, address=address)


class TestAccountLimit:
    def test_four_failures_still_allow_another_try(self):
        fail(4)

        assert not throttled()

    def test_the_fifth_failure_locks_the_account(self):
        fail(5)

        assert throttled()

    def test_the_lock_applies_from_any_address(self):
        fail(5)

        assert throttled(address=OTHER_ADDRESS)

    def test_the_account_is_the_same_however_the_email_is_typed(self):
        fail(5, email="  Sam.Okoro@EXAMPLE.test ")

        assert throttled(email=EMAIL)

    def test_other_accounts_are_not_locked(self):
        fail(5)

        assert not throttled(email="someone.else@example.test", address=OTHER_ADDRESS)


class TestAddressLimit:
    def test_fifty_failures_across_accounts_lock_the_address(self):
        for n in range(50):
            fail(1, email=f"guess{n}@example.test")

        assert throttled(email="never.tried@example.test")

    def test_forty_nine_failures_do_not(self):
        for n in range(49):
            fail(1, email=f"guess{n}@example.test")

        assert not throttled(email="never.tried@example.test")

    def test_another_address_is_not_locked(self):
        for n in range(50):
            fail(1, email=f"guess{n}@example.test")

        assert not throttled(email="never.tried@example.test", address=OTHER_ADDRESS)


class TestWindow:
    def test_failures_older_than_fifteen_minutes_no_longer_count(self):
        with time_machine.travel(START, tick=False) as traveller:
            fail(5)
            traveller.shift(datetime.timedelta(minutes=14, seconds=59))
            assert throttled()

            traveller.shift(datetime.timedelta(minutes=1, seconds=2))

            assert not throttled()

    def test_failures_spread_over_the_window_add_up(self):
        with time_machine.travel(START, tick=False) as traveller:
            for _ in range(4):
                fail(1)
                traveller.shift(datetime.timedelta(minutes=3, seconds=30))
            fail(1)  # 14 minutes after the first

            assert throttled()

    def test_a_new_window_starts_with_the_first_attempt_after_one_ends(self):
        with time_machine.travel(START, tick=False) as traveller:
            fail(4)
            traveller.shift(datetime.timedelta(minutes=16))

            fail(4)

            assert not throttled()
            fail(1)
            assert throttled()

    def test_the_periodic_job_forgets_counts_whose_window_has_ended(self):
        with time_machine.travel(START, tick=False) as traveller:
            fail(3)
            traveller.shift(datetime.timedelta(minutes=10))
            fail(1, email="later@example.test", address=OTHER_ADDRESS)
            traveller.shift(datetime.timedelta(minutes=6))

            said = services.attempt_counts_forget_job(now=timezone.now())

            assert said == "Forgot 2 ended sign-in and password reset counts."
            assert AttemptCount.objects.count() == 2
            assert not AttemptCount.objects.filter(window_ends_at__lte=timezone.now()).exists()


class TestSuccess:
    def test_a_success_forgets_the_accounts_failures(self):
        fail(4)

        services.sign_in_succeeded(email=EMAIL, address=ADDRESS)

        fail(4)
        assert not throttled()

    def test_a_success_does_not_count_against_the_shared_address(self, settings):
        # A whole trust signs in through one address every morning: only failures may use up its limit.
        settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "per_address": 3}
        for n in range(10):
            assert services.sign_in_attempt_count(email=f"colleague{n}@example.test", address=ADDRESS)
            services.sign_in_succeeded(email=f"colleague{n}@example.test", address=ADDRESS)

        assert not throttled(email="one.more@example.test")

    def test_a_throttled_attempt_is_refused_and_not_counted(self):
        fail(5)

        assert not services.sign_in_attempt_count(email=EMAIL, address=ADDRESS)

        address_count = AttemptCount.objects.get(kind=AttemptCount.Kind.SIGN_IN_ADDRESS)
        assert address_count.attempts == 5


class TestClear:
    def test_clearing_lifts_the_account_lock(self):
        fail(5)

        services.sign_in_failures_clear(email=EMAIL.upper())

        assert not throttled()

    def test_clearing_keeps_the_address_failures_and_other_accounts(self):
        fail(4)
        fail(4, email="other@example.test")

        services.sign_in_failures_clear(email=EMAIL)

        assert AttemptCount.objects.get(kind=AttemptCount.Kind.SIGN_IN_ADDRESS).attempts == 8
        assert list(AttemptCount.objects.filter(kind=AttemptCount.Kind.SIGN_IN_ACCOUNT).values_list("attempts")) == [
            (4,)
        ]
        fail(1, email="other@example.test")
        assert throttled(email="other@example.test")


class TestNothingIdentifyingIsStored:
    def test_rows_hold_only_keyed_hashes(self):
        fail(1)

        rows = list(AttemptCount.objects.values("kind", "key_hash"))

        assert {row["kind"] for row in rows} == {"sign_in_account", "sign_in_address"}
        for row in rows:
            assert len(row["key_hash"]) == 64
            assert "sam" not in row["key_hash"].lower()
            assert "198.51" not in row["key_hash"]
        stored = {row["key_hash"] for row in rows}
        # A plain hash could be reversed by hashing a list of known addresses; the stored one is keyed.
        assert hashlib.sha256(EMAIL.encode()).hexdigest() not in stored
        assert hashlib.sha256(ADDRESS.encode()).hexdigest() not in stored

    def test_the_hash_depends_on_the_installations_secret_key(self, settings):
        fail(1)
        first = set(AttemptCount.objects.values_list("key_hash", flat=True))

        settings.SECRET_KEY = "a-different-installation-secret-key"
        fail(1)
        second = set(AttemptCount.objects.values_list("key_hash", flat=True)) - first

        assert len(second) == 2
        assert first.isdisjoint(second)


class TestProfileUpdate:
    def test_saves_every_detail_with_days_in_order(self):
        user = UserFactory(name="Sam Okoro")

        services.user_profile_update(
            user=user,
            name="Samuel Okoro",
            time_zone="America/New_York",
            working_days=[4, 0, 2],
            working_day_start=datetime.time(7, 30),
            working_day_end=datetime.time(15, 30),
        )

        user = User.objects.get(pk=user.pk)
        assert user.name == "Samuel Okoro"
        assert user.time_zone == "America/New_York"
        assert user.working_days == [0, 2, 4]
        assert user.working_day_start == datetime.time(7, 30)
        assert user.working_day_end == datetime.time(15, 30)
        assert user.working_days_display == "Monday, Wednesday, Friday"
