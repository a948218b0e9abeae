"""JSON-ready copies of the Diary's dataclasses (`plain`) and the figures back from them (`unplain`): how
DayFigures, WeekFigures and proposals go to JSON, and how kept_figures.py reads kept weeks back. Pure.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date, datetime, time
from zoneinfo import ZoneInfo


def plain(value):
    """JSON-ready copy of a dataclass tree: dates and times as ISO strings, zones as their names."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, ZoneInfo):
        return value.key
    if isinstance(value, frozenset | set):
        return sorted(plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def unplain(cls, value: dict, zone: ZoneInfo):
    """The dataclass `cls` back from its `plain` copy (the figures kept by diary/kept_figures.py). Every datetime in
    the figures is in the pattern's `zone`, so it comes back in that same zone, equal in every field."""
    return _decoder(cls)(value, zone)


@functools.cache
def _decoder(hint):
    """A function (plain value, zone) -> value of type `hint`, built once per type: a page decodes thousands."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = _decoder(typing.get_args(hint)[0])
        return lambda value, zone: tuple(item(v, zone) for v in value)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        decode = _decoder(inner)
        return lambda value, zone: None if value is None else decode(value, zone)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(hint) if f.init]
        return lambda value, zone: hint(**{name: decode(value[name], zone) for name, decode in fields})
    if hint is datetime:
        return lambda value, zone: datetime.fromisoformat(value).astimezone(zone)
    if hint is date:
        return lambda value, zone: date.fromisoformat(value)
    if hint is float:
        return lambda value, zone: float(value)
    return lambda value, zone: value
