"""Discussion safety rules: is a new post shown at once or held for a facilitator, may this person post now, and
how to show a post's plain text with only safe links clickable.

Pure: data in, decision out; no database, no network, no clock (the caller passes `now`). The rules hold a post
for a person to look at, they never delete anything, so they lean towards holding clear spam and abuse while
leaving ordinary posts, including one that shares a useful NHS link, to show straight away.

Rules (each adds a reason; any reason holds the post):
- link flood: more than `max_links` links, or at least two links to unfamiliar sites making up most of the text,
  or a link to an unfamiliar site with no words of the poster's own;
- repeated: the same or nearly the same text the same person posted within `repeat_window`, or that they have
  posted into `many_threads` or more threads;
- promotional: a link to an unfamiliar site, little in common with the thread's words, and either a spam trade
  (crypto, casino, SEO, "earn money"...) or two or more bits of sales talk ("buy", "discount", "click here"...);
- abusive: a word or phrase from a short list of clearly abusive ones.
"""

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from urllib.parse import urlsplit

SHOW = "show"
HOLD = "hold"

LINK_FLOOD = "link_flood"
REPEATED = "repeated"
PROMOTIONAL = "promotional"
ABUSIVE = "abusive"

# Sites people in health and care share in good faith; a link to them is never the reason a post is held as
# promotional, and one on its own is never a link flood.
TRUSTED_DOMAINS = (
    "nhs.uk",
    "nhs.net",
    "gov.uk",
    "nice.org.uk",
    "kingsfund.org.uk",
    "nuffieldtrust.org.uk",
    "health.org.uk",
    "rcn.org.uk",
    "nmc.org.uk",
    "gmc-uk.org",
    "hee.nhs.uk",
    "ac.uk",
    "self-compassion.org",
)

# Wording that sells. Single words are matched as whole words, phrases as phrases. Everyday words that adverts
# also use ("buy", "offer") count only in twos; words about the usual spam trades count on their own.
PROMOTIONAL_WORDS = (
    "buy",
    "buy now",
    "cheap",
    "discount",
    "promo code",
    "coupon",
    "click here",
    "limited offer",
    "limited time offer",
    "special offer",
    "act now",
    "order now",
    "free trial",
    "guaranteed",
    "100% free",
    "followers",
    "dm me",
    "whatsapp me",
)
SPAM_TRADE_WORDS = (
    "earn money",
    "make money",
    "earn £",
    "earn $",
    "work from home",
    "passive income",
    "investment opportunity",
    "crypto",
    "cryptocurrency",
    "bitcoin",
    "btc",
    "forex",
    "nft",
    "casino",
    "betting",
    "slots",
    "jackpot",
    "seo",
    "backlinks",
    "viagra",
    "payday loan",
    "payday loans",
    "weight loss pills",
)

# Kept short on purpose: only words and phrases that are abusive in any sentence. Whole-word matching, so place
# names such as Scunthorpe or words such as "assessment" are untouched.
ABUSIVE_TERMS = (
    "fuck",
    "fucking",
    "fucker",
    "motherfucker",
    "cunt",
    "cunts",
    "twat",
    "twats",
    "wanker",
    "wankers",
    "dickhead",
    "bellend",
    "bastard",
    "bastards",
    "bitch",
    "slag",
    "whore",
    "retard",
    "retarded",
    "spastic",
    "spaz",
    "kill yourself",
    "kys",
    "go die",
    "piss off",
)

