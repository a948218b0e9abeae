"""Checking content that authors write as data (reflection templates in JSON, measures in TOML).

Every problem in a definition is collected, each with where it is, so an author can fix them all in one go.
"""

from typing import Any

from attend.core.validators import normalise, text_problem


def type_name(value: Any, *, null: str = "null", mapping: str = "an object") -> str:
    """What an author would call the value, in their format's words: JSON has null and objects, TOML tables."""
    if value is None:
        return null
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return mapping
    if isinstance(value, str):
        return "text"
    return type(value).__name__


class ProblemCollector:
    def __init__(self):
        self.problems: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")

    def unknown_fields(self, data: dict, allowed: tuple[str, ...], where: str) -> None:
        for name in data:
            if name not in allowed:
                self.add(where, f'unknown field "{name}"')

    def text_rules(self, value: str, where: str, name: str, *, max_length: int | None = None) -> str:
        """Attend's one set of text rules (`attend.core.validators`) for a piece of authored text: normalised,
        no control characters but newline and tab, no lone surrogates. Returns the text normalised."""
        value = normalise(value, multiline=True)
        problem = text_problem(value, max_length=max_length, multiline=True)
        if problem:
            self.add(where, f'"{name}" {problem}')
        return value
