"""A discussion post's text, read as the spam rules in `moderation` see it (folded, disguises undone, its words,
links and the unfamiliar sites it names), and cut into plain text and safe links for showing.

Pure: text in, text out.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from attend.programme.spam_words import STOPWORDS, TRUSTED_DOMAINS

# A link as people paste one: http(s)://… or www.… up to whitespace or a character no URL needs.
LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_CLICKABLE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TRAILING = ".,;:!?'\"’”)]}"


@dataclass(frozen=True)
class Segment:
    """A piece of a post: plain text, or a link when `href` is set (then `text` is what to show for it)."""

    text: str
    href: str | None = None


# Reading text


def fold(text: str) -> str:
    """Lower case, accents and look-alike letters folded, so "FREE", "free" and "ｆｒｅｅ" compare equal."""
    return unicodedata.normalize("NFKC", text).casefold()


# Letters spammers swap in to dodge word lists: Cyrillic and Greek look-alikes, and digits or symbols for letters.
_LOOK_ALIKES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "ԁ": "d", "ɡ": "g", "һ": "h", "к": "k", "м": "m", "т": "t", "в": "b", "н": "h", "ο": "o", "α": "a",
        "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ѵ": "v", "ӏ": "l",
    }
)  # fmt: skip
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
# A word with a digit or symbol standing in for a letter: v1agra, c@sino, b!tcoin. It needs two letters, so "£5"
# and "24/7" stay as they are; "4pm" reads "apm", which is harmless as the copy is only matched against trade words.
_MASKED_WORD = re.compile(
    r"(?<![\w@$!])(?=[\w@$!]*[a-z][\w@$!]*[a-z])[a-z0-9@$!]*[0-9@$!][a-z0-9@$!]*[a-z][a-z0-9@$!]*"
)
# Letters spaced or dotted apart: "v i a g r a", "c.a.s.i.n.o", "s-e-o".
_SPACED_LETTERS = re.compile(r"(?<![\w])(?:[a-z][ .\-_*|]{1,2}){2,}[a-z](?![\w])")
_BARE_DOMAIN = re.compile(
    r"(?<![\w@./-])((?:[a-z0-9-]+(?:\.|\s*\[\.\]\s*|\s+dot\s+))+"
    r"(?:com|net|org|info|biz|io|uk|xyz|top|shop|online|site|store|club|ru|cn|example))(?![\w-])"
)


def unmask(text: str) -> str:
    """The text as a spam filter should read it: folded, invisible characters and accents gone, look-alike
    letters, stand-in digits and spaced-out letters put back ("v1agrа" with a Cyrillic а reads "viagra")."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.casefold().translate(_LOOK_ALIKES)
    text = _MASKED_WORD.sub(lambda match: match.group(0).translate(_LEET), text)
    return _SPACED_LETTERS.sub(lambda match: re.sub(r"[^a-z]", "", match.group(0)), text)


def _bare_domains(text: str) -> list[str]:
    """Site names typed without http or www, including "site dot com" and "site[.]com"."""
    unmasked = unmask(LINK.sub(" ", text))
    found = []
    for match in _BARE_DOMAIN.finditer(unmasked):
        name = re.sub(r"\s*\[\.\]\s*|\s+dot\s+", ".", match.group(1))
        if name.count(".") >= 1 and not re.fullmatch(r"[\d.]+", name):
            found.append(name)
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(LINK.sub(" ", fold(text)))


def content_words(text: str) -> set[str]:
    return {_stem(word) for word in words(text) if word not in STOPWORDS and len(word) > 2}


def _stem(word: str) -> str:
    # Enough for overlap: "conversations" meets "conversation", "wellbeing" meets "wellbeing".
    for ending in ("ing", "ies", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def has_term(folded_text: str, term: str) -> bool:
    # Whole words (or the whole phrase); a term ending in a symbol such as "earn £" needs no boundary after it.
    end = r"\b" if term[-1].isalnum() else ""
    return re.search(rf"(?<![\w]){re.escape(term)}{end}", folded_text) is not None


def links(text: str) -> list[str]:
    """Every link in the text as typed, including www.… ones that will not be made clickable."""
    return [match.group(0).rstrip(_TRAILING) for match in LINK.finditer(text)]


def _host(link: str) -> str:
    if not re.match(r"https?://", link, re.IGNORECASE):
        link = f"https://{link}"
    try:
        return (urlsplit(link).hostname or "").lower()
    except ValueError:
        return ""


def is_trusted(link: str) -> bool:
    host = _host(link)
    return any(host == domain or host.endswith(f".{domain}") for domain in TRUSTED_DOMAINS)


def untrusted_places(text: str) -> list[str]:
    """Hosts of links and of bare site names ("cheapessays.example", "bestseo dot com") outside TRUSTED_DOMAINS."""
    hosts = [_host(link) for link in links(text) if not is_trusted(link)]
    for name in _bare_domains(text):
        if not is_trusted(name) and name not in hosts:
            hosts.append(name)
    return hosts


# Showing a post


def _safe_href(candidate: str) -> str | None:
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    # user:password@host is a classic way to make a link look like it goes somewhere else.
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return candidate


def safe_links(text: str) -> list[Segment]:
    """A post's text cut into plain text and http(s) links, for a template to show with autoescape on.

    Only http:// and https:// links become Segments with an href; anything else (javascript:, data:, HTML) stays
    plain text for the template to escape. Punctuation at the end of a link ("see https://x.org.") stays text.
    Adjacent text pieces are joined, and no Segment is empty.
    """
    segments: list[Segment] = []

    def add_text(piece: str) -> None:
        if not piece:
            return
        if segments and segments[-1].href is None:
            segments[-1] = Segment(segments[-1].text + piece)
        else:
            segments.append(Segment(piece))

    position = 0
    for match in _CLICKABLE.finditer(text):
        candidate = _trim_link(match.group(0))
        href = _safe_href(candidate)
        add_text(text[position : match.start()])
        if href:
            segments.append(Segment(candidate, href=href))
            add_text(text[match.start() + len(candidate) : match.end()])
        else:
            add_text(match.group(0))
        position = match.end()
    add_text(text[position:])
    return segments


def _trim_link(link: str) -> str:
    """Drop trailing punctuation, keeping a closing bracket that belongs to the link (Wikipedia-style)."""
    while link and link[-1] in _TRAILING:
        if link[-1] == ")" and link.count("(") >= link.count(")"):
            break
        link = link[:-1]
    return link
