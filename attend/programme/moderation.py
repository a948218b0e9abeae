"""Discussion safety rules: is a new post shown at once or held for a facilitator, and may this person post now.

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

The word lists are in `spam_words`; reading a post's text as the rules see it (undoing disguises, finding links
and unfamiliar sites) and cutting it into safe links for showing are in `post_text`; the database side (who is
new to a cohort, holding a post enough people reported) is in `moderation_rules`.

Well-tested rules rather than a trained model: docs/adr/0022-discussion-spam-scored-new-links-and-two-reports-held.md
says why. The corpus test (tests/test_spam_corpus.py, with its data files) prints what they catch and what slips.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher

from attend.programme.post_text import (
    LINK,
    content_words,
    fold,
    has_term,
    is_trusted,
    links,
    unmask,
    untrusted_places,
    words,
)
from attend.programme.spam_words import (
    ABUSIVE_TERMS,
    CONTACT_WORDS,
    MONEY_PROMISE,
    PROMOTIONAL_WORDS,
    SPAM_HOST_PARTS,
    SPAM_TRADE_WORDS,
)

SHOW = "show"
HOLD = "hold"

LINK_FLOOD = "link_flood"
REPEATED = "repeated"
PROMOTIONAL = "promotional"
NEW_WITH_LINK = "new_with_link"
ABUSIVE = "abusive"


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
    if untrusted and not words(check.text):
        return "It is a link to another site with no words of the poster's own."
    return None


def _similar(one: str, other: str) -> bool:
    one, other = " ".join(fold(one).split()), " ".join(fold(other).split())
    if one == other:
        return True
    return SequenceMatcher(None, one, other).ratio() >= 0.9


def _worth_comparing(text: str) -> bool:
    # "Thank you!" twice is ordinary; a repeated sentence or a repeated link is not.
    return len(words(text)) >= 5 or bool(links(text))


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
    post_words = content_words(check.text)
    thread_words = content_words(f"{check.thread_title} {check.thread_words}")
    return len(post_words & thread_words) / len(post_words) if post_words else 0.0


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
    plain = LINK.sub(" ", check.text)
    folded, unmasked = fold(plain), unmask(plain)
    trades = sorted({term for term in SPAM_TRADE_WORDS if has_term(unmasked, term)})
    trades = [term for term in trades if not any(term != other and term in other for other in trades)]
    if MONEY_PROMISE.search(unmasked):
        trades.append("a promise of money")
    selling = [term for term in PROMOTIONAL_WORDS if has_term(folded, term)]
    contact = [term for term in CONTACT_WORDS if has_term(unmasked, term)]
    places = untrusted_places(check.text)
    spam_hosts = [host for host in places if any(part in host for part in SPAM_HOST_PARTS)]
    points = 3 * len(trades) + len(selling) + 2 * bool(contact)
    if places:
        points += 2 + 2 * bool(spam_hosts) + (len(words(check.text)) < 12)
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
    places = untrusted_places(check.text)
    if not places:
        return None
    return (
        f"It is the first post from someone new to the cohort and it links to {places[0]}. "
        "A facilitator looks at these first."
    )


def _abusive(check: PostCheck) -> str | None:
    folded = fold(LINK.sub(" ", check.text))
    if any(has_term(folded, term) for term in ABUSIVE_TERMS):
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
