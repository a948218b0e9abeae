"""Spot text in a reflective entry that looks like it identifies a patient or a colleague.

Professional guidance says reflective notes must not identify patients or colleagues, so the journal editor calls
`find_identifiers` before saving and WARNS; it never blocks. A warning that fires on ordinary prose teaches people to
click past it, so every detector asks for a shape that is hard to hit by accident: a valid check digit, a cue word
("DOB", "MRN"), a dialling prefix, a title in front of a capitalised name.

A finding covers the identifying part only (the date, not "DOB"; the number, not "MRN"), except for a title and
surname, where the title is part of what identifies.

Pure Python (no Django, no database) so it can be tested and benchmarked alone. Entries can be long, so every pattern
matches in linear time: repeated parts never compete for the same characters, and open-ended runs are anchored at a
token boundary or a cue word so they cannot restart at every character.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

LABELS = {
    "nhs_number": "an NHS number",
    "hospital_number": "a hospital or MRN number",
    "phone_number": "a phone number",
    "date_of_birth": "a date of birth",
    "postcode": "a postcode",
    "email": "an email address",
    "named_person": "a title and surname",
}
# When two detectors claim exactly the same text, the earlier kind here wins: it is the more specific reading
# (a number after "hospital no" that passes the NHS check digit is an NHS number).
_PRECEDENCE = {kind: rank for rank, kind in enumerate(LABELS)}


@dataclass(frozen=True)
class Finding:
    """A stretch of text that looks identifying: `text` is exactly `entry[start:end]`, `label` says what it is."""

    kind: str  # a key of LABELS
    label: str
    text: str
    start: int
    end: int


def find_identifiers(text: str) -> list[Finding]:
    """Everything in `text` that looks identifying, sorted by position, with no two findings overlapping."""
    return _without_overlaps(finding for detect in _DETECTORS for finding in detect(text))


def is_valid_nhs_number(digits: str) -> bool:
    """Whether `digits` (exactly ten ASCII digits, no spaces) is a possible NHS number.

    The tenth digit is a modulus 11 check digit over the first nine, weighted 10 down to 2. A check digit that works
    out as 10 is never issued, and numbers of one repeated digit pass the arithmetic but are not real NHS numbers.
    """
    if not re.fullmatch(r"[0-9]{10}", digits) or len(set(digits)) == 1:
        return False
    check_digit = _nhs_check_digit(digits[:9])
    return check_digit is not None and check_digit == int(digits[9])


def _nhs_check_digit(first_nine: str) -> int | None:
    """The check digit the first nine digits call for, or None when it would be 10 (no valid number exists)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check_digit = (11 - total % 11) % 11  # a remainder of 0 gives 11, which is written as 0
    return None if check_digit == 10 else check_digit


# Each detector yields candidate findings; find_identifiers resolves overlaps between them.


def _finding(kind: str, match: re.Match[str], group: str | int = 0) -> Finding:
    start, end = match.span(group)
    return Finding(kind=kind, label=LABELS[kind], text=match.group(group), start=start, end=end)


# Ten digits, or 3-3-4 with one kind of separator throughout. A 3-3-4 group that is part of a longer run of grouped
# digits (a phone number, a column of figures) is not an NHS number.
_NHS_NUMBER = re.compile(
    r"(?<![0-9])(?<![0-9][ -])[0-9]{3}(?P<separator>[ -]?)[0-9]{3}(?P=separator)[0-9]{4}(?![0-9])(?![ -][0-9])"
)


def _nhs_numbers(text: str) -> Iterator[Finding]:
    for match in _NHS_NUMBER.finditer(text):
        if is_valid_nhs_number(re.sub(r"[ -]", "", match.group())):
            yield _finding("nhs_number", match)


