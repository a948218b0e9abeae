"""Guided practice scripts: text with cue times, shipped in `content/practices/*.txt` or written by a facilitator.

A script file is a few `name: value` header lines, a blank line, then cues:

    title: Three-step breathing space
    length: 3:00
    purpose: One sentence on what it does.
    when: One sentence on when to use it.
    order: 10

    0:00 Find a way of sitting that feels upright and at ease.
    0:20 Notice what is here right now...
         a line without a time carries on the cue above.

Pure: standard library only. Every problem names its line, so a facilitator can fix their own script.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from attend.practice.timing import MAX_SESSION_SECONDS, DurationError, parse_clock

MAX_CUE_LENGTH = 280
MAX_CUES = 200
# The end bell needs a moment of its own after the last words.
LAST_CUE_GAP_SECONDS = 10
HEADER_FIELDS = ("title", "length", "purpose", "when", "order")
MAX_LENGTHS = {"title": 100, "purpose": 140, "when": 140}
# An organisation's own practice: from just over the closing bell's gap to an hour.
OWN_PRACTICE_SECONDS = (LAST_CUE_GAP_SECONDS + 1, 60 * 60)
# Room for every cue at its longest, each on lines of its own with its time.
MAX_SCRIPT_LENGTH = MAX_CUES * (MAX_CUE_LENGTH + 20)
BREATHING_SPACE = "breathing-space"

_CUE = re.compile(r"(\d+(?::\d{1,2}){1,2})(?:\s+(.*))?")
_HEADER = re.compile(r"([a-z]+):\s*(.*)")


class ScriptError(ValueError):
    """Everything wrong with a script, one message per problem, each naming its line."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Cue:
    at: int
    text: str


@dataclass(frozen=True)
class Practice:
    key: str
    title: str
    length_seconds: int
    purpose: str
    when: str
    cues: tuple[Cue, ...]
    order: int = 0


def parse_cues(text: str, *, length_seconds: int, first_line: int = 1) -> tuple[Cue, ...]:
    """Cues from script lines; raises ScriptError naming each bad line (counted from `first_line`)."""
    cues: list[tuple[int, int, str]] = []  # (line, at, text)
    problems = []
    for number, line in enumerate(text.splitlines(), start=first_line):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _CUE.fullmatch(line)
        if match:
            try:
                cues.append((number, parse_clock(match[1]), (match[2] or "").strip()))
            except DurationError as error:
                problems.append(f"Line {number}: {error}")
        elif cues:
            line_number, at, words = cues[-1]
            cues[-1] = (line_number, at, f"{words} {line}")
        else:
            problems.append(f"Line {number}: start with a time, like “0:00 Settle into your seat”")
    problems += _cue_problems(cues, length_seconds)
    if problems:
        raise ScriptError(problems)
    return tuple(Cue(at=at, text=words) for _, at, words in cues)


def _cue_problems(cues: list[tuple[int, int, str]], length_seconds: int) -> list[str]:
    if not cues:
        return ["Add at least one cue, starting at 0:00"]
    problems = []
    if cues[0][1] != 0:
        problems.append(f"Line {cues[0][0]}: the first cue starts at 0:00")
    if len(cues) > MAX_CUES:
        problems.append(f"Use {MAX_CUES} cues or fewer")
    previous = -1
    for line, at, words in cues:
        if at <= previous:
            problems.append(f"Line {line}: each cue must start after the one before")
        if not words:
            problems.append(f"Line {line}: add the words to show after the time")
        if len(words) > MAX_CUE_LENGTH:
            problems.append(f"Line {line}: keep a cue to {MAX_CUE_LENGTH} characters or fewer so it fits the screen")
        if at > length_seconds - LAST_CUE_GAP_SECONDS:
            problems.append(
                f"Line {line}: cues must start at least {LAST_CUE_GAP_SECONDS} seconds before the end, "
                "so the closing bell has room"
            )
        previous = at
    return problems


def parse_practice_file(text: str, *, key: str) -> Practice:
    """A whole script file: header, blank line, cues."""
    header_text, _, body = text.partition("\n\n")
    header, problems = _parse_header(header_text)
    length = None
    if "length" in header:
        try:
            length = parse_clock(header["length"])
        except DurationError as error:
            problems.append(f"Header: {error}")
        else:
            if not 0 < length <= MAX_SESSION_SECONDS:
                problems.append("Header: the length must be between 0:01 and 4:00:00")
    cues = ()
    if length:
        try:
            cues = parse_cues(body, length_seconds=length, first_line=header_text.count("\n") + 3)
        except ScriptError as error:
            problems += error.problems
    if problems:
        raise ScriptError([f"{key}: {problem}" for problem in problems])
    return Practice(
        key=key,
        title=header["title"],
        length_seconds=length,
        purpose=header["purpose"],
        when=header["when"],
        cues=cues,
        order=int(header["order"]),
    )


def _parse_header(text: str) -> tuple[dict[str, str], list[str]]:
    header, problems = {}, []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.fullmatch(line.strip())
        if not match or match[1] not in HEADER_FIELDS:
            problems.append(f"Line {number}: expected one of {', '.join(HEADER_FIELDS)} followed by a colon")
            continue
        header[match[1]] = match[2].strip()
    problems += [f"Header: add “{name}:”" for name in HEADER_FIELDS if not header.get(name)]
    for name, limit in MAX_LENGTHS.items():
        if len(header.get(name, "")) > limit:
            problems.append(f"Header: keep “{name}” to {limit} characters or fewer")
    if header.get("order") and not header["order"].isdigit():
        problems.append("Header: “order” is a whole number")
    return header, problems


@cache
def built_in_practices() -> tuple[Practice, ...]:
    """Every practice shipped with Attend, in the order people see them."""
    folder = resources.files("attend.practice") / "content" / "practices"
    practices = [
        parse_practice_file(path.read_text(encoding="utf-8"), key=path.name.removesuffix(".txt"))
        for path in folder.iterdir()
        if path.name.endswith(".txt")
    ]
    return tuple(sorted(practices, key=lambda practice: (practice.order, practice.key)))


def built_in_practice(key: str) -> Practice | None:
    return next((practice for practice in built_in_practices() if practice.key == key), None)
