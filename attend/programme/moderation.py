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
- promotional: a score of the post's signs of an advert reaches `promotional_score` (see `promotional_score()`):
  words of the spam trades (casino, SEO, essay writing, pharmacy, crypto, loans, fake jobs...), matched after undoing
  the usual disguises (v1agra, v.i.a.g.r.a, Cyrillic look-alike letters, invisible characters); sales talk; a
  link to or a bare mention of an unfamiliar site; a way to reach the seller (WhatsApp, "DM me"); a promise of
  money; little in common with the thread. A trade word alone (someone's money worries, a medicine on a ward)
  never holds a post: it needs a way to buy (a link, a site, a contact, sales talk) or a stuffing of three trades;
- new with a link: the first post of someone with nothing shown in the cohort yet, with a link to (or the name
  of) a site outside the familiar NHS, government, university and charity ones;
- abusive: a word or phrase from a short list of clearly abusive ones.

Well-tested rules rather than a trained model: docs/adr/0022-discussion-spam-scored-new-links-and-two-reports-held.md
says why. The corpus test (tests/test_spam_corpus.py, with its data files) prints what they catch and what slips.
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
NEW_WITH_LINK = "new_with_link"
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
    # Advice and support services people signpost each other to.
    "moneyhelper.org.uk",
    "citizensadvice.org.uk",
    "stepchange.org",
    "samaritans.org",
    "mind.org.uk",
    "giveusashout.org",
    "gamcare.org.uk",
    "nhsemployers.org",
    "nhsconfed.org",
    "nhscharitiestogether.co.uk",
    "carersuk.org",
    "ageuk.org.uk",
    "skillsforcare.org.uk",
    "cqc.org.uk",
    "cipd.org",
)