# Cue words are followed by a little punctuation ("DOB: ", "MRN#", "born (") and at most a few linking words
# ("born on the 3rd of ...", "patient ID is ..."). Anything further away is too loosely tied to the cue to trust.
# The second run of spaces is only allowed after punctuation: two optional runs side by side could split a long run of
# spaces in quadratically many ways.
_AFTER_CUE = r"[^\S\n]*(?:[:;=#(\[.,–—-]{1,2}[^\S\n]*)?(?:(?:is|was|on|of|the)\s+){0,3}"


def _digits(count: int) -> str:
    """Exactly `count` digits, each but the first optionally after one space or hyphen: how people group numbers.

    Every repetition consumes exactly one digit, so there is only one way to match and nothing to backtrack over.
    """
    return rf"[0-9](?:[ -]?[0-9]){{{count - 1}}}"


# UK numbers are 11 digits from the trunk 0. Only mobiles (07) and geographic landlines (01, 02) count: 03 and 08
# numbers are services and helplines, which identify no one. "(0113) 496 0000" brackets a 3-6 digit area code.
_PHONE_SHAPES = (
    r"(?:\+|00)44[ -]?(?:\(0\)[ -]?)?[127]" + _digits(9),  # +44 7700 900123, 0044 ..., +44 (0)20 7946 0958
    r"0[127]" + _digits(9),  # 07700 900123, 0113 496 0000, 02079460958
    *(rf"\(0[127][0-9]{{{area}}}\)[ -]?" + _digits(9 - area) for area in range(1, 5)),  # (020) ..., (0113) ...
)
_PHONE_NUMBER = re.compile(rf"(?<![\w+])(?:{'|'.join(_PHONE_SHAPES)})(?![0-9])")


def _phone_numbers(text: str) -> Iterator[Finding]:
    for match in _PHONE_NUMBER.finditer(text):
        yield _finding("phone_number", match)


_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_YEAR = r"(?:[0-9]{4}|[0-9]{2})(?![0-9])"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = (
    # 03/04/1957, 3.4.57, 04-03-1957: day and month may come in either order, so both parts accept 1-31.
    rf"{_DAY}[/.\- ]{_DAY}[/.\- ]{_YEAR}"
    # 1957-04-03
    rf"|[0-9]{{4}}[/.-]{_MONTH_NUMBER}[/.-]{_DAY}(?![0-9])"
    # 3 April 1957, 3rd of Apr 1957
    rf"|{_DAY}{_ORDINAL}\s+(?:of\s+)?{_MONTH_NAME},?\s+{_YEAR}"
    # April 3, 1957
    rf"|{_MONTH_NAME}\s+{_DAY}{_ORDINAL},?\s+{_YEAR}"
)
# A date is only a date of birth when a cue says so: "the meeting on 03/04/2025" is not one.
_DATE_OF_BIRTH = re.compile(
    rf"(?:\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bborn\b){_AFTER_CUE}(?P<date>{_DATE})",
    re.IGNORECASE,
)


def _dates_of_birth(text: str) -> Iterator[Finding]:
    for match in _DATE_OF_BIRTH.finditer(text):
        yield _finding("date_of_birth", match, "date")


# The Royal Mail's rules, not just "letters and digits": no Q, V or X first; no I, J or Z second; a restricted set of
# letters in the A9A and AA9A shapes; and no C, I, K, M, O or V in the last two letters (so "2pm" and "3am" are safe).
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?P<outward>[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?))"
    r"(?P<space> ?)"
    r"(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# "FY1 2nd rotation", "Ward A2 3rd floor", "B2 1hr": lower-case endings that are ordinals or units, not postcodes.
_WORD_ENDINGS = frozenset({"st", "nd", "rd", "th", "hr"})


def _postcodes(text: str) -> Iterator[Finding]:
    for match in _POSTCODE.finditer(text):
        if _reads_as_postcode(match):
            yield _finding("postcode", match)


def _reads_as_postcode(match: re.Match[str]) -> bool:
    written = match.group()
    if not match.group("space") and not written.isupper():
        return False  # without the space, only capitals look like a postcode rather than a code or a typo
    inward_letters = match.group("inward")[1:]
    return not (inward_letters.lower() in _WORD_ENDINGS and not inward_letters.isupper())


