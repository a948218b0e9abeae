"""Time zones as calendar files name them: Windows names ("GMT Standard Time", from Outlook and NHSmail)
renamed to the zone database's, and whether a name is a zone at all (pure: no Django). Used by `calendar_parse`
and `calendar_checks`.
"""

import re

from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

_TZID_PARAMETER = re.compile(rb';TZID=(?:"([^"]*)"|([^:;"]*))')  # Outlook quotes names holding colons
_TZID_ANYWHERE = re.compile(rb'(TZID[=:]"?)([^:;"\r\n]+)')
_DEFINED_TZID = re.compile(rb"^TZID:([^\r\n]+)", re.MULTILINE)
_WINDOWS_NAMES = {name.encode(): olson.encode() for name, olson in WINDOWS_TO_OLSON.items()}


def olson_zone_names(data: bytes) -> bytes:
    """Rename Windows zones ("GMT Standard Time", from Outlook and NHSmail) to their IANA names.

    Outlook's VTIMEZONE rules start in 1601, and the library that reads them walks every year since then
    each time it converts a time: renaming makes the zone database do the work, for the same answer today,
    many times faster. Line numbers do not change.
    """
    windows = {name.strip() for name in _DEFINED_TZID.findall(data)} & _WINDOWS_NAMES.keys()
    if not windows:
        return data

    def rename(match: re.Match) -> bytes:
        name = match.group(2).strip()
        return match.group(1) + (_WINDOWS_NAMES[name] if name in windows else match.group(2))

    return _TZID_ANYWHERE.sub(rename, data)


def zone_names(data: bytes) -> set[bytes]:
    """Every TZID parameter's value, as written."""
    return {quoted or bare for quoted, bare in _TZID_PARAMETER.findall(data)}


def zone_name(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").strip()


def zone_known(name: str) -> bool:
    """Whether the zone database (or Windows' names) knows `name`. A folder of the database, such as "Europe",
    makes zoneinfo raise IsADirectoryError rather than say it is not a zone."""
    try:
        return tzp.timezone(name) is not None
    except (OSError, ValueError):
        return False