# Wording that sells. Single words are matched as whole words, phrases as phrases. Everyday words that adverts
# also use ("buy", "offer", "free trial") each add one point; a post needs more than sales talk to be held.
PROMOTIONAL_WORDS = (
    "buy",
    "buy now",
    "cheap",
    "cheapest",
    "best price",
    "affordable",
    "discount",
    "promo code",
    "coupon",
    "click here",
    "click the link",
    "limited offer",
    "limited time offer",
    "special offer",
    "act now",
    "order now",
    "order today",
    "free trial",
    "guaranteed",
    "100% free",
    "risk free",
    "risk-free",
    "followers",
    "visit my",
    "visit our",
    "check out my",
    "check my",
    "my website",
    "our website",
    "my blog",
    "my page",
    "great post",
    "nice post",
    "great article",
    "nice article",
    "very informative",
    "thanks for sharing",
    "keep it up",
    "work from home",
    "bonus",
    "bonuses",
    "deal",
    "deals",
    "services",
    "hurry",
    "don't miss",
    "sign up now",
    "register now",
    "per day",
    "per week",
    "a day from",
)
# Words of the trades that spam comments sell. Each is three points, because an ordinary supportive post
# almost never uses them; still, one alone never holds a post (see promotional_score()).
SPAM_TRADE_WORDS = (
    # money and crypto
    "earn money",
    "make money",
    "make money online",
    "passive income",
    "investment opportunity",
    "investment platform",
    "trading signals",
    "binary options",
    "crypto",
    "cryptocurrency",
    "bitcoin",
    "btc",
    "ethereum",
    "usdt",
    "forex",
    "nft",
    "fund recovery",
    "recover your lost funds",
    "recovery expert",
    # gambling
    "casino",
    "casinos",
    "betting",
    "sportsbook",
    "slots",
    "free spins",
    "jackpot",
    "poker",
    "roulette",
    # SEO and marketing
    "seo",
    "backlink",
    "backlinks",
    "guest post",
    "guest posts",
    "da 50",
    "domain authority",
    "website traffic",
    "traffic to your website",
    "rank your website",
    "first page of google",
    "digital marketing agency",
    # essay mills
    "essay writing",
    "essay writer",
    "write my essay",
    "essays",
    "assignment help",
    "assignment writing",
    "dissertation writing",
    "homework help",
    "academic writing service",
    "plagiarism free",
    "plagiarism-free",
    # pharmacy
    "viagra",
    "cialis",
    "levitra",
    "kamagra",
    "tramadol online",
    "xanax",
    "oxycodone",
    "online pharmacy",
    "without prescription",
    "without a prescription",
    "no prescription",
    "weight loss pills",
    "diet pills",
    "keto gummies",
    "cbd gummies",
    # loans
    "payday loan",
    "payday loans",
    "instant loan",
    "instant loans",
    "quick loan",
    "quick loans",
    "loan approval",
    "guaranteed approval",
    "no credit check",
    "no credit checks",
    # fake jobs
    "no experience needed",
    "no experience required",
    "data entry job",
    "data entry jobs",
    "hiring now",
    "online job",
    "online jobs",
    "earn from home",
    # the rest of the usual trades
    "replica watches",
    "replica",
    "escort",
    "escorts",
    "hot singles",
    "adult dating",
    "buy followers",
    "instagram followers",
    "cheap likes",
)
# Ways to reach a seller outside the cohort.
CONTACT_WORDS = (
    "whatsapp",
    "telegram",
    "wa.me",
    "t.me",
    "dm me",
    "inbox me",
    "message me on",
    "text me on",
    "contact us",
    "contact me on",
    "kik",
    "snapchat me",
)
# Bits of a web address that say what a site sells (cheapessays, best-casino, seo-boost).
SPAM_HOST_PARTS = (
    "casino",
    "bet",
    "slot",
    "seo",
    "backlink",
    "essay",
    "assignment",
    "pharma",
    "pill",
    "viagra",
    "cialis",
    "loan",
    "crypto",
    "coin",
    "forex",
    "cheap",
    "replica",
    "escort",
    "dating",
    "follower",
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
    author_is_new: bool = False  # nothing of theirs is shown in this cohort yet


@dataclass(frozen=True)
class Decision:
    status: str  # SHOW or HOLD
    reasons: tuple[str, ...] = ()  # for the facilitator, in plain words; empty when shown
    rules: tuple[str, ...] = ()  # LINK_FLOOD, REPEATED, PROMOTIONAL, NEW_WITH_LINK, ABUSIVE: which held it

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
_MONEY_PROMISE = re.compile(
    r"\b(?:earn|earning|make|making|made|paid|payout|profit|returns?)\s+(?:up\s+to\s+|over\s+|around\s+)?"
    r"[£$€]\s?\d[\d,.]*k?\b(?:[^.!?\n]{0,25}\b(?:a|per|every|each|daily|weekly|week|day|hour|month))?"
)


def _unmask(text: str) -> str:
    """The text as a spam filter should read it: folded, invisible characters and accents gone, look-alike
    letters, stand-in digits and spaced-out letters put back ("v1agrа" with a Cyrillic а reads "viagra")."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.casefold().translate(_LOOK_ALIKES)
    text = _MASKED_WORD.sub(lambda match: match.group(0).translate(_LEET), text)
    return _SPACED_LETTERS.sub(lambda match: re.sub(r"[^a-z]", "", match.group(0)), text)


def _bare_domains(text: str) -> list[str]:
    """Site names typed without http or www, including "site dot com" and "site[.]com"."""
    unmasked = _unmask(_LINK.sub(" ", text))
    found = []
    for match in _BARE_DOMAIN.finditer(unmasked):
        name = re.sub(r"\s*\[\.\]\s*|\s+dot\s+", ".", match.group(1))
        if name.count(".") >= 1 and not re.fullmatch(r"[\d.]+", name):
            found.append(name)
    return found


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


def _overlap(check: PostCheck) -> float:
    post_words = _content_words(check.text)
    thread_words = _content_words(f"{check.thread_title} {check.thread_words}")
    return len(post_words & thread_words) / len(post_words) if post_words else 0.0


def _untrusted_places(text: str) -> list[str]:
    """Hosts of links and of bare site names ("cheapessays.example", "bestseo dot com") outside TRUSTED_DOMAINS."""
    hosts = [_host(link) for link in links(text) if not is_trusted(link)]
    for name in _bare_domains(text):
        if not is_trusted(name) and name not in hosts:
            hosts.append(name)
    return hosts


@dataclass(frozen=True)
class Score:
    points: int
    signs: tuple[str, ...]  # what scored, in the words a facilitator reads
    trades: int  # how many different spam-trade words
    buy_route: bool  # a link, a site name, a contact or sales talk: a way to buy


def promotional_score(check: PostCheck, *, min_overlap: float = 0.2) -> Score:
    """Add up the signs that a post is an advert.

    3 for each spam-trade word (after undoing disguises) and for a promise of money; 1 for each bit of sales talk;
    2 for a link to (or the name of) an unfamiliar site, 2 more when that site's address names a spam trade;
    2 for a way to reach a seller; 1 when a post with such a site is short; 1 when it has little to do with the
    thread.
    """
    plain = _LINK.sub(" ", check.text)
    folded, unmasked = _fold(plain), _unmask(plain)
    trades = sorted({term for term in SPAM_TRADE_WORDS if _has_term(unmasked, term)})
    trades = [term for term in trades if not any(term != other and term in other for other in trades)]
    if _MONEY_PROMISE.search(unmasked):
        trades.append("a promise of money")
    selling = [term for term in PROMOTIONAL_WORDS if _has_term(folded, term)]
    contact = [term for term in CONTACT_WORDS if _has_term(unmasked, term)]
    places = _untrusted_places(check.text)
    spam_hosts = [host for host in places if any(part in host for part in SPAM_HOST_PARTS)]
    points = 3 * len(trades) + len(selling) + 2 * bool(contact)
    if places:
        points += 2 + 2 * bool(spam_hosts) + (len(_words(check.text)) < 12)
    off_topic = _overlap(check) < min_overlap
    points += off_topic
    signs = [*trades, *selling[:3], *contact[:1], *([f"a link to {places[0]}"] if places else [])]
    return Score(
        points=points,
        signs=tuple(signs),
        trades=len(trades),
        buy_route=bool(places or contact or selling),
    )


def _promotional(check: PostCheck, min_overlap: float, hold_at: int) -> str | None:
    score = promotional_score(check, min_overlap=min_overlap)
    if score.points < hold_at:
        return None
    # Someone writing about a colleague's payday loans, or tramadol on a ward round, is not selling anything.
    if not score.buy_route and score.trades < 3:
        return None
    return f"It looks like an advert: {', '.join(score.signs[:4])}."


def _new_with_link(check: PostCheck) -> str | None:
    if not check.author_is_new:
        return None
    places = _untrusted_places(check.text)
    if not places:
        return None
    return (
        f"It is the first post from someone new to the cohort and it links to {places[0]}. "
        "A facilitator looks at these first."
    )


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
    hold_at: int = 5,
) -> Decision:
    """Show the post now, or hold it for a facilitator with the reasons why."""
    found = {
        LINK_FLOOD: _link_flood(check, max_links),
        REPEATED: _repeated(check, repeat_window, many_threads),
        PROMOTIONAL: _promotional(check, min_overlap, hold_at),
        NEW_WITH_LINK: _new_with_link(check),
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
