"""Sessions as real meeting requests: what the calendar file says, the emails that carry it, replies in Attend,
the register that starts from them, the cohort's dates, and asking once before cancelling or removing."""

import datetime
import re
from functools import partial

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from attend.core.models import AuditEvent
from attend.programme import calendar, selectors, services
from attend.programme.models import Attendance, SessionReply
from attend.programme.services import meetings
from attend.programme.tests.conftest import add_people
from attend.programme.tests.support import participant_add

pytestmark = pytest.mark.django_db


def _event(body: bytes | str):
    parsed = Calendar.from_ical(body)
    [event] = parsed.walk("VEVENT")
    return parsed, event


def _address(value) -> str:
    return str(value).lower().removeprefix("mailto:")


def _calendar_parts(message) -> list[str]:
    """The message's text/calendar parts, as sent."""
    parts = [content for content, kind in message.alternatives if kind.startswith("text/calendar")]
    parts += [attachment[1] for attachment in message.attachments if attachment[2].startswith("text/calendar")]
    return parts


def _schedule(cohort, facilitator, capture, **changes):
    details = {
        "title": "Session 3: understanding",
        "starts_at": timezone.now() + datetime.timedelta(days=5),
        "minutes": 120,
        "place": "Room 2",
    } | changes
    with capture(execute=True):
        return services.session_schedule(cohort=cohort, by=facilitator.user, **details)


def _move(session, facilitator, capture, *, days=1):
    with capture(execute=True):
        return services.session_change(
            session=session,
            by=facilitator.user,
            title=session.title,
            starts_at=session.starts_at + datetime.timedelta(days=days),
            minutes=session.minutes,
            place=session.place,
        )


@pytest.fixture
def other_cohort_place(programme, facilitator, member):
    """The member takes part in another cohort of the same programme, not the leader's."""
    today = timezone.localdate()
    other = services.cohort_create(
        programme=programme,
        by=facilitator.user,
        name="Autumn cohort",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=60),
    )
    return participant_add(cohort=other, by=facilitator.user, email=member.user.email)


# The request itself ---------------------------------------------------------------------------------------------


