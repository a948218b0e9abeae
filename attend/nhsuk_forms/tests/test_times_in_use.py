"""Every time of day Attend asks for is read the same way (issue 18): working hours (account and Diary), the
digest time, a Connect conversation and a Programme session."""

import datetime
import importlib
import inspect
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.conf import settings

from attend.accounts.forms import ProfileForm
from attend.connect.forms import ScheduleForm
from attend.diary.forms import WorkingHoursForm
from attend.nhsuk_forms import fields as nf
from attend.nhsuk_forms.times import INVALID
from attend.nudges.forms import PreferencesForm
from attend.nudges.rules import WorkingPattern
from attend.programme.forms import SessionForm


def nudges_form(data):
    pattern = WorkingPattern(
        time_zone="Europe/London", days=frozenset(range(5)), start=datetime.time(9), end=datetime.time(17)
    )
    return PreferencesForm(data, pattern=pattern)


# A cohort that runs on every date: only the time field is under test here.
ANY_DATES = SimpleNamespace(starts_on=datetime.date.min, ends_on=datetime.date.max)

USES = {
    "account, working day starts": (ProfileForm, "working_day_start"),
    "account, working day ends": (ProfileForm, "working_day_end"),
    "diary, working day starts": (WorkingHoursForm, "starts"),
    "diary, working day ends": (WorkingHoursForm, "ends"),
    "nudges, digest time": (nudges_form, "digest_at"),
    "connect, conversation time": (lambda data: ScheduleForm(data, time_zone="Europe/London"), "at"),
    "programme, session time": (
        lambda data: SessionForm(data, time_zone="Europe/London", cohort=ANY_DATES),
        "at",
    ),
}


@pytest.mark.parametrize(("make", "field"), USES.values(), ids=USES.keys())
@pytest.mark.parametrize(
    ("typed", "time"),
    [("8am", (8, 0)), ("noon", (12, 0)), ("8.30pm", (20, 30)), ("08:00", (8, 0)), ("midnight", (0, 0))],
)
def test_each_time_in_attend_is_read_as_typed(make, field, typed, time):
    form = make({field: typed})
    form.is_valid()

    assert field not in form.errors or form.errors[field] != [INVALID]
    assert form.fields[field].clean(typed) == datetime.time(*time)


@pytest.mark.parametrize(("make", "field"), USES.values(), ids=USES.keys())
@pytest.mark.parametrize("typed", ["25:00", "13pm", "8:75"])
def test_each_time_in_attend_says_what_is_wrong_not_that_it_is_empty(make, field, typed):
    form = make({field: typed})

    assert not form.is_valid()
    assert form.errors[field] == [INVALID]


def test_every_time_field_in_attend_is_the_shared_one():
    """A Django TimeField, or a browser's time input, would bring back "This field is required." for "8am"."""
    found = {}
    for path in Path(settings.BASE_DIR, "attend").glob("*/forms.py"):
        module = importlib.import_module(f"attend.{path.parent.name}.forms")
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.TimeField):
                        found[f"{module.__name__}.{name}.{field_name}"] = type(field)
    assert all(kind is nf.TimeField for kind in found.values()), found
    # Each is tested above: a new time field belongs in USES.
    assert sorted(found) == [
        "attend.accounts.forms.ProfileForm.working_day_end",
        "attend.accounts.forms.ProfileForm.working_day_start",
        "attend.connect.forms.ScheduleForm.at",
        "attend.diary.forms.WorkingHoursForm.ends",
        "attend.diary.forms.WorkingHoursForm.starts",
        "attend.nudges.forms.PreferencesForm.digest_at",
        "attend.programme.forms.SessionForm.at",
    ]