# The local part may start only where a run of address characters starts, so a long run without an "@" is scanned
# once rather than once from every character.
_EMAIL_ADDRESS = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?![A-Za-z0-9-])")


def _email_addresses(text: str) -> Iterator[Finding]:
    for match in _EMAIL_ADDRESS.finditer(text):
        yield _finding("email", match)


# A hospital number is any run of five or more digits, perhaps after a short letter prefix ("A1234567",
# "RXX12345678"), but only straight after a cue: on its own a long number could be anything.
_HOSPITAL_NUMBER = re.compile(
    r"(?:\bMRN\b|\bhosp(?:ital|\.)?\s*(?:number|num|no)\b\.?|\bpatient\s+(?:ID|identifier|number|no)\b\.?"
    rf"|\bunit\s+(?:number|no)\b\.?|\b(?:medical\s+)?record\s+(?:number|no)\b\.?){_AFTER_CUE}"
    r"(?P<number>(?:[A-Z][A-Z0-9]{0,3}-?)?[0-9]{5,12}[A-Z]?)(?![A-Z0-9])",
    re.IGNORECASE,
)


def _hospital_numbers(text: str) -> Iterator[Finding]:
    for match in _HOSPITAL_NUMBER.finditer(text):
        yield _finding("hospital_number", match, "number")


_TITLES = ("Mrs", "Mr", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sister", "Nurse")
# Capitalised words that follow a title in ordinary prose without naming anyone.
# fmt: off
_NOT_SURNAMES = (
    # "Dr said", "Mr and Mrs", "Dr Who"
    "a", "also", "an", "and", "are", "as", "asked", "at", "but", "by", "called", "came", "could", "did", "for", "from",
    "had", "has", "have", "he", "her", "his", "in", "is", "it", "may", "might", "must", "my", "no", "not", "of", "on",
    "or", "our", "said", "says", "she", "should", "so", "that", "the", "their", "then", "they", "this", "to", "told",
    "was", "we", "went", "were", "who", "will", "with", "would", "you", "your",
    # "Mr Men books", "Dr Google", and job titles: "Nurse Associate", "Nurse Practitioner"
    "men", "google", "agency", "associate", "associates", "bank", "consultant", "consultants", "educator", "lead",
    "leads", "manager", "managers", "practitioner", "practitioners", "specialist", "specialists", "staffing",
    # "Miss Tuesday's huddle"
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    # "Mr Mr Mr"
    *(title.lower() for title in _TITLES),
)
# fmt: on
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# Smith, O'Neill, McDonald, MacLeod, Smith-Jones. Each part starts with a capital, so parts cannot swap letters.
_SURNAME = rf"(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:-[{_UPPER}][{_LOWER}]+)?(?!\w)"
# The title is case-sensitive: "I miss Sarah" and "the dr said" are not a title and surname.
_NAMED_PERSON = re.compile(rf"(?<!\w)(?:{'|'.join(_TITLES)})\.?[^\S\n]+(?!(?i:{'|'.join(_NOT_SURNAMES)})\b){_SURNAME}")


def _named_people(text: str) -> Iterator[Finding]:
    for match in _NAMED_PERSON.finditer(text):
        yield _finding("named_person", match)


_DETECTORS: tuple[Callable[[str], Iterator[Finding]], ...] = (
    _nhs_numbers,
    _hospital_numbers,
    _phone_numbers,
    _dates_of_birth,
    _postcodes,
    _email_addresses,
    _named_people,
)


def _without_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Leftmost first, then the longest, then the most specific kind; drop anything overlapping a finding kept.

    "+44 (0)113 496 0000" hides a 3-3-4 group and "LS14AP@example.org" a postcode: the wider reading is the right one.
    """
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, f.start - f.end, _PRECEDENCE[f.kind])):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept
