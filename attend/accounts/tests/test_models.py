import pytest
from django.db import IntegrityError

from attend.accounts.models import User, time_zone_choices

pytestmark = pytest.mark.django_db


def test_an_email_address_is_stored_lower_case():
    user = User.objects.create_user(email="  Sam.Okoro@Example.TEST ", name="Sam Okoro", password=None)

    assert User.objects.get(pk=user.pk).email == "sam.okoro@example.test"


def test_one_address_is_one_account_however_it_is_typed():
    User.objects.create_user(email="sam@example.test", name="Sam", password=None)

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="SAM@example.test", name="Another Sam", password=None)


def test_an_account_is_found_by_email_in_any_case():
    user = User.objects.create_user(email="sam@example.test", name="Sam", password=None)

    assert User.objects.get_by_natural_key("Sam@Example.Test") == user


def test_an_account_made_without_a_password_cannot_sign_in_with_one():
    user = User.objects.create_user(email="new@example.test", name="New Person", password=None)

    assert not user.has_usable_password()


def test_an_account_needs_an_email_address():
    with pytest.raises(ValueError):
        User.objects.create_user(email="", name="Nobody")


def test_first_name_is_the_first_word_of_the_name():
    assert User(name="Sam Okoro").first_name == "Sam"
    assert User(name="").first_name == ""


def test_new_accounts_work_monday_to_friday_nine_to_five_in_london():
    user = User.objects.create_user(email="new@example.test", name="New Person", password=None)

    assert user.working_days == [0, 1, 2, 3, 4]
    assert user.working_days_display == "Monday, Tuesday, Wednesday, Thursday, Friday"
    assert user.time_zone == "Europe/London"
    assert str(user.working_day_start) == "09:00:00"
    assert str(user.working_day_end) == "17:00:00"


def test_time_zone_choices_are_region_names_readable_by_people():
    choices = dict(time_zone_choices())

    assert choices["Europe/London"] == "Europe/London"
    assert choices["America/New_York"] == "America/New York"
    assert "UTC" not in choices
