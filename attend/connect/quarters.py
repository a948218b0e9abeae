"""How many of a team's people had a conversation in a quarter, in words an organisation admin may read: the rules
that keep one person's 1:1s from being read off (docs/adr/0023). Pure: numbers in, words out.
"""

import datetime


def last_whole_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar quarter (January, April, July, October) before the one `today` is in: [start, end)."""
    this_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    previous_end = this_start
    month = this_start.month - 3
    year = this_start.year
    if month < 1:
        month, year = month + 12, year - 1
    return datetime.date(year, month, 1), previous_end


def quarter_end(start: datetime.date) -> datetime.date:
    """The last day of the quarter that begins on `start`."""
    month = start.month + 3
    year = start.year + (month > 12)
    return datetime.date(year, (month - 1) % 12 + 1, 1) - datetime.timedelta(days=1)


def figure_words(*, people: int, talked: int, threshold: int) -> str:
    """Exact only when at least `threshold` people had a conversation and at least `threshold` did not: "12 of 12"
    would say of each person that they had one as surely as "1 of 12" says it of someone."""
    if people < threshold:
        return f"Fewer than {threshold} people in the team"
    if talked < threshold:
        return f"Fewer than {threshold}"
    if people - talked < threshold:
        return f"All but fewer than {threshold} of {people}"
    return f"{talked} of {people}"