# Common words that say nothing about what a thread is about.
_STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each everyone few for from further
    get good got great had has have having he hello her here hers hi him his how i if in into is it
    its just let like me more most my new no nor not now of off on once one only or other our ours
    out over own really same she should so some such than thank thanks that the their them then
    there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself""".split()  # noqa: SIM905
)

# A link as people paste one: http(s)://… or www.… up to whitespace or a character no URL needs.
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_CLICKABLE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TRAILING = ".,;:!?'\"’”)]}"


@dataclass(frozen=True)
class RecentPost:
    """A post the same person made recently (the caller chooses how far back; a week is plenty)."""

    text: str
    posted_at: datetime
    thread_key: str  # anything that tells threads apart, e.g. the thread's id as text


@dataclass(frozen=True)
class PostCheck:
    text: str
    thread_title: str
    now: datetime
    thread_words: str = ""  # what the thread is about beyond its title: description, opening post, recent posts
    thread_key: str = ""  # the thread this post goes into
    recent_posts: tuple[RecentPost, ...] = ()  # by the same person, any thread


@dataclass(frozen=True)
class Decision:
    status: str  # SHOW or HOLD
    reasons: tuple[str, ...] = ()  # for the facilitator, in plain words; empty when shown
    rules: tuple[str, ...] = ()  # LINK_FLOOD, REPEATED, PROMOTIONAL, ABUSIVE: which rules held it

    @property
    def held(self) -> bool:
        return self.status == HOLD


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after_seconds: int = 0  # 0 when allowed


@dataclass(frozen=True)
class Segment:
    """A piece of a post: plain text, or a link when `href` is set (then `text` is what to show for it)."""

    text: str
    href: str | None = None


# Reading text


def _fold(text: str) -> str:
    """Lower case, accents and look-alike letters folded, so "FREE", "free" and "ｆｒｅｅ" compare equal."""
    return unicodedata.normalize("NFKC", text).casefold()


def _words(text: str) -> list[str]:
    return _WORD.findall(_LINK.sub(" ", _fold(text)))


def _content_words(text: str) -> set[str]:
    return {_stem(word) for word in _words(text) if word not in _STOPWORDS and len(word) > 2}


def _stem(word: str) -> str:
    # Enough for overlap: "conversations" meets "conversation", "wellbeing" meets "wellbeing".
    for ending in ("ing", "ies", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _has_term(folded_text: str, term: str) -> bool:
    # Whole words (or the whole phrase); a term ending in a symbol such as "earn £" needs no boundary after it.
    end = r"\b" if term[-1].isalnum() else ""
    return re.search(rf"(?<![\w]){re.escape(term)}{end}", folded_text) is not None


def links(text: str) -> list[str]:
    """Every link in the text as typed, including www.… ones that will not be made clickable."""
    return [match.group(0).rstrip(_TRAILING) for match in _LINK.finditer(text)]


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


# The rules


def _link_flood(check: PostCheck, max_links: int) -> str | None:
    found = links(check.text)
    if len(found) > max_links:
        return f"It has {len(found)} links; more than {max_links} in one post is held for a facilitator to check."
    if not found:
        return None
    untrusted = [link for link in found if not is_trusted(link)]
    link_characters = sum(len(link) for link in untrusted)
    all_characters = len("".join(check.text.split()))
    if len(untrusted) >= 2 and link_characters > all_characters / 2:
        return "It is mostly links to other sites."
    if untrusted and not _words(check.text):
        return "It is a link to another site with no words of the poster's own."
    return None


def _similar(one: str, other: str) -> bool:
    one, other = " ".join(_fold(one).split()), " ".join(_fold(other).split())
    if one == other:
        return True
    return SequenceMatcher(None, one, other).ratio() >= 0.9


def _worth_comparing(text: str) -> bool:
    # "Thank you!" twice is ordinary; a repeated sentence or a repeated link is not.
    return len(_words(text)) >= 5 or bool(links(text))


def _repeated(check: PostCheck, window: timedelta, many_threads: int) -> str | None:
    if not _worth_comparing(check.text):
        return None
    same = [post for post in check.recent_posts if _similar(post.text, check.text)]
    if any(check.now - post.posted_at <= window for post in same):
        return "The same person posted the same or nearly the same text a short while ago."
    threads = {post.thread_key for post in same} | {check.thread_key}
    if len(threads) >= many_threads:
        return f"The same person has posted this text into {len(threads)} threads."
    return None


def _promotional(check: PostCheck, min_overlap: float) -> str | None:
    untrusted = [link for link in links(check.text) if not is_trusted(link)]
    if not untrusted:
        return None
    folded = _fold(_LINK.sub(" ", check.text))
    trade = [term for term in SPAM_TRADE_WORDS if _has_term(folded, term)]
    selling = [term for term in PROMOTIONAL_WORDS if _has_term(folded, term)]
    if not trade and len(selling) < 2:
        return None
    terms = trade + selling
    post_words = _content_words(check.text)
    thread_words = _content_words(f"{check.thread_title} {check.thread_words}")
    overlap = len(post_words & thread_words) / len(post_words) if post_words else 0.0
    if overlap >= min_overlap:
        return None
    return f"It looks like an advert: a link, sales wording ({', '.join(terms[:3])}) and little to do with the thread."


def _abusive(check: PostCheck) -> str | None:
    folded = _fold(_LINK.sub(" ", check.text))
    if any(_has_term(folded, term) for term in ABUSIVE_TERMS):
        return "It contains abusive language."
    return None


def check_post(
    check: PostCheck,
    *,
    max_links: int = 3,
    repeat_window: timedelta = timedelta(hours=24),
    many_threads: int = 3,
    min_overlap: float = 0.2,
) -> Decision:
    """Show the post now, or hold it for a facilitator with the reasons why."""
    found = {
        LINK_FLOOD: _link_flood(check, max_links),
        REPEATED: _repeated(check, repeat_window, many_threads),
        PROMOTIONAL: _promotional(check, min_overlap),
        ABUSIVE: _abusive(check),
    }
    held = {rule: reason for rule, reason in found.items() if reason}
    if not held:
        return Decision(status=SHOW)
    return Decision(status=HOLD, reasons=tuple(held.values()), rules=tuple(held))


def rate_limit(
    recent_post_times: Sequence[datetime], now: datetime, *, per_minute: int = 3, per_hour: int = 20
) -> RateDecision:
    """May this person post now, given when they last posted? If not, how many seconds until they may.

    At most `per_minute` posts in any 60 seconds and `per_hour` in any hour, counting the new one.
    """
    retry_after = 0.0
    for limit, window in ((per_minute, timedelta(minutes=1)), (per_hour, timedelta(hours=1))):
        inside = sorted(time for time in recent_post_times if now - window < time <= now)
        if len(inside) >= limit:
            # Wait until enough of them have left the window to make room for one more.
            frees_up_at = inside[len(inside) - limit] + window
            retry_after = max(retry_after, (frees_up_at - now).total_seconds())
    if retry_after <= 0:
        return RateDecision(allowed=True)
    return RateDecision(allowed=False, retry_after_seconds=max(1, math.ceil(retry_after)))


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
