"""A cohort's report for its facilitators and commissioners: aggregates only.

Paired change per measure (start to end, and "looking back" at the end when participants gave retrospective
ratings), shown only when at least five people answered both; attendance per session as counts; the cohort's
practice minutes and reflections as totals. No name and no one person's figure appears anywhere.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from attend.core.anonymity import MINIMUM_GROUP_SIZE, is_reportable
from attend.programme import measures, selectors, statistics
from attend.programme.models import Cohort, Point


@dataclass(frozen=True)
class MeasureChange:
    key: str
    title: str
    pairs: int
    # None when fewer than the minimum group size answered both.
    change: "statistics.PairedChange | None"


@dataclass(frozen=True)
class CohortReport:
    cohort: Cohort
    people: int
    responded: dict[str, int]
    start_to_end: list[MeasureChange]
    looking_back: list[MeasureChange]
    attendance: list[selectors.AttendanceCount]
    activity: selectors.CohortActivity | None
    # (measure title, citation) for each cited measure the report shows: printed with it, as its authors ask.
    citations: tuple[tuple[str, str], ...] = ()
    minimum: int = MINIMUM_GROUP_SIZE
    # Change is shown only once every end questionnaire has closed: a report that moved as each pair arrived
    # would give away the newest person's change by difference.
    change_final: bool = False
    end_closes_on: datetime.date | None = None  # None when no end questionnaire is set


def _title(key: str) -> str:
    try:
        return measures.measure(key).short_title
    except measures.MeasureNotFound:
        return key


def _changes(pairs: dict[str, list[tuple[float, float]]]) -> list[MeasureChange]:
    changes = []
    for key in sorted(pairs, key=_title):
        values = pairs[key]
        change = None
        if is_reportable(len(values)):
            change = statistics.paired_change([before for before, _ in values], [after for _, after in values])
        changes.append(MeasureChange(key=key, title=_title(key), pairs=len(values), change=change))
    return changes


def _retrospective_keys() -> dict[str, str]:
    """Each retrospective measure's key, to the key of the measure it looks back on."""
    keys = {}
    for measure in measures.measures():
        then = measures.retrospective_version(measure)
        if then is not None:
            keys[then.key] = measure.key
    return keys


def _citations(rows: list[MeasureChange]) -> tuple[tuple[str, str], ...]:
    cited: dict[str, tuple[str, str]] = {}
    for row in rows:
        try:
            found = measures.measure(row.key)
        except measures.MeasureNotFound:
            continue
        if found.citation:
            original = measures.measure(found.retrospective_of) if found.is_retrospective else found
            cited.setdefault(original.key, (original.title, original.citation))
    return tuple(cited.values())


def cohort_report(cohort: Cohort, *, now: datetime.datetime | None = None) -> CohortReport:
    end_closes_on = selectors.end_questionnaire_closes_on(cohort)
    change_final = selectors.is_final(end_closes_on, today=timezone.localdate(now) if now else None)
    start_to_end = looking_back = []
    if change_final:
        start_to_end = _changes(selectors.paired_totals(cohort, before_point=Point.START, after_point=Point.END))
        looking_back = _changes(selectors.retrospective_pairs(cohort, then_keys=_retrospective_keys()))
    return CohortReport(
        cohort=cohort,
        people=cohort.participants.count(),
        responded=selectors.responded_counts(cohort),
        start_to_end=start_to_end,
        looking_back=looking_back,
        attendance=selectors.attendance_counts(cohort),
        activity=selectors.cohort_activity(cohort, now=now),
        citations=_citations(start_to_end + looking_back),
        change_final=change_final,
        end_closes_on=end_closes_on,
    )
