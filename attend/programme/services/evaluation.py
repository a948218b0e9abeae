"""Evaluation: questionnaires assigned to a cohort and the answers participants give."""

import datetime

from django.db import transaction

from attend.core.models import AuditEvent
from attend.programme import scoring
from attend.programme.models import (
    Cohort,
    Participant,
    QuestionnaireAssignment,
    QuestionnaireResponse,
)
from attend.programme.selectors import assignment_is_open, assignment_measures
from attend.programme.services.common import (
    ProgrammeError,
    _audit,
)


@transaction.atomic
def questionnaire_assign(
    *, cohort: Cohort, by, point: str, opens_on: datetime.date, closes_on: datetime.date, retrospective: bool = False
) -> QuestionnaireAssignment:
    if closes_on < opens_on:
        raise ProgrammeError("The closing date must be on or after the opening date")
    if cohort.assignments.filter(point=point).exists():
        raise ProgrammeError("This cohort already has a questionnaire at that point")
    assignment = cohort.assignments.create(
        point=point, opens_on=opens_on, closes_on=closes_on, retrospective=retrospective
    )
    _audit(
        by=by,
        cohort=cohort,
        action=AuditEvent.Action.QUESTIONNAIRE_ASSIGNED,
        target=f"{cohort.name}: {assignment.get_point_display()}",
    )
    return assignment


@transaction.atomic
def questionnaire_submit(
    *, assignment: QuestionnaireAssignment, place: Participant, answers: dict[str, dict], today=None
) -> list[QuestionnaireResponse]:
    """Save every measure's answers and scores, or nothing. `answers` maps measure keys to {item key: value}."""
    if place.cohort_id != assignment.cohort_id:
        raise ProgrammeError("This questionnaire is for another cohort")
    if not assignment_is_open(assignment, today=today):
        raise ProgrammeError("This questionnaire is not open")
    if place.responses.filter(assignment=assignment).exists():
        raise ProgrammeError("You have already answered this questionnaire. Thank you.")
    scored = []
    for measure in assignment_measures(assignment):
        try:
            score = scoring.score(measure, answers.get(measure.key, {}))
        except scoring.ScoringError as error:
            raise ProgrammeError(str(error)) from error
        scored.append((measure, score))
    return [
        QuestionnaireResponse.objects.create(
            assignment=assignment,
            participant=place,
            measure_key=measure.key,
            answers=answers[measure.key],
            scores={"total": score.total, "subscales": dict(score.subscales)},
        )
        for measure, score in scored
    ]
