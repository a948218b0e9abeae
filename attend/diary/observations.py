"""Plain-language observations for a week (pure).

NHS content style: short sentences, "you", numbers as people say them, facts not judgements. The sentences
describe what the calendar shows; they never tell the leader what they should have done.
"""

from __future__ import annotations

from collections.abc import Sequence

from attend.core.formatting import counted, duration, time_in_words
from attend.diary.figures import DEFAULT_THRESHOLDS, DayFigures, Thresholds, WeekFigures

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NOTABLE_RUN = 180  # minutes back to back worth a sentence of its own


def observations_for_week(
    week: WeekFigures,
    days: Sequence[DayFigures],
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    previous: WeekFigures | None = None,
) -> list[str]:
    """Sentences such as "Tuesday: 6 hours back to back, no break." Most notable first; [] for an empty week.
    `previous` (the week before, given only once this week has ended) adds a word when time with people fell."""
    people = _people(week, previous)
    if not week.meeting_count and not week.weekend_minutes:
        return people
    sentences = [sentence for day in days if (sentence := _day_sentence(day, thresholds))]
    sentences += _lunch(days, thresholds)
    sentences.append(_share(week))
    sentences.append(_focus(week, thresholds))
    sentences += _outside_hours(week)
    sentences += _counts(week, thresholds)
    return people + sentences


PEOPLE_NOTABLE = 60  # minutes with people the week before, below which a fall is not worth a word
PEOPLE_FALL = 0.5  # ... and the share of it this week at or below which it is


def people_time_fell(week: WeekFigures, previous: WeekFigures | None) -> bool:
    """This week's time with people is half or less of the week before's (when that was an hour or more)."""
    return bool(
        previous
        and previous.people_minutes >= PEOPLE_NOTABLE
        and week.people_minutes <= previous.people_minutes * PEOPLE_FALL
    )


def _people(week: WeekFigures, previous: WeekFigures | None) -> list[str]:
    """A fact and an offer, never a verdict: people's weeks differ for good reasons."""
    if not people_time_fell(week, previous):
        return []
    now = duration(week.people_minutes) if week.people_minutes else "no time"
    return [
        f"You had {now} in one-to-ones and with your team this week, after {duration(previous.people_minutes)} "
        "the week before. If you would like more, Protected time can find 30 minutes to connect."
    ]


def _day_sentence(day: DayFigures, thresholds: Thresholds) -> str | None:
    name = DAY_NAMES[day.day.weekday()]
    if day.longest_back_to_back_minutes >= NOTABLE_RUN:
        tail = ", no break" if day.no_break else ""
        return f"{name}: {duration(day.longest_back_to_back_minutes)} back to back{tail}."
    if day.no_break:
        return f"{name}: no break of {thresholds.short_break} minutes or more in your working hours."
    return None


def _lunch(days: Sequence[DayFigures], thresholds: Thresholds) -> list[str]:
    names = [DAY_NAMES[day.day.weekday()] for day in days if day.no_lunch]
    if not names:
        return []
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    window = f"{time_in_words(thresholds.lunch_from)} and {time_in_words(thresholds.lunch_until)}"
    return [f"No {thresholds.lunch_break} minutes free for lunch between {window} on {listed}."]


def _share(week: WeekFigures) -> str:
    if not week.working_minutes:
        return f"Meetings took {duration(week.meeting_minutes)} this week."
    percent = round(week.meeting_share * 100)
    return (
        f"Meetings took {duration(week.meeting_minutes)} of your {duration(week.working_minutes)} "
        f"working time ({percent}%), leaving {duration(week.free_minutes)} free."
    )


def _focus(week: WeekFigures, thresholds: Thresholds) -> str:
    if not week.focus_minutes:
        return f"There was no free block of {duration(thresholds.focus_block)} or more."
    return f"You had {duration(week.focus_minutes)} in free blocks of {duration(thresholds.focus_block)} or more."


def _outside_hours(week: WeekFigures) -> list[str]:
    sentences = []
    outside = week.early_minutes + week.late_minutes
    if outside:
        sentences.append(f"You had {duration(outside)} of meetings outside your working hours.")
    if week.weekend_minutes:
        sentences.append(f"You had {duration(week.weekend_minutes)} of meetings on days you do not usually work.")
    return sentences


def _counts(week: WeekFigures, thresholds: Thresholds) -> list[str]:
    sentences = []
    if week.overlaps:
        booking = counted(week.overlaps, "double booking")
        sentences.append(f"There {'was' if week.overlaps == 1 else 'were'} {booking} (two meetings at the same time).")
    if week.long_meetings:
        sentences.append(
            counted(week.long_meetings, "meeting was", "meetings were")
            + f" longer than {duration(thresholds.long_meeting)}."
        )
    if week.large_meetings:
        sentences.append(
            counted(week.large_meetings, "meeting had", "meetings had") + f" {thresholds.large_meeting} or more people."
        )
    if week.recurring_minutes and week.one_off_minutes:
        sentences.append(
            f"Repeating meetings took {duration(week.recurring_minutes)}, one-off meetings "
            f"{duration(week.one_off_minutes)}."
        )
    return sentences
