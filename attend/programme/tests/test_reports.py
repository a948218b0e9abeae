"""The cohort report: aggregates only, and nothing resting on fewer than five people."""

import csv
import datetime
import io
import uuid

import pytest
from django.utils import timezone

from attend.practice import services as practice_services
from attend.programme import exports, reports, services
from attend.programme.tests.conftest import add_people, full_answers
from attend.programme.tests.support import participant_add

pytestmark = pytest.mark.django_db


def _assign(cohort, facilitator, point):
    today = timezone.localdate()
    return services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point=point, opens_on=today, closes_on=today + datetime.timedelta(days=7)
    )


def after_the_end() -> datetime.datetime:
    """A moment after the end questionnaire (closing in a week) has closed: the cohort's change is final."""
    return timezone.now() + datetime.timedelta(days=8)


def _answer_both(cohort, facilitator, places, *, before: int, after: int):
    start, end = _assign(cohort, facilitator, "start"), _assign(cohort, facilitator, "end")
    for place in places:
        services.questionnaire_submit(assignment=start, place=place, answers=full_answers(start, before))
        services.questionnaire_submit(assignment=end, place=place, answers=full_answers(end, after))


def _row(report, key):
    return next(row for row in report.start_to_end if row.key == key)


def test_fewer_than_five_pairs_show_no_change(cohort, facilitator):
    places = add_people(cohort, facilitator, 4)
    _answer_both(cohort, facilitator, places, before=2, after=3)
    report = reports.cohort_report(cohort, now=after_the_end())
    assert _row(report, "compassionate-leadership").pairs == 4
    assert _row(report, "compassionate-leadership").change is None
    assert "Not enough pairs yet" in exports.report_csv(report)


def test_five_pairs_show_the_mean_change(cohort, facilitator):
    places = add_people(cohort, facilitator, 5)
    start, end = _assign(cohort, facilitator, "start"), _assign(cohort, facilitator, "end")
    for index, place in enumerate(places):
        services.questionnaire_submit(assignment=start, place=place, answers=full_answers(start, 2))
        # Rises of 1, 1, 1, 2, 2 on every item of a 1 to 5 measure with no reverse-scored item.
        services.questionnaire_submit(assignment=end, place=place, answers=full_answers(end, 3 if index < 3 else 4))
    change = _row(reports.cohort_report(cohort, now=after_the_end()), "compassionate-leadership").change
    assert change.n == 5
    assert change.mean_difference == pytest.approx(1.4)
    assert change.ci_low < 1.4 < change.ci_high


def test_the_report_holds_no_names_or_ids_of_participants(cohort, facilitator):
    places = add_people(cohort, facilitator, 5)
    _answer_both(cohort, facilitator, places, before=2, after=4)
    text = exports.report_csv(reports.cohort_report(cohort, now=after_the_end()))
    for place in places:
        assert place.user.name not in text
        assert str(place.pk) not in text and str(place.user.pk) not in text


def test_practice_and_reflection_are_cohort_totals_only_from_five_people(cohort, facilitator, member):
    places = add_people(cohort, facilitator, 4)
    for person in [places[0].user, member.user]:  # the member is not in the cohort
        practice_services.practice_session_record(
            person=person,
            organisation=facilitator.organisation,
            client_id=uuid.uuid4(),
            kind="guided",
            practice_key="breathing-space",
            title="Three-step breathing space",
            started_at=timezone.now() - datetime.timedelta(hours=2),
            planned_seconds=600,
            actual_seconds=600,
            ended=True,
            completed=True,
        )
    assert reports.cohort_report(cohort, now=after_the_end()).activity is None
    add_people(cohort, facilitator, 1, start=10)
    activity = reports.cohort_report(cohort, now=after_the_end()).activity
    assert activity.people == 5
    assert activity.practice_minutes == 10  # the member's ten minutes are not the cohort's
    assert activity.reflections == 0


def test_attendance_is_counted_per_session(session, cohort, facilitator, place):
    others = add_people(cohort, facilitator, 2)
    services.attendance_record(
        session=session,
        by=facilitator.user,
        statuses={str(place.pk): "present", str(others[0].pk): "present", str(others[1].pk): "apologies"},
    )
    [count] = reports.cohort_report(cohort, now=after_the_end()).attendance
    assert (count.present, count.apologies, count.absent) == (2, 1, 0)


def test_csv_cells_cannot_run_as_formulas(cohort, facilitator, programme):
    cohort.name = '=HYPERLINK("https://evil.example")'
    cohort.save()
    text = exports.report_csv(reports.cohort_report(cohort, now=after_the_end()))
    assert "'=HYPERLINK" in text


def test_the_csv_names_the_effect_size_it_gives_and_cites_the_measures(cohort, facilitator):
    places = add_people(cohort, facilitator, 5)
    _answer_both(cohort, facilitator, places, before=2, after=4)
    rows = list(csv.DictReader(io.StringIO(exports.report_csv(reports.cohort_report(cohort, now=after_the_end())))))
    assert "effect_size_d_av" in rows[0] and "effect_size" not in rows[0]
    citations = [row for row in rows if row["section"] == "citation"]
    assert [row["item"] for row in citations] == ["Self-Compassion Scale – Short Form (SCS-SF)"]
    assert citations[0]["note"].startswith("Raes, F., Pommier, E., Neff, K. D., & Van Gucht, D. (2011).")


def test_change_waits_until_the_end_questionnaire_has_closed(cohort, facilitator):
    places = add_people(cohort, facilitator, 6)
    _answer_both(cohort, facilitator, places, before=2, after=4)

    while_open = reports.cohort_report(cohort)
    final = reports.cohort_report(cohort, now=after_the_end())

    assert not while_open.change_final and while_open.start_to_end == []
    assert while_open.end_closes_on == timezone.localdate() + datetime.timedelta(days=7)
    assert final.change_final and _row(final, "compassionate-leadership").change.n == 6


def test_no_one_joins_or_leaves_once_the_change_is_final(cohort, facilitator, other_leader):
    places = add_people(cohort, facilitator, 7)
    _answer_both(cohort, facilitator, places[:6], before=2, after=4)
    later = timezone.localdate() + datetime.timedelta(days=8)

    # Whether or not they answered: refusing only those who answered would say who they are
    for place in (places[0], places[6]):
        with pytest.raises(services.ProgrammeError, match="results are final"):
            services.participant_remove(place=place, by=facilitator.user, today=later)
    with pytest.raises(services.ProgrammeError, match="no one can join or leave"):
        participant_add(cohort=cohort, by=facilitator.user, email=other_leader.user.email, today=later)
    services.participant_remove(place=places[1], by=facilitator.user)  # before it closes, they may leave

    assert cohort.participants.count() == 6
