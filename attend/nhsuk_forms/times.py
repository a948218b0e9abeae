"""Times of day as people type them: "8am", "8:00", "08:00", "0830", "noon", "20:30", "8.30pm", "midnight".

A browser's own time input sends nothing at all for what it cannot read (so "8am" used to come back as "This
field is required."), and its picker differs on every device. So Attend's time fields are plain text, read
here, and anything unreadable is told plainly what a time looks like.
"""

import datetime
import re
import unicodedata

INVALID = "Enter a time between 00:00 and 23:59, like 08:30 or 8:30am"

WORDS = {"noon": datetime.time(12, 0), "midday": datetime.time(12, 0), "midnight": datetime.time(0, 0)}

# hours, then optional minutes after ":", "." or "h" (or run together as in "0830"), then optional am/pm.
_TIME = re.compile(
    r"""
    (?P<hours>\d{1,2})
    (?:
        (?:[:.h](?P<minutes>\d{2}))
      | (?P<joined>\d{2})
    )?
    (?P<half>am|pm)?
    """,
    re.VERBOSE,
)


def _normalised(text: str) -> str:
    """Lower case, full-width digits made plain, no spaces, and "a.m."/"p.m." as "am"/"pm"."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"\s+", "", text)
    text = text.replace("a.m.", "am").replace("p.m.", "pm").replace("a.m", "am").replace("p.m", "pm")
    return text.removesuffix("o'clock").removesuffix("oclock")


def parse_time(text: str) -> datetime.time:
    """The time of day `text` names; ValueError(INVALID) for anything else, including "25:00" and "13pm"."""
    value = _normalised(text)
    if value in WORDS:
        return WORDS[value]
    match = _TIME.fullmatch(value) if value.isascii() else None
    if match is None:
        raise ValueError(INVALID)
    hours = int(match["hours"])
    minutes = int(match["minutes"] or match["joined"] or 0)
    half = match["half"]
    if half:
        # On a 12-hour clock hours run 1 to 12: 12am is midnight, 12pm is noon.
        if not 1 <= hours <= 12:
            raise ValueError(INVALID)
        hours = hours % 12 + (12 if half == "pm" else 0)
    if hours > 23 or minutes > 59:
        raise ValueError(INVALID)
    return datetime.time(hours, minutes)
