"""A participant's certificate of attendance and CPD record: what it counts, that only they can have it, and that
their reflections are counted and never shown."""

import datetime
import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attend.core.models import AuditEvent
from attend.programme import presenters, selectors, services
from attend.programme.tests.conftest import add_people
from attend.programme.tests.support import participant_add

pytestmark = pytest.mark.django_db

SECRET = "Ward 7 handover with Sam went badly"


def _session(cohort, facilitator, *, days_ago: int, minutes: int, title: str):
    session = services.session_schedule(
        cohort=cohort,
        by=facilitator.user,
        title=title,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        minutes=minutes,
        place="Room 2",
    )
    session.starts_at = timezone.now() - datetime.timedelta(days=days_ago)  # it has happened since
    session.save()
    return session


def _reflection(user, *, at: datetime.datetime, draft: bool = False):
    entry = user.journal_entries.create(
        template_key="free", is_draft=draft, content={"title": SECRET, "answers": {"text": {"text": SECRET}}}
    )
    type(entry).objects.filter(pk=entry.pk).update(created_at=at)
    return entry


@pytest.fixture
def attended(cohort, place, facilitator):
    """The leader came to two sessions (2 hours and 90 minutes) and missed a third."""
    first = _session(cohort, facilitator, days_ago=8, minutes=120, title="Session 1: arriving")
    second = _session(cohort, facilitator, days_ago=4, minutes=90, title="Session 2: attending")
    missed = _session(cohort, facilitator, days_ago=2, minutes=120, title="Session 3: missed")
    for session, status in ((first, "present"), (second, "present"), (missed, "absent")):
        services.attendance_record(session=session, by=facilitator.user, statuses={str(place.pk): status})
    return first, second, missed


def test_the_record_counts_sessions_attended_hours_and_reflections_in_the_programmes_dates(
    cohort, place, attended, leader
):
    _reflection(leader.user, at=timezone.now() - datetime.timedelta(days=3))
    _reflection(leader.user, at=timezone.now() - datetime.timedelta(days=1))
    _reflection(leader.user, at=timezone.now() - datetime.timedelta(days=2), draft=True)  # a draft: not counted
    _reflection(leader.user, at=timezone.now() - datetime.timedelta(days=40))  # before the programme
    record = selectors.cpd_record(place)
    assert [s.title for s in record.sessions] == ["Session 1: arriving", "Session 2: attending"]
    assert record.minutes == 210
    assert record.reflections == 2
    view = presenters.cpd_view(record, time_zone="Europe/London")
    assert view.total_hours == "3.5 hours"
    assert [row.hours for row in view.sessions] == ["2 hours", "1.5 hours"]
    assert view.reflections == "2 reflections"


def test_hours_read_as_cpd_records_count_them():
    assert [presenters.hours(m) for m in (60, 90, 45, 0, 100)] == [
        "1 hour",
        "1.5 hours",
        "0.75 hours",
        "0 hours",
        "1.67 hours",
    ]


def test_the_printable_page_shows_the_certificate_and_the_record(cohort, place, attended, leader_client):
    response = leader_client.get(reverse("programme:cpd_record", args=[cohort.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Certificate of attendance" in page
    assert f"This is to certify that {place.user.name} took part in" in page
    assert "3.5 hours" in page and "Session 2: attending" in page and "Session 3: missed" not in page
    assert "programme/print.css" in page


def test_the_document_is_a_word_file_with_the_certificate_and_record_and_its_download_is_recorded(
    cohort, place, attended, leader_client, leader
):
    _reflection(leader.user, at=timezone.now() - datetime.timedelta(days=1))
    response = leader_client.get(reverse("programme:cpd_record_docx", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Certificate of attendance" in text
    assert place.user.name in text
    assert "Session 1: arriving" in cells and "Session 3: missed" not in cells
    assert "1 reflection" in cells and "3.5 hours" in cells
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_EXPORTED)
    assert (event.actor, event.organisation) == (leader.user, place.organisation)
    assert event.target_description == f"Certificate and CPD record, {cohort.name}"


# Attacks --------------------------------------------------------------------------------------------------------


def test_the_facilitator_cannot_download_a_participants_record(cohort, place, attended, facilitator_client):
    for name in ("programme:cpd_record", "programme:cpd_record_docx"):
        assert facilitator_client.get(reverse(name, args=[cohort.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORTED).exists()


def test_a_participant_of_another_cohort_gets_404(
    cohort, place, attended, programme, facilitator, member, member_client
):
    today = timezone.localdate()
    other = services.cohort_create(
        programme=programme, by=facilitator.user, name="Autumn", starts_on=today, ends_on=today
    )
    participant_add(cohort=other, by=facilitator.user, email=member.user.email)
    for name in ("programme:cpd_record", "programme:cpd_record_docx"):
        assert member_client.get(reverse(name, args=[cohort.pk])).status_code == 404


def test_another_participant_of_the_same_cohort_gets_only_their_own(cohort, place, attended, facilitator, client):
    [other] = add_people(cohort, facilitator, 1)
    client.force_login(other.user)
    page = client.get(reverse("programme:cpd_record", args=[cohort.pk])).content.decode()
    assert other.user.name in page
    assert place.user.name not in page
    assert "Session 1: arriving" not in page  # the leader's attendance, not theirs


def test_the_reflection_count_never_reveals_what_was_written(cohort, place, leader, leader_client):
    _reflection(leader.user, at=timezone.now() - datetime.timedelta(days=1))
    page = leader_client.get(reverse("programme:cpd_record", args=[cohort.pk])).content.decode()
    document = docx.Document(
        io.BytesIO(leader_client.get(reverse("programme:cpd_record_docx", args=[cohort.pk])).content)
    )
    words = page + "\n".join(p.text for p in document.paragraphs)
    words += "".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "1 reflection" in words
    assert SECRET not in words and "Ward 7" not in words


def test_the_record_asks_the_same_number_of_queries_as_sessions_attended_grow(
    cohort, place, facilitator, leader_client
):
    url = reverse("programme:cpd_record", args=[cohort.pk])
    counts = []
    for batch in range(2):
        for index in range(3):
            session = _session(cohort, facilitator, days_ago=index + 1, minutes=60, title=f"Session {batch}.{index}")
            services.attendance_record(session=session, by=facilitator.user, statuses={str(place.pk): "present"})
        with CaptureQueriesContext(connection) as queries:
            assert leader_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
