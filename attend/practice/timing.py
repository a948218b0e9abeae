"""Clock times and durations as people type them, and the plan the player follows.

Pure: plain data in, plain data out. The player (static/practice/player.js) only reads a plan; every rule
about where bells fall lives here, so the server can check it and say what it logged.
"""

import re
from dataclasses import dataclass

from attend.core.formatting import counted

BELLS = (("bowl", "Singing bowl"), ("bell", "Small bell"), ("wood", "Wood block"), ("silent", "Silent"))
BELL_KEYS = tuple(key for key, _ in BELLS)
MAX_SESSION_SECONDS = 4 * 60 * 60
# An open-ended sit can run on; the log takes any length up to a day.
MAX_LOGGED_SECONDS = 24 * 60 * 60
MAX_PREPARATION_SECONDS = 5 * 60

_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,3}):([0-5]\d)")
_MINUTES = re.compile(r"\d{1,3}")


class DurationError(ValueError):
    pass


def parse_clock(text: str) -> int:
    """Seconds in "m:ss" or "h:mm:ss"; raises DurationError."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        raise DurationError(f"“{text.strip()}” is not a time like 2:30")
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def parse_duration(text: str) -> int:
    """Seconds from whole minutes ("20") or minutes and seconds ("2:30")."""
    text = text.strip()
    if _MINUTES.fullmatch(text):
        return int(text) * 60
    try:
        return parse_clock(text)
    except DurationError:
        raise DurationError(f"“{text}” is not a length: use minutes, like 20, or minutes and seconds, like 2:30")


def format_duration(seconds: int) -> str:
    """What a person would type back: "20" for whole minutes, "2:30" otherwise."""
    minutes, rest = divmod(seconds, 60)
    return str(minutes) if rest == 0 else f"{minutes}:{rest:02d}"


def format_clock(seconds: int) -> str:
    """ "3:00", "1:02:03": the form script times and practice lengths are written in."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe_length(seconds: int | None) -> str:
    """Words for a length: "3 minutes", "1 minute 30 seconds", "Open-ended"."""
    if seconds is None:
        return "Open-ended"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    for amount, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")):
        if amount:
            parts.append(counted(amount, unit))
    return " ".join(parts) or "0 seconds"


@dataclass(frozen=True)
class Stage:
    """One part of a timer session. `seconds` None means open-ended (only ever the last stage)."""

    name: str
    seconds: int | None
    interval_seconds: int | None = None
    points: tuple[int, ...] = ()

    def bells(self) -> list[int]:
        """Seconds from this stage's start: the start bell, interval or chosen bells, and the end bell."""
        times = {0, *self.points}
        if self.interval_seconds and self.seconds is not None:
            times.update(range(self.interval_seconds, self.seconds, self.interval_seconds))
        if self.seconds is not None:
            times.add(self.seconds)
        return sorted(times)


@dataclass(frozen=True)
class TimerSettings:
    stages: tuple[Stage, ...]
    preparation_seconds: int = 10
    bell: str = "bowl"
    vibrate: bool = False

    @property
    def planned_seconds(self) -> int | None:
        if any(stage.seconds is None for stage in self.stages):
            return None
        return sum(stage.seconds for stage in self.stages)


def stage_problems(stage: Stage, *, is_last: bool) -> list[str]:
    """What is wrong with one stage, in words for the person who set it up; empty when it is fine."""
    problems = []
    if stage.seconds is None:
        if not is_last:
            problems.append("Only the last stage can be open-ended")
        if stage.points:
            problems.append("An open-ended stage can only have bells at an interval, not at chosen points")
        return problems
    if stage.seconds < 1:
        problems.append("Enter a length of at least 1 second")
    if stage.seconds > MAX_SESSION_SECONDS:
        problems.append("Enter a length of 4 hours or less")
    if stage.interval_seconds is not None and stage.interval_seconds >= stage.seconds:
        problems.append("The interval must be shorter than the stage")
    late = [point for point in stage.points if point > stage.seconds]
    if late:
        problems.append(f"A bell at {format_duration(late[0])} would come after the stage ends")
    return problems


def timer_plan(settings: TimerSettings, *, key: str, title: str) -> dict:
    """The plan the player follows for a timer session."""
    return {
        "kind": "timer",
        "key": key,
        "title": title,
        "preparationSeconds": settings.preparation_seconds,
        "stages": [
            {
                "name": stage.name,
                "seconds": stage.seconds,
                "bells": stage.bells(),
                "repeatEvery": stage.interval_seconds if stage.seconds is None else None,
                "cues": [],
            }
            for stage in settings.stages
        ],
        "plannedSeconds": settings.planned_seconds,
        "bell": settings.bell,
        "vibrate": settings.vibrate,
    }


def guided_plan(*, key: str, title: str, length_seconds: int, cues, bell: str = "bowl") -> dict:
    """The plan for a guided practice: one stage, a bell at the start and the end, cues in between."""
    return {
        "kind": "guided",
        "key": key,
        "title": title,
        "preparationSeconds": 0,
        "stages": [
            {
                "name": "",
                "seconds": length_seconds,
                "bells": [0, length_seconds],
                "repeatEvery": None,
                "cues": [{"at": cue.at, "text": cue.text} for cue in cues],
            }
        ],
        "plannedSeconds": length_seconds,
        "bell": bell,
        "vibrate": False,
    }
