"""Scores on the NHS Staff Survey style 0–10 scale, from five-point agree answers. Pure, no database.

The method (the NHS Staff Survey's approach to theme scores):
1. score each answer: Strongly disagree 0, Disagree 2.5, Neither 5, Agree 7.5, Strongly agree 10;
2. average each respondent's scored answers to the theme's items (a respondent who answered none is left out);
3. average those respondent scores across respondents.
So every respondent weighs the same in a theme, however many of its items they answered.

These functions do not decide what may be shown: pass them only the responses `anonymity` says count.
"""

from collections.abc import Collection, Iterable, Mapping
from statistics import fmean

SCORE_FOR_ANSWER: dict[int, float] = {1: 0.0, 2: 2.5, 3: 5.0, 4: 7.5, 5: 10.0}
ANSWERS = tuple(SCORE_FOR_ANSWER)


def answer_score(answer: int) -> float:
    """The 0–10 score of one answer; ValueError for anything but 1 to 5."""
    if isinstance(answer, bool) or answer not in SCORE_FOR_ANSWER:
        raise ValueError(f"An answer is a whole number from 1 to 5, not {answer!r}")
    return SCORE_FOR_ANSWER[answer]


def respondent_score(answers: Mapping[str, int], item_keys: Collection[str]) -> float | None:
    """One respondent's score for a theme: the mean of their scored answers to its items (None if none)."""
    scores = [answer_score(answers[key]) for key in item_keys if key in answers]
    return fmean(scores) if scores else None


def theme_score(responses: Iterable[Mapping[str, int]], theme_item_keys: Collection[str]) -> float | None:
    """A theme's 0–10 score: the mean over respondents of each respondent's mean scored answer (steps 1–3 above).

    `responses` are each respondent's answers (item key → 1..5). None when nobody answered any of the items.
    """
    scores = [s for s in (respondent_score(answers, theme_item_keys) for answers in responses) if s is not None]
    return fmean(scores) if scores else None


def item_score(answers: Iterable[int]) -> float | None:
    """One item's 0–10 score: the mean of its scored answers (None if there are none)."""
    scores = [answer_score(a) for a in answers]
    return fmean(scores) if scores else None


def distribution(answers: Iterable[int]) -> dict[int, int]:
    """How many chose each point of the scale, 1 to 5, every point present (zero when nobody chose it)."""
    counts = dict.fromkeys(ANSWERS, 0)
    for answer in answers:
        answer_score(answer)  # refuses anything off the scale
        counts[answer] += 1
    return counts


def self_gap(self_answers: Mapping[str, int] | Iterable[int], team_score: float) -> float:
    """The leader's self-view minus the team's view for one behaviour, in 0–10 points.

    `self_answers` are the leader's answers to the behaviour's items (a mapping item key → answer, or just the
    answers). Positive: the leader sees themselves more favourably than the team does.
    ValueError when there are no self answers.
    """
    values = list(self_answers.values()) if isinstance(self_answers, Mapping) else list(self_answers)
    own = item_score(values)
    if own is None:
        raise ValueError("The leader has not answered this behaviour's questions about themselves")
    return own - team_score
