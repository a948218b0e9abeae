"""The working-pattern pages: choosing how you work, a rota, shifts, calendar titles and one-off changes,
through HTTP, with clear field errors for what cannot be kept."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from attend.accounts import working_pattern as wp
from attend.accounts.tests.factories import UserFactory
from attend.accounts.working_time import pattern_of
from attend.core.tests.pages import error_messages, error_summary, main_heading

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 30)


@pytest.fixture
def user(db):
    return UserFactory(email="ward.manager@example.test", name="Kemi Adeyemi")


@pytest.fixture
def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def rota_post(weeks: int, cells: dict, starts_on="2026-11-30") -> dict:
    data = {"weeks": str(weeks), "starts_on": starts_on}
    for week in range(1, weeks + 1):
        for day in range(7):
            data[f"week_{week}_{day}"] = cells.get((week, day), "")
    return data


def test_an_account_made_before_rotas_keeps_its_fixed_hours(user, client_for):
    assert pattern_of(user) == wp.Pattern(
        days=frozenset(user.working_days), starts=user.working_day_start, ends=user.working_day_end
    )
    response = client_for.get(reverse("accounts:working_pattern"))
    assert response.status_code == 200
    assert main_heading(response) == "How you work"


def test_choosing_a_rota_leads_to_the_rota_page_and_a_saved_rota_is_what_the_engine_reads(user, client_for):
    response = client_for.post(reverse("accounts:working_pattern"), {"kind": "rota"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:working_pattern_rota")
    page = client_for.get(reverse("accounts:working_pattern_rota") + "?weeks=2")
    assert page.status_code == 200 and "Week 2, Sunday" in page.content.decode()

    cells = {(1, 0): "LD", (1, 1): "LD", (1, 3): "N", (1, 4): "N", (2, 2): "E", (2, 3): "L"}
    response = client_for.post(reverse("accounts:working_pattern_rota"), rota_post(2, cells))
    assert response.status_code == 302
    user.refresh_from_db()
    pattern = pattern_of(user)
    assert pattern.kind == wp.ROTA and pattern.rota_starts_on == MONDAY
    assert pattern.rota == (("LD", "LD", None, "N", "N", None, None), (None, None, "E", "L", None, None, None))
    assert [s.code for s in pattern.shifts] == ["LD", "N", "E", "L"]


def test_a_day_shift_the_morning_a_night_ends_is_refused_naming_the_day(user, client_for):
    client_for.post(reverse("accounts:working_pattern"), {"kind": "rota"})
    response = client_for.post(reverse("accounts:working_pattern_rota"), rota_post(1, {(1, 0): "N", (1, 1): "LD"}))
    assert response.status_code == 422
    assert error_summary(response) == [
        (
            "Week 1, Tuesday: Long day starts at 07:30, before the night before it ends at 08:00. "
            "Choose rest or a later shift",
            "#id_week_1_1",
        )
    ]
    user.refresh_from_db()
    assert pattern_of(user).rota == ()


def test_a_rota_with_no_shifts_or_no_start_date_is_refused(user, client_for):
    response = client_for.post(reverse("accounts:working_pattern_rota"), rota_post(1, {}, starts_on=""))
    assert response.status_code == 422
    assert error_messages(response) == [
        "Enter the date your rota starts",
        "Your rota has no shifts. Choose a shift for at least one day",
    ]


def test_weeks_are_held_to_twelve(client_for):
    page = client_for.get(reverse("accounts:working_pattern_rota") + "?weeks=500")
    assert "Week 12, Sunday" in page.content.decode() and "Week 13" not in page.content.decode()


def test_shifts_take_times_as_people_type_them_and_say_what_is_missing(user, client_for):
    data = {"code_1": "LD", "name_1": "Long day", "starts_1": "7.30am", "ends_1": "8pm"}
    data |= {"code_2": "N", "name_2": "Night", "starts_2": "19:30", "ends_2": ""}
    response = client_for.post(reverse("accounts:working_pattern_shifts"), data)
    assert response.status_code == 422
    assert error_messages(response) == ["Shift 2: enter its end time, or clear the whole row"]
    data["ends_2"] = "8am"
    assert client_for.post(reverse("accounts:working_pattern_shifts"), data).status_code == 302
    user.refresh_from_db()
    assert pattern_of(user).shifts == (
        wp.Shift("LD", "Long day", datetime.time(7, 30), datetime.time(20)),
        wp.Shift("N", "Night", datetime.time(19, 30), datetime.time(8)),
    )


def test_a_shift_on_the_rota_cannot_be_removed(user, client_for):
    client_for.post(reverse("accounts:working_pattern_rota"), rota_post(1, {(1, 0): "E"}))
    data = {"code_1": "LD", "name_1": "Long day", "starts_1": "07:30", "ends_1": "20:00"}
    response = client_for.post(reverse("accounts:working_pattern_shifts"), data)
    assert response.status_code == 422
    assert error_messages(response) == ["E is on your rota or in a one-off change. Change those days first"]


def test_calendar_titles_are_kept_one_a_line(user, client_for):
    response = client_for.post(reverse("accounts:working_pattern_calendar"), {"rules": "Long day\n\n N \nLD"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert pattern_of(user).kind == wp.CALENDAR and pattern_of(user).rules == ("Long day", "N", "LD")
    response = client_for.post(reverse("accounts:working_pattern_calendar"), {"rules": ""})
    assert error_messages(response) == ["Enter at least one event title that marks a shift"]


def test_one_off_changes_are_added_listed_and_removed(user, client_for):
    client_for.post(reverse("accounts:working_pattern_rota"), rota_post(1, {(1, 0): "LD"}))
    on = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client_for.post(reverse("accounts:working_pattern_changes"), {"on": on, "kind": "extra", "shift": ""})
    assert error_messages(response) == ["Choose the extra shift"]
    client_for.post(reverse("accounts:working_pattern_changes"), {"on": on, "kind": "extra", "shift": "N"})
    client_for.post(reverse("accounts:working_pattern_changes"), {"on": on, "kind": "leave"})
    user.refresh_from_db()
    assert {(c.kind, c.shift) for c in pattern_of(user).changes} == {("extra", "N"), ("leave", None)}
    page = client_for.get(reverse("accounts:working_pattern_changes")).content.decode()
    assert "Extra shift: Night, 19:30 to 08:00" in page and "Leave" in page
    client_for.post(reverse("accounts:working_pattern_change_remove"), {"on": on, "kind": "leave"})
    user.refresh_from_db()
    assert [c.kind for c in pattern_of(user).changes] == ["extra"]


def test_a_change_far_from_today_is_refused(client_for):
    response = client_for.post(reverse("accounts:working_pattern_changes"), {"on": "2031-01-01", "kind": "leave"})
    assert error_messages(response) == ["Enter a date from the last month or the coming year"]


def test_another_persons_pattern_is_never_touched(user, client_for):
    other = UserFactory(email="someone.else@example.test")
    client_for.post(reverse("accounts:working_pattern_calendar"), {"rules": "Night"})
    other.refresh_from_db()
    assert other.working_pattern == {}
