"""Listen's question bank: themes, items and templates, shipped as data in `content/questions.toml`.

Every item is answered on the five-point agree scale (`AGREE_SCALE`). Items about the leader's four compassionate
leadership behaviours also have a `self_text`: the same question for the leader to answer about themselves.
An organisation may add its own items (stored by the app); build them with `organisation_item` so scoring and
results treat them exactly like the bank's, under the theme "Your organisation's questions".

Pure: standard library only. Every problem in the bank names the item, theme or template it is in.
"""

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from attend.core.formatting import counted
from attend.core.validators import normalise, text_problem

AGREE_SCALE: dict[int, str] = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}

COMPASSIONATE_LEADERSHIP = "compassionate-leadership"
BEHAVIOURS = ("attending", "understanding", "empathising", "helping")
ORGANISATION_THEME = "organisation"
ORGANISATION_ITEM_PREFIX = "org-"
MAX_TEXT_LENGTH = 200
COMMENT_LENGTH = 1000  # the optional comment's longest, in characters

_KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class BankError(ValueError):
    """Everything wrong with a question bank, one message per problem, each naming its item, theme or template."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Theme:
    """A theme (`parent` None) or a sub-theme (`parent` is its theme's key), e.g. "attending" in compassionate
    leadership."""

    key: str
    title: str
    description: str
    parent: str | None = None


@dataclass(frozen=True)
class Item:
    """One statement to agree or disagree with. `self_text` is the leader's own wording (behaviour items only)."""

    key: str
    theme: str
    sub_theme: str | None
    text: str
    self_text: str | None = None

    @property
    def is_behaviour(self) -> bool:
        return self.theme == COMPASSIONATE_LEADERSHIP


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    item_keys: tuple[str, ...]
    minutes: int
    description: str = ""


@dataclass(frozen=True)
class Bank:
    themes: tuple[Theme, ...]  # themes and sub-themes, in the order pages show them
    items: tuple[Item, ...]
    templates: tuple[Template, ...]
    comment_prompt: str
    comment_hint: str


ORGANISATION = Theme(
    key=ORGANISATION_THEME,
    title="Your organisation's questions",
    description="Questions your organisation added to ask every team.",
)


# The shipped bank


@cache
def bank() -> Bank:
    """The shipped bank, loaded and checked once."""
    text = resources.files("attend.listen").joinpath("content/questions.toml").read_text(encoding="utf-8")
    return parse_bank(text)


def items() -> tuple[Item, ...]:
    return bank().items


def item(key: str) -> Item:
    """The bank's item with this key; KeyError names the key when there is none."""
    for candidate in bank().items:
        if candidate.key == key:
            return candidate
    raise KeyError(f"No question with the key “{key}”")


def themes() -> tuple[Theme, ...]:
    """The top-level themes in page order, ending with "Your organisation's questions"."""
    return tuple(t for t in bank().themes if t.parent is None) + (ORGANISATION,)


def sub_themes(theme_key: str | None = None) -> tuple[Theme, ...]:
    """Sub-themes in page order (all, or those of one theme)."""
    return tuple(t for t in bank().themes if t.parent is not None and theme_key in (None, t.parent))


def theme(key: str) -> Theme:
    """A theme or sub-theme by key; KeyError when there is none."""
    for candidate in (*bank().themes, ORGANISATION):
        if candidate.key == key:
            return candidate
    raise KeyError(f"No theme with the key “{key}”")


def behaviour_items() -> tuple[Item, ...]:
    """The items the leader also answers about themselves (the self-view), in bank order."""
    return tuple(i for i in bank().items if i.self_text is not None)


def templates() -> tuple[Template, ...]:
    return bank().templates


def template(key: str) -> Template:
    for candidate in bank().templates:
        if candidate.key == key:
            return candidate
    raise KeyError(f"No template with the key “{key}”")


def comment_prompt() -> str:
    """The optional free-text question at the end of every pulse."""
    return bank().comment_prompt


def comment_hint() -> str:
    return bank().comment_hint


# Organisation items and choosing a round's items


def organisation_item(*, key: str, text: str) -> Item:
    """An organisation's own item, shaped like the bank's. Use a stable key such as f"org-{pk}".

    Raises BankError naming the problem (bad key, empty or long text).
    """
    candidate = Item(key=key, theme=ORGANISATION_THEME, sub_theme=None, text=normalise(" ".join(text.split())))
    check_extra_items([candidate])
    return candidate


def check_extra_items(extra: Iterable[Item]) -> None:
    """Raises BankError, one problem per item, if extra items clash with the bank or each other or are malformed."""
    problems = []
    seen = {i.key for i in bank().items}
    for candidate in extra:
        problems += _item_problems(candidate, known_themes={ORGANISATION_THEME: None}, where=candidate.key)
        if not candidate.key.startswith(ORGANISATION_ITEM_PREFIX):
            problems.append(f"Question {candidate.key}: an organisation's key starts with “{ORGANISATION_ITEM_PREFIX}”")
        if candidate.key in seen:
            problems.append(f"Question {candidate.key}: the key is already used")
        seen.add(candidate.key)
    if problems:
        raise BankError(problems)


def items_for(item_keys: Iterable[str], extra: Iterable[Item] = ()) -> tuple[Item, ...]:
    """The items with these keys, in the order given, looked up in the bank and then in `extra`.

    KeyError names any key found in neither.
    """
    extra_by_key = {i.key: i for i in extra}
    found = []
    for key in item_keys:
        found.append(extra_by_key[key] if key in extra_by_key else item(key))
    return tuple(found)


def themes_for(chosen: Iterable[Item]) -> tuple[Theme, ...]:
    """The top-level themes that these items belong to, in page order."""
    used = {i.theme for i in chosen}
    return tuple(t for t in themes() if t.key in used)


def sub_themes_for(chosen: Iterable[Item]) -> tuple[Theme, ...]:
    """The sub-themes that these items belong to, in page order."""
    used = {i.sub_theme for i in chosen if i.sub_theme}
    return tuple(t for t in sub_themes() if t.key in used)


def grouped_by_theme(chosen: Sequence[Item]) -> list[tuple[Theme, list[Item]]]:
    """Items grouped under their themes in page order (for the answer page and results)."""
    return [(t, [i for i in chosen if i.theme == t.key]) for t in themes_for(chosen)]


# Parsing and checking


def parse_bank(text: str) -> Bank:
    """A bank from TOML text (see content/questions.toml); BankError lists every problem, each naming where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BankError([f"The bank is not valid TOML: {error}"])
    problems: list[str] = []
    bank_themes = _parse_themes(data, problems)
    known = {t.key: t.parent for t in bank_themes}
    bank_items = _parse_items(data, known, problems)
    bank_templates = _parse_templates(data, {i.key for i in bank_items}, problems)
    comment = data.get("comment", {})
    prompt, hint = comment.get("prompt", ""), comment.get("hint", "")
    if not isinstance(prompt, str) or not prompt.strip():
        problems.append("Comment: write a prompt for the free-text question")
    _check_coverage(bank_themes, bank_items, problems)
    if problems:
        raise BankError(problems)
    return Bank(bank_themes, bank_items, bank_templates, str(prompt).strip(), str(hint).strip())


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _parse_themes(data: dict, problems: list[str]) -> tuple[Theme, ...]:
    parsed: list[Theme] = []
    for number, raw in enumerate(data.get("themes", []), start=1):
        key = raw.get("key", "")
        where = f"Theme {key or number}"
        theme_ = Theme(key, _text(raw.get("title")), _text(raw.get("description")))
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            problems.append(f"{where}: the key must be lower-case words joined by hyphens")
        if not theme_.title:
            problems.append(f"{where}: add a title")
        parsed.append(theme_)
        for sub_number, sub in enumerate(raw.get("sub_themes", []), start=1):
            sub_key = sub.get("key", "")
            sub_where = f"Sub-theme {sub_key or sub_number} of {key}"
            if not isinstance(sub_key, str) or not _KEY.fullmatch(sub_key):
                problems.append(f"{sub_where}: the key must be lower-case words joined by hyphens")
            parsed.append(Theme(sub_key, _text(sub.get("title")), _text(sub.get("description")), parent=key))
            if not parsed[-1].title:
                problems.append(f"{sub_where}: add a title")
    keys = [t.key for t in parsed]
    for duplicate in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"Theme {duplicate}: the key is used more than once")
    if ORGANISATION_THEME in keys:
        problems.append(f"Theme {ORGANISATION_THEME}: the key is kept for organisations' own questions")
    return tuple(parsed)


def _parse_items(data: dict, known_themes: dict[str, str | None], problems: list[str]) -> tuple[Item, ...]:
    parsed: list[Item] = []
    for number, raw in enumerate(data.get("items", []), start=1):
        key = raw.get("key", "")
        unknown = set(raw) - {"key", "theme", "sub_theme", "text", "self_text"}
        where = f"Question {key or f'number {number}'}"
        if unknown:
            problems.append(f"{where}: unknown field {', '.join(sorted(unknown))}")
        candidate = Item(
            key=key if isinstance(key, str) else "",
            theme=raw.get("theme", ""),
            sub_theme=raw.get("sub_theme") or None,
            text=_text(raw.get("text")),
            self_text=_text(raw.get("self_text")) or None,
        )
        problems += _item_problems(candidate, known_themes=known_themes, where=where)
        parsed.append(candidate)
    keys = [i.key for i in parsed]
    for duplicate in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"Question {duplicate}: the key is used more than once")
    return tuple(parsed)


def _item_problems(candidate: Item, *, known_themes: dict[str, str | None], where: str) -> list[str]:
    problems = []
    if not _KEY.fullmatch(candidate.key or ""):
        problems.append(f"{where}: the key must be lower-case words joined by hyphens, like “attending-1”")
    if not candidate.text:
        problems.append(f"{where}: add the question's text")
    if len(candidate.text) > MAX_TEXT_LENGTH:
        problems.append(f"{where}: keep the text under {MAX_TEXT_LENGTH} characters")
    for name in ("text", "self_text"):
        problem = text_problem(getattr(candidate, name) or "")
        if problem:
            problems.append(f"{where}: the {name.replace('_', ' ')} {problem}")
    if candidate.theme not in known_themes or known_themes[candidate.theme] is not None:
        problems.append(f"{where}: “{candidate.theme}” is not a theme")
    elif candidate.sub_theme is not None and known_themes.get(candidate.sub_theme) != candidate.theme:
        problems.append(f"{where}: “{candidate.sub_theme}” is not a sub-theme of {candidate.theme}")
    if candidate.is_behaviour and not candidate.self_text:
        problems.append(f"{where}: a behaviour question needs the leader's own wording (self_text)")
    if not candidate.is_behaviour and candidate.self_text:
        problems.append(f"{where}: only behaviour questions have a self_text")
    if candidate.is_behaviour and candidate.sub_theme not in BEHAVIOURS:
        problems.append(f"{where}: a behaviour question belongs to one of {', '.join(BEHAVIOURS)}")
    return problems


def _parse_templates(data: dict, item_keys: set[str], problems: list[str]) -> tuple[Template, ...]:
    parsed = []
    for number, raw in enumerate(data.get("templates", []), start=1):
        key = raw.get("key", "")
        where = f"Template {key or number}"
        keys = raw.get("items", [])
        if keys == "all":
            keys = list(item_keys_in_order(data))
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            problems.append(f"{where}: the key must be lower-case words joined by hyphens")
        if not _text(raw.get("title")):
            problems.append(f"{where}: add a title")
        minutes = raw.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
            problems.append(f"{where}: minutes must be a whole number of at least 1")
            minutes = 1
        for missing in [k for k in keys if k not in item_keys]:
            problems.append(f"{where}: there is no question “{missing}”")
        if not keys:
            problems.append(f"{where}: choose at least one question")
        if len(set(keys)) != len(keys):
            problems.append(f"{where}: a question appears twice")
        parsed.append(Template(key, _text(raw.get("title")), tuple(keys), minutes, _text(raw.get("description"))))
    return tuple(parsed)


def item_keys_in_order(data: dict) -> list[str]:
    return [raw.get("key", "") for raw in data.get("items", [])]


def _check_coverage(bank_themes: tuple[Theme, ...], bank_items: tuple[Item, ...], problems: list[str]) -> None:
    """Each behaviour needs at least two items, and every sub-theme at least one."""
    for sub in (t for t in bank_themes if t.parent is not None):
        count = sum(1 for i in bank_items if i.sub_theme == sub.key)
        needed = 2 if sub.parent == COMPASSIONATE_LEADERSHIP else 1
        if count < needed:
            problems.append(f"Sub-theme {sub.key}: needs at least {counted(needed, 'question')}")