def test_the_emailed_request_is_a_meeting_with_organiser_and_the_participant_as_attendee(
    cohort, place, facilitator, settings, django_capture_on_commit_callbacks
):
    settings.PROGRAMME_MEETING_ORGANISER = "Attend programmes <no-reply@attend.example>"
    mail.outbox.clear()
    session = _schedule(cohort, facilitator, django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [place.user.email]]
    assert message.subject.startswith("Invitation: Session 3: understanding")
    link = calendar.session_page(session)
    assert f"\n\n{link}\n\nAttend" in message.body  # the link whole, on a line of its own
    [alternative, attachment] = _calendar_parts(message)
    assert alternative == attachment
    parsed, event = _event(attachment)
    assert str(parsed["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"programme-session-{session.pk}@attend"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert _address(event["ORGANIZER"]) == "no-reply@attend.example"
    assert str(event["ORGANIZER"].params["CN"]) == "Attend programmes"
    attendee = event["ATTENDEE"]  # one attendee: this participant alone, nobody else's address
    assert _address(attendee) == place.user.email.lower()
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"], attendee.params["ROLE"]) == (
        "NEEDS-ACTION",
        "TRUE",
        "REQ-PARTICIPANT",
    )
    assert str(attendee.params["CN"]) == place.user.name
    assert reverse("programme:session", args=[session.pk]) in str(event["DESCRIPTION"])


def test_the_organiser_is_the_address_attend_sends_from_unless_one_is_configured(session, settings):
    settings.PROGRAMME_MEETING_ORGANISER = ""
    settings.DEFAULT_FROM_EMAIL = "Attend <attend@trust.example>"
    _, event = _event(
        calendar.invitation(session, method=calendar.REQUEST, attendee=session.cohort.participants.first().user)
    )
    assert _address(event["ORGANIZER"]) == "attend@trust.example"


def test_a_moved_session_is_sent_again_with_the_same_uid_and_a_higher_sequence(
    session, place, facilitator, django_capture_on_commit_callbacks
):
    _, first = _event(calendar.invitation(session, method=calendar.REQUEST, attendee=place.user))
    mail.outbox.clear()
    _move(session, facilitator, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    parsed, moved = _event(_calendar_parts(message)[0])
    assert str(parsed["METHOD"]) == "REQUEST"
    assert str(moved["UID"]) == str(first["UID"])
    assert int(moved["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert moved.decoded("DTSTART") == first.decoded("DTSTART") + datetime.timedelta(days=1)


def test_a_new_title_alone_sends_nothing_and_keeps_the_sequence(
    session, facilitator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_change(
            session=session,
            by=facilitator.user,
            title="Session 2: arriving",
            starts_at=session.starts_at,
            minutes=session.minutes,
            place=session.place,
        )
    session.refresh_from_db()
    assert (session.sequence, mail.outbox) == (0, [])


def test_a_cancelled_session_sends_method_cancel_with_status_cancelled(
    session, place, facilitator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=facilitator.user)
    [message] = mail.outbox
    assert message.subject.startswith("Cancelled: ")
    parsed, event = _event(_calendar_parts(message)[0])
    assert (str(parsed["METHOD"]), str(event["STATUS"])) == ("CANCEL", "CANCELLED")
    assert str(event["UID"]) == f"programme-session-{session.pk}@attend"
    assert int(event["SEQUENCE"]) == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SESSION_CANCELLED).count() == 1
    with pytest.raises(services.ProgrammeError):
        services.session_cancel(session=session, by=facilitator.user)


def test_someone_who_leaves_gets_a_cancellation_for_the_sessions_to_come(
    session, place, facilitator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_remove(place=place, by=facilitator.user)
    [message] = mail.outbox
    assert message.to == [place.user.email]
    assert "You are no longer in" in message.body
    parsed, event = _event(_calendar_parts(message)[0])
    assert (str(parsed["METHOD"]), str(event["STATUS"])) == ("CANCEL", "CANCELLED")


def test_someone_who_joins_gets_the_requests_for_the_sessions_to_come(
    session, cohort, facilitator, member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        participant_add(cohort=cohort, by=facilitator.user, email=member.user.email)
    requests = [m for m in mail.outbox if m.subject.startswith("Invitation: Session 2")]
    assert [m.to for m in requests] == [[member.user.email]]


def test_a_large_cohort_is_sent_in_batches_of_small_tasks(
    cohort, facilitator, django_capture_on_commit_callbacks, monkeypatch
):
    add_people(cohort, facilitator, 7)
    monkeypatch.setattr(meetings, "BATCH", 3)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.session_schedule(
            cohort=cohort,
            by=facilitator.user,
            title="Session 4",
            starts_at=timezone.now() + datetime.timedelta(days=5),
            minutes=60,
            place="Room 2",
        )
    batches = [c for c in callbacks if isinstance(c, partial) and c.args[2:] == ("REQUEST",)]
    assert [len(c.args[1]) for c in batches] == [3, 3, 1]
    assert {user for c in batches for user in c.args[1]} == {
        str(pk) for pk in cohort.participants.values_list("user_id", flat=True)
    }


def test_a_request_queued_before_the_session_was_cancelled_is_not_sent(session, place, facilitator):
    services.session_cancel(session=session, by=facilitator.user)
    sent = services.session_requests_deliver(
        session_id=str(session.pk), user_ids=[str(place.user_id)], method=calendar.REQUEST
    )
    assert sent == 0


# Replies --------------------------------------------------------------------------------------------------------


def test_a_participant_replies_in_attend_and_the_facilitator_sees_the_list(
    session, place, leader_client, facilitator_client, cohort, facilitator
):
    [other] = add_people(cohort, facilitator, 1)
    response = leader_client.post(reverse("programme:session_reply", args=[session.pk]), {"answer": "attending"})
    assert response.status_code == 302
    assert SessionReply.objects.get(session=session, participant=place).answer == "attending"
    page = leader_client.get(reverse("programme:session", args=[session.pk])).content.decode()
    assert "You said you will come." in page
    facilitator_page = facilitator_client.get(reverse("programme:session", args=[session.pk])).content.decode()
    assert "Who is coming" in facilitator_page
    assert f"1 person: {place.user.name}" in facilitator_page
    assert f"1 person: {other.user.name}" in facilitator_page  # not answered yet
    replies = selectors.session_replies(session)
    assert (replies.count("attending"), replies.count("maybe"), replies.waiting) == (1, 0, [other.user.name])


def test_a_reply_can_be_changed_and_is_one_per_person(session, place, leader_client):
    url = reverse("programme:session_reply", args=[session.pk])
    leader_client.post(url, {"answer": "attending"})
    leader_client.post(url, {"answer": "maybe"})
    assert list(SessionReply.objects.values_list("answer", flat=True)) == ["maybe"]


def test_a_reply_without_an_answer_is_422_naming_the_field(session, place, leader_client):
    response = leader_client.post(reverse("programme:session_reply", args=[session.pk]), {"answer": "perhaps"})
    assert response.status_code == 422
    assert "nhsuk-error-summary" in response.content.decode()
    assert not SessionReply.objects.exists()


def test_a_reply_to_a_session_that_has_started_is_refused(session, place):
    session.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    session.save()
    with pytest.raises(services.ProgrammeError):
        services.session_reply_set(session=session, place=place, answer="attending")


def test_a_request_sent_again_for_a_new_place_carries_the_reply_already_given(
    session, place, facilitator, django_capture_on_commit_callbacks
):
    services.session_reply_set(session=session, place=place, answer="maybe")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_change(
            session=session,
            by=facilitator.user,
            title=session.title,
            starts_at=session.starts_at,
            minutes=session.minutes,
            place="Room 9",
        )
    _, event = _event(_calendar_parts(mail.outbox[0])[0])
    assert (int(event["SEQUENCE"]), str(event["LOCATION"])) == (1, "Room 9")
    assert event["ATTENDEE"].params["PARTSTAT"] == "TENTATIVE"


def test_a_new_time_asks_everyone_again(session, place, facilitator, django_capture_on_commit_callbacks):
    services.session_reply_set(session=session, place=place, answer="attending")
    mail.outbox.clear()
    _move(session, facilitator, django_capture_on_commit_callbacks)
    assert not SessionReply.objects.filter(session=session).exists()
    _, event = _event(_calendar_parts(mail.outbox[0])[0])
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"


def test_the_downloaded_request_carries_the_participants_own_reply(session, place, leader_client):
    leader_client.post(reverse("programme:session_reply", args=[session.pk]), {"answer": "not_attending"})
    _, event = _event(leader_client.get(reverse("programme:session_ics", args=[session.pk])).content)
    assert _address(event["ATTENDEE"]) == place.user.email.lower()
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"


def test_the_facilitators_download_names_no_attendee(session, place, facilitator_client):
    parsed, event = _event(facilitator_client.get(reverse("programme:session_ics", args=[session.pk])).content)
    assert str(parsed["METHOD"]) == "PUBLISH"
    assert "ATTENDEE" not in event


def test_the_register_starts_from_the_replies_and_stays_editable(
    session, place, cohort, facilitator, facilitator_client
):
    [maybe, away] = add_people(cohort, facilitator, 2)
    services.session_reply_set(session=session, place=place, answer="attending")
    services.session_reply_set(session=session, place=maybe, answer="maybe")
    services.session_reply_set(session=session, place=away, answer="not_attending")
    assert selectors.register_start(session) == {str(place.pk): "present", str(away.pk): "apologies"}
    page = facilitator_client.get(reverse("programme:session", args=[session.pk])).content.decode()
    assert _checked(page, place, "present")
    assert _checked(page, away, "apologies")
    assert not any(_checked(page, maybe, status) for status in Attendance.Status.values)
    # What the facilitator records wins over the reply.
    services.attendance_record(session=session, by=facilitator.user, statuses={str(place.pk): "absent"})
    assert selectors.register_start(session)[str(place.pk)] == "absent"


def _checked(page: str, place, status: str) -> bool:
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="p{place.pk.hex}"' in tag and f'value="{status}"' in tag:
            return "checked" in tag
    return False


# Attacks --------------------------------------------------------------------------------------------------------


def test_a_participant_of_another_cohort_cannot_reply_to_this_session(session, other_cohort_place, member_client):
    response = member_client.post(reverse("programme:session_reply", args=[session.pk]), {"answer": "attending"})
    assert response.status_code == 404
    assert not SessionReply.objects.exists()


def test_a_participant_of_another_cohort_cannot_download_this_session(session, other_cohort_place, member_client):
    assert member_client.get(reverse("programme:session_ics", args=[session.pk])).status_code == 404


def test_a_facilitator_who_is_not_in_the_cohort_cannot_answer_for_it(session, facilitator_client):
    response = facilitator_client.post(reverse("programme:session_reply", args=[session.pk]), {"answer": "maybe"})
    assert response.status_code == 404


def test_a_participant_cannot_see_anyone_elses_reply(session, place, cohort, facilitator, leader_client):
    [other] = add_people(cohort, facilitator, 1)
    services.session_reply_set(session=session, place=other, answer="not_attending")
    page = leader_client.get(reverse("programme:session", args=[session.pk])).content.decode()
    assert "Who is coming" not in page
    assert other.user.name not in page
    assert "Not coming" not in page


def test_the_emailed_request_never_names_another_participant(
    cohort, place, facilitator, django_capture_on_commit_callbacks
):
    [other] = add_people(cohort, facilitator, 1)
    mail.outbox.clear()
    _schedule(cohort, facilitator, django_capture_on_commit_callbacks)
    mine = next(m for m in mail.outbox if m.to == [place.user.email])
    for part in _calendar_parts(mine):
        assert other.user.email not in part and other.user.name not in part


# The cohort's dates ---------------------------------------------------------------------------------------------


def test_a_session_outside_the_cohorts_dates_is_refused_by_the_service(cohort, facilitator):
    too_late = datetime.datetime.combine(
        cohort.ends_on + datetime.timedelta(days=1), datetime.time(10), tzinfo=timezone.get_current_timezone()
    )
    with pytest.raises(services.SessionOutsideCohort, match="within the cohort's dates"):
        services.session_schedule(
            cohort=cohort, by=facilitator.user, title="Late", starts_at=too_late, minutes=60, place="Room 1"
        )
    assert not cohort.sessions.exists()


def test_moving_a_session_outside_the_cohorts_dates_is_refused(session, facilitator):
    too_early = session.starts_at - datetime.timedelta(days=400)
    with pytest.raises(services.SessionOutsideCohort):
        services.session_change(
            session=session, by=facilitator.user, title="x", starts_at=too_early, minutes=60, place="Room 1"
        )


def test_the_form_names_the_date_field_when_a_session_is_outside_the_cohort(cohort, facilitator_client):
    day = cohort.ends_on + datetime.timedelta(days=3)
    response = facilitator_client.post(
        reverse("programme:session_new", args=[cohort.pk]),
        {
            "title": "Too late",
            "day": day.isoformat(),
            "at": "10:00",
            "minutes": "120",
            "place": "Room 1",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose a date within the cohort&#39;s dates" in page
    assert 'href="#id_day"' in page
    assert not cohort.sessions.exists()


# Asking once ----------------------------------------------------------------------------------------------------


def test_cancelling_asks_first_and_a_get_changes_nothing(session, facilitator_client):
    url = reverse("programme:session_cancel", args=[session.pk])
    page = facilitator_client.get(url)
    assert page.status_code == 200
    assert "Are you sure you want to cancel" in page.content.decode()
    session.refresh_from_db()
    assert not session.is_cancelled
    assert facilitator_client.post(url).status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled
    assert facilitator_client.get(url).status_code == 404  # nothing left to cancel


def test_removing_asks_first_and_a_get_changes_nothing(cohort, place, facilitator_client):
    url = reverse("programme:participant_remove", args=[cohort.pk, place.pk])
    page = facilitator_client.get(url)
    assert page.status_code == 200
    assert f"Are you sure you want to remove {place.user.name}" in page.content.decode()
    assert cohort.participants.filter(pk=place.pk).exists()
    assert facilitator_client.post(url).status_code == 302
    assert not cohort.participants.filter(pk=place.pk).exists()


def test_a_cancelled_session_is_no_longer_the_next_session_on_today(session, place, facilitator, leader_client):
    assert "Next session: Session 2: attending" in leader_client.get(reverse("core:today")).content.decode()
    services.session_cancel(session=session, by=facilitator.user)
    assert "Next session: Session 2: attending" not in leader_client.get(reverse("core:today")).content.decode()


def test_a_cancelled_session_cannot_be_changed_or_answered(session, place, facilitator, facilitator_client):
    services.session_cancel(session=session, by=facilitator.user)
    assert facilitator_client.get(reverse("programme:session_edit", args=[session.pk])).status_code == 404
    with pytest.raises(services.ProgrammeError):
        services.session_reply_set(session=session, place=place, answer="attending")


# Scale ----------------------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_session_page_asks_the_same_number_of_queries_as_the_cohort_and_its_replies_grow(
    session, place, cohort, facilitator, facilitator_client
):
    url = reverse("programme:session", args=[session.pk])
    for start, count in ((0, 3), (3, 6)):
        for other in add_people(cohort, facilitator, count, start=start):
            services.session_reply_set(session=session, place=other, answer="maybe")
        if start == 0:
            before = _queries(facilitator_client, url)
    assert _queries(facilitator_client, url) == before
