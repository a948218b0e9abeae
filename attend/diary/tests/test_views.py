"""Diary's pages with Django's test client: upload, progress, report, protected time, privacy."""

import datetime
import html
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from attend.diary import forms, selectors
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.tests.support import at, busy_week, calendar_with, ics, leader_diary, this_monday

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "work.ics"):
    return client.post(
        reverse("diary:upload"), {"name": "Work", "file": SimpleUploadedFile(name, data, "text/calendar")}
    )


def test_the_diary_explains_how_to_export_a_calendar_before_there_is_one(leader_client):
    page = leader_client.get(reverse("diary:index")).content.decode()

    assert "Outlook and NHSmail" in page and "Google Calendar" in page and "Apple Calendar" in page
    assert "Only you can see your diary" in page


def test_the_report_pages_say_there_is_nothing_yet(leader_client):
    for name in ("diary:week", "diary:trend", "diary:protected_time"):
        response = leader_client.get(reverse(name))
        assert response.status_code == 200
        assert "There is nothing to show yet" in response.content.decode()


def test_an_upload_is_read_and_the_progress_page_shows_it_finished(
    leader_client, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the request commits, so the import is queued
        response = upload(leader_client, ics(busy_week(this_monday())))

    diary_import = DiaryImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("diary:import_progress", args=[diary_import.pk])
    page = leader_client.get(response["Location"]).content.decode()
    assert "Finished" in page
    assert reverse("diary:week") in page


def test_the_progress_page_lists_the_events_left_out_with_their_line_and_why(
    leader_client, leader, django_capture_on_commit_callbacks
):
    meetings = ics(busy_week(this_monday()))
    broken = b"BEGIN:VEVENT\r\nUID:odd@t\r\nSUMMARY:<b>Odd</b> one\r\nDTSTART:20261301T100000Z\r\nEND:VEVENT\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(leader_client, meetings.replace(b"END:VCALENDAR", broken + b"END:VCALENDAR"))

    page = leader_client.get(response["Location"]).content.decode()

    assert "Finished" in page
    assert "1 event could not be read, so it was left out" in page
    assert "&lt;b&gt;Odd&lt;/b&gt; one" in page and "<b>Odd</b>" not in page
    assert "The start date &#39;20261301T100000Z&#39; is not a date." in page


def test_the_progress_fragment_polls_until_finished(leader_client, leader):
    calendar = DiaryCalendar.objects.create(owner=leader.user, source="upload", name="Work")
    running = DiaryImport.objects.create(
        calendar=calendar, state=DiaryImport.State.SAVING, events_total=40000, events_done=12000
    )

    fragment = leader_client.get(reverse("diary:import_progress", args=[running.pk]), HTTP_HX_REQUEST="true")

    html = fragment.content.decode()
    assert "<html" not in html  # just the fragment
    assert "12,000 of 40,000 events saved" in html
    assert 'hx-trigger="every 1s"' in html
    assert "<progress" in html
    # The words go into the page's one live region, which stays put so screen readers announce them.
    assert re.search(r'<p id="import-status" hx-swap-oob="innerHTML">\s*12,000 of 40,000 events saved', html)
    assert "Refresh to see progress" in html  # without htmx, a plain link
    page = leader_client.get(reverse("diary:import_progress", args=[running.pk])).content.decode()
    assert page.count('role="status"') == 1
    assert re.search(r'<p id="import-status" aria-live="polite" role="status">\s*12,000 of 40,000', page)


def test_a_broken_file_is_named_with_its_line_and_changes_nothing(
    leader_client, leader, django_capture_on_commit_callbacks
):
    calendar, first = calendar_with(leader.user, ics(busy_week(this_monday())))
    broken = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

    with django_capture_on_commit_callbacks(execute=True):  # the request commits, so the import is queued
        response = leader_client.post(
            reverse("diary:calendar", args=[calendar.pk]), {"file": SimpleUploadedFile("new.ics", broken)}
        )
    page = leader_client.get(response["Location"]).content.decode()

    assert "This calendar could not be read" in page
    assert "Nothing has changed" in page
    calendar.refresh_from_db()
    assert calendar.current_import == first


NOT_A_CALENDAR = b"BEGIN:VCARD\r\nFN:Someone\r\nEND:VCARD\r\n"
CUT_SHORT = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Huddle\r\n"


def test_a_first_upload_that_cannot_be_read_leaves_no_calendar_and_says_why_once_on_the_form(
    leader_client, django_capture_on_commit_callbacks
):
    # Issue 18: it used to leave a ghost "Work" calendar that said it "still shows the import before it".
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(leader_client, NOT_A_CALENDAR)

    assert response.status_code == 422
    assert not DiaryCalendar.objects.exists() and not DiaryImport.objects.exists()
    page = response.content.decode()
    message = "This file is not a calendar (.ics): it does not start with BEGIN:VCALENDAR."
    # The error summary links to the field, and the field says it: the one message, the NHS way, no typo.
    assert page.count(message) == 2
    assert 'href="#file"' in page or "#id_file" in page
    assert "VCALENDAR.." not in page and "before it" not in page
    assert "Upload a calendar file" in page


def test_a_newer_file_that_cannot_be_read_is_said_once_on_the_calendar_page(
    leader_client, leader, django_capture_on_commit_callbacks
):
    calendar, first = calendar_with(leader.user, ics(busy_week(this_monday())))
    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(
            reverse("diary:calendar", args=[calendar.pk]), {"file": SimpleUploadedFile("new.ics", CUT_SHORT)}
        )

    page = leader_client.get(reverse("diary:calendar", args=[calendar.pk])).content.decode()

    assert page.count("it may have been cut short") == 1
    assert "cut short.." not in page and "cut short.." not in page
    assert "Your diary still shows the file before it." in page


def test_a_first_file_that_fails_in_the_background_leaves_no_calendar_and_says_why_once(
    leader_client, leader, django_capture_on_commit_callbacks
):
    # Issue 18 item 7: the background path left a ghost calendar behind; now it removes the new calendar.
    with django_capture_on_commit_callbacks(execute=True):  # begins like a calendar, so the worker reads it
        response = upload(leader_client, CUT_SHORT)

    assert not DiaryCalendar.objects.exists()
    progress = leader_client.get(response["Location"])
    assert progress.status_code == 200
    page = progress.content.decode()
    problem = "The file stops before the end of the calendar: it may have been cut short."
    assert page.count(problem) == 1
    assert "Attend did not add this calendar, and nothing from it is in your diary." in page
    assert "still shows" not in page and "Nothing has changed" not in page and "before it" not in page
    assert "VCALENDAR.." not in page and ".." not in problem
    assert reverse("diary:upload") in page
    index = leader_client.get(reverse("diary:index")).content.decode()
    assert "Could not be read" not in index and "Work calendar" not in index


def test_a_failed_first_import_is_still_its_owners_alone(
    leader_client, member_client, org_admin_client, other_leader_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(leader_client, CUT_SHORT)

    for other in (member_client, org_admin_client, other_leader_client):
        assert other.get(response["Location"]).status_code == 404


def test_a_file_that_is_not_ics_is_refused_with_422(leader_client):
    response = upload(leader_client, b"name,email\n", name="people.csv")

    assert response.status_code == 422
    assert "The file must be an .ics calendar file" in response.content.decode()
    assert not DiaryCalendar.objects.exists()


def test_a_file_over_50_mb_is_refused_before_it_is_read(leader_client, monkeypatch):
    monkeypatch.setattr(forms, "MAX_BYTES", 10)

    response = upload(leader_client, ics(busy_week(this_monday())))

    assert response.status_code == 422
    assert "50 MB or smaller" in response.content.decode()
    assert not DiaryCalendar.objects.exists()


def test_the_week_shows_figures_a_chart_with_a_table_and_observations(leader_client, leader):
    calendar_with(leader.user, ics(busy_week(this_monday())))

    page = leader_client.get(reverse("diary:week")).content.decode()

    assert "<svg" in page and "<figcaption>" in page
    assert "Each day in hours" in page  # the chart's data table
    assert "Tuesday" in page
    assert "6 hours" in page  # Tuesday's back-to-back run, in words somewhere on the page


def test_another_week_can_be_chosen(leader_client, leader):
    calendar_with(leader.user, ics(busy_week(this_monday())))
    last_week = this_monday() - datetime.timedelta(weeks=1)

    page = leader_client.get(reverse("diary:week"), {"week": last_week.isoformat()}).content.decode()

    assert f"Week of {last_week.day} {last_week:%B %Y}" in page


def test_a_nonsense_week_shows_this_week(leader_client, leader):
    calendar_with(leader.user, ics(busy_week(this_monday())))

    response = leader_client.get(reverse("diary:week"), {"week": "yesterday"})

    assert response.status_code == 200
    assert f"Week of {this_monday().day}" in response.content.decode()


def test_the_trend_has_twelve_weeks_in_its_table(leader_client, leader):
    calendar_with(leader.user, ics(busy_week(this_monday())))

    page = leader_client.get(reverse("diary:trend")).content.decode()

    assert page.count("Week of ") >= 12
    assert "Each week in figures" in page
    assert "Time with people (hours)" in page  # issue 18 item 3: the trend of time with people


def test_trend_weeks_before_the_first_event_say_no_data_not_calm(leader_client, leader):
    # Issue 18: a calendar that begins this week used to show 11 calm weeks of 0% and 40 hours' focus.
    calendar_with(leader.user, ics(busy_week(this_monday())))
    first = selectors.first_event_day(leader.user)

    page = leader_client.get(reverse("diary:trend")).content.decode()

    assert first >= this_monday()
    assert page.count("No data for this week") == 11
    assert page.count("40.0") <= 1  # no calm week of 40 hours' focus before the calendar begins
    assert "so there is no data for the weeks before it" in page


def test_protected_time_choices_are_saved_and_downloaded_with_stable_uids(leader_client, leader):
    next_monday = this_monday() + datetime.timedelta(weeks=1)
    calendar_with(leader.user, ics(busy_week(next_monday)))
    plan = selectors.protected_plan(leader.user, next_monday)
    keys = [proposal.key for proposal in plan.proposals[:2]]
    assert len(keys) == 2

    url = f"{reverse('diary:protected_time')}?week={next_monday.isoformat()}"
    response = leader_client.post(url, {"chosen": keys})
    assert response.status_code == 302
    assert selectors.chosen_keys(leader.user) == set(keys)

    first = leader_client.get(reverse("diary:protected_time_download"))
    second = leader_client.get(reverse("diary:protected_time_download"))
    assert first["Content-Type"].startswith("text/calendar")
    uids = [str(event["UID"]) for event in Calendar.from_ical(first.content).walk("VEVENT")]
    assert len(uids) == 2
    assert uids == [str(event["UID"]) for event in Calendar.from_ical(second.content).walk("VEVENT")]


def test_an_offered_block_that_no_longer_exists_is_refused(leader_client, leader):
    calendar_with(leader.user, ics(busy_week(this_monday() + datetime.timedelta(weeks=1))))
    week = (this_monday() + datetime.timedelta(weeks=1)).isoformat()

    response = leader_client.post(f"{reverse('diary:protected_time')}?week={week}", {"chosen": ["made-up"]})

    assert response.status_code == 422
    assert "no longer offered" in response.content.decode()


def test_working_hours_are_saved(leader_client, leader):
    response = leader_client.post(
        reverse("diary:working_hours"),
        {"time_zone": "Europe/London", "working_days": ["0", "1", "2", "3"], "starts": "08:00", "ends": "16:30"},
    )

    assert response.status_code == 302
    leader.user.refresh_from_db()
    assert leader.user.working_days == [0, 1, 2, 3]
    assert leader.user.working_day_end == datetime.time(16, 30)


def test_working_hours_that_end_before_they_start_are_refused(leader_client):
    response = leader_client.post(
        reverse("diary:working_hours"),
        {"time_zone": "Europe/London", "working_days": ["0"], "starts": "17:00", "ends": "09:00"},
    )

    assert response.status_code == 422
    assert "must be after its start" in response.content.decode()


def test_a_subscription_link_that_cannot_be_fetched_is_said_on_the_form(leader_client):
    response = leader_client.post(reverse("diary:subscribe"), {"name": "Work", "url": "https://127.0.0.1/calendar.ics"})

    assert response.status_code == 422
    assert "private or local network" in response.content.decode()
    assert not DiaryCalendar.objects.exists()


def test_a_caldav_address_that_is_not_https_is_refused(leader_client):
    response = leader_client.post(
        reverse("diary:caldav"), {"name": "Work", "url": "ftp://x", "username": "a", "password": "b"}
    )

    assert response.status_code == 422
    assert "starting with https://" in response.content.decode()


def test_the_password_is_never_shown_back(leader_client, leader):
    calendar = DiaryCalendar.objects.create(
        owner=leader.user,
        source="caldav",
        name="Work",
        connection={"url": "https://dav.example.org/", "username": "lee", "password": "s3cret-app-pw"},
    )

    page = leader_client.get(reverse("diary:calendar", args=[calendar.pk])).content.decode()

    assert "s3cret-app-pw" not in page


def test_a_subscription_links_secret_part_is_never_shown_back(leader_client, leader):
    calendar = DiaryCalendar.objects.create(
        owner=leader.user,
        source="subscription",
        name="Work",
        connection={"url": "https://cal.example.org/p/tok3n-s3cret.ics"},
    )

    page = leader_client.get(reverse("diary:calendar", args=[calendar.pk])).content.decode()

    assert "cal.example.org" in page
    assert "tok3n" not in page


@pytest.mark.parametrize(
    ("name", "data", "secrets"),
    [
        ("diary:subscribe", {"name": "Work", "url": "https://127.0.0.1/s3cret.ics"}, {"url"}),
        ("diary:caldav", {"name": "W", "url": "ftp://x", "username": "lee", "password": "pw"}, {"url", "password"}),
    ],
)
def test_links_and_passwords_are_kept_out_of_error_reports(leader_client, name, data, secrets):
    response = leader_client.post(reverse(name), data)

    assert secrets <= set(response.wsgi_request.sensitive_post_parameters)


def test_renaming_and_removing_a_calendar(leader_client, leader):
    calendar, _ = calendar_with(leader.user, ics(busy_week(this_monday())))

    leader_client.post(reverse("diary:calendar_rename", args=[calendar.pk]), {"name": "NHSmail"})
    calendar.refresh_from_db()
    assert calendar.name == "NHSmail"

    leader_client.post(reverse("diary:calendar_delete", args=[calendar.pk]))
    assert not DiaryCalendar.objects.exists()


@pytest.mark.parametrize(
    "client_name", ["member_client", "other_leader_client", "facilitator_client", "org_admin_client"]
)
def test_nobody_else_reaches_the_leaders_calendar(request, leader, client_name):
    calendar, diary_import = leader_diary(leader.user)
    client = request.getfixturevalue(client_name)

    for name, argument in (
        ("diary:calendar", calendar.pk),
        ("diary:calendar_delete", calendar.pk),
        ("diary:import_progress", diary_import.pk),
    ):
        assert client.get(reverse(name, args=[argument])).status_code == 404
    for name in ("diary:calendar_delete", "diary:calendar_rename", "diary:calendar_refresh", "diary:calendar"):
        assert client.post(reverse(name, args=[calendar.pk]), {"name": "Mine now"}).status_code == 404
    calendar.refresh_from_db()
    assert calendar.name == "Work calendar"


@pytest.mark.parametrize("client_name", ["member_client", "org_admin_client"])
def test_others_see_their_own_empty_diary_never_the_leaders(request, leader, client_name):
    leader_diary(leader.user)
    client = request.getfixturevalue(client_name)

    for name in ("diary:week", "diary:trend", "diary:protected_time"):
        page = client.get(reverse(name)).content.decode()
        assert "Meeting" not in page
        assert "There is nothing to show yet" in page
    download = client.get(reverse("diary:protected_time_download")).content
    assert b"VEVENT" not in download


def test_the_today_panel_appears_only_with_a_calendar(leader_client, leader):
    panel = re.compile(r"Your next gap|in your diary")
    assert not panel.search(leader_client.get(reverse("core:today")).content.decode())
    calendar_with(leader.user, ics([("Huddle", at(this_monday(), 9), at(this_monday(), 9, 30))]))

    page = leader_client.get(reverse("core:today")).content.decode()

    assert panel.search(page)


def test_titles_with_apostrophes_are_escaped_once(leader_client, leader):
    next_monday = this_monday() + datetime.timedelta(weeks=1)
    calendar_with(leader.user, ics(busy_week(next_monday, prefix="Matron's")))

    page = leader_client.get(reverse("diary:protected_time"), {"week": next_monday.isoformat()}).content.decode()

    assert "Matron&#x27;s" in page or "Matron&#39;s" in page
    assert "&amp;#" not in page


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        (b"\xef\xbb\xbf\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", False),  # a byte-order mark and blank lines
        (b"begin:vcalendar\r\nend:vcalendar\r\n", False),
        (b" " * 5000 + b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", False),  # too much blank space to tell: read it
        (b"BEGIN:VCARD\r\nEND:VCARD\r\n", True),
        (b"BEGIN:V", True),  # the whole file, too short to be a calendar
        (b"<html><body>Sign in</body></html>", True),
    ],
)
def test_the_upload_form_refuses_only_what_cannot_begin_a_calendar(data, refused):
    form = forms.UploadForm({"name": "Work"}, {"file": SimpleUploadedFile("work.ics", data)})

    assert form.is_valid() is not refused
    if refused:
        assert form.errors["file"] == ["This file is not a calendar (.ics): it does not start with BEGIN:VCALENDAR."]
    else:
        assert form.cleaned_data["file"].read() == data  # the file is read again from its start


class TestTodayPanelAfterWork:
    """Issue 18: after the working day has ended, Today's Diary card talks about tomorrow, not free time today."""

    WEDNESDAY = datetime.date(2026, 12, 9)

    def diary_line(self, client, hour: int, day: datetime.date) -> str:
        with time_machine.travel(at(day, hour), tick=False):
            client.force_login(self.person)  # signed in then, so the session is fresh on that day
            page = html.unescape(client.get(reverse("core:today")).content.decode())
        match = re.search(r"(Your (working day|longest)[^<]*|A (full day|day off)[^<]*|The rest[^<]*)", page)
        assert match, "no Diary line on Today"
        return match.group(1).strip()

    @pytest.fixture
    def diary(self, leader):
        self.person = leader.user
        thursday = self.WEDNESDAY + datetime.timedelta(days=1)
        meetings = [
            ("Ward round", at(self.WEDNESDAY, 9), at(self.WEDNESDAY, 12)),  # free 12:00 to 17:00 on Wednesday
            ("Handover", at(thursday, 9), at(thursday, 15, 30)),  # free 15:30 to 17:00 on Thursday
        ]
        with time_machine.travel(at(self.WEDNESDAY, 8), tick=False):
            calendar_with(leader.user, ics(meetings))

    def today(self, client, hour: int, minute: int, day: datetime.date) -> str:
        with time_machine.travel(at(day, hour, minute), tick=False):
            client.force_login(self.person)
            return html.unescape(client.get(reverse("core:today")).content.decode())

    def test_during_the_working_day_it_offers_the_next_gap_with_a_practice_that_fits_in_one_press(
        self, leader_client, diary
    ):
        page = self.today(leader_client, 10, 0, self.WEDNESDAY)

        assert "Your next gap: 12:00 to 17:00" in page
        assert "Free from 12:00 for 5 hours. Start “Body scan (15 minutes)” now, in one press." in page
        # The card itself starts the practice: the player opens already running, as Today's three-minute button.
        assert f'href="{reverse("practice:player", args=["body-scan-15"])}#player-start"' in page

    def test_in_a_short_gap_it_offers_a_practice_that_fits_it(self, leader_client, diary):
        thursday = self.WEDNESDAY + datetime.timedelta(days=1)
        page = self.today(leader_client, 16, 50, thursday)  # ten minutes left of the working day

        assert "Your next gap: 16:50 to 17:00" in page
        assert "Free now for 10 minutes. Start “Self-compassion break, 5 minutes” now, in one press." in page
        assert f"{reverse('practice:player', args=['self-compassion-break'])}#player-start" in page

    def test_with_no_gap_left_it_says_so_kindly(self, leader_client, diary):
        thursday = self.WEDNESDAY + datetime.timedelta(days=1)
        page = self.today(leader_client, 16, 57, thursday)  # three minutes left: no real gap

        assert "Your next gap" not in page
        assert "The rest of your working day is full in your diary." in page

    def test_after_the_working_day_it_speaks_of_tomorrow(self, leader_client, diary):
        line = self.diary_line(leader_client, 18, self.WEDNESDAY)

        assert "today" not in line
        assert line == "Your working day is over. Tomorrow's longest free block is 1 hour 30 minutes."

    def test_on_a_friday_evening_tomorrow_is_a_day_off(self, leader_client, diary):
        friday = self.WEDNESDAY + datetime.timedelta(days=2)

        assert self.diary_line(leader_client, 19, friday) == (
            "Your working day is over, and tomorrow is a day off in your diary."
        )


def test_on_a_day_of_leave_today_offers_no_gap(leader_client, leader):
    wednesday = datetime.date(2026, 12, 9)
    leave = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:leave\r\n"
        b"DTSTART;VALUE=DATE:20261209\r\nDTEND;VALUE=DATE:20261210\r\nSUMMARY:Annual leave\r\n"
        b"X-MICROSOFT-CDO-BUSYSTATUS:OOF\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with time_machine.travel(at(wednesday, 8), tick=False):
        calendar_with(leader.user, leave)
    with time_machine.travel(at(wednesday, 10), tick=False):
        leader_client.force_login(leader.user)
        page = html.unescape(leader_client.get(reverse("core:today")).content.decode())

    assert "Your next gap" not in page
    assert "You are away today in your diary." in page
