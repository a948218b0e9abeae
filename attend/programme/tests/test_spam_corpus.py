"""The spam rules against a corpus: comment spam of many kinds that must be held, and genuine posts from leaders
supporting each other that must not be (data/spam_posts.toml, data/genuine_posts.toml).

Each post is checked as from someone who has posted in the cohort before (so only the content rules can hold it)
and again as someone's first post (when links to unfamiliar sites are held too). The figures are printed
(pytest -s shows them) so a change to the rules shows what it gained and what it cost.
"""

import tomllib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from attend.programme.moderation import PostCheck, RecentPost, check_post

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
THREAD = "Supporting each other between sessions"
THREAD_WORDS = (
    "Compassionate leadership, six sessions. A place to share how the practices, wellbeing conversations and "
    "diary changes are going, ask each other questions and support each other between sessions."
)
# Of the spam, at least this share must be held from someone who has posted before (the harder case).
CATCH_RATE = 0.95


def corpus(name: str) -> list[dict]:
    with (DATA / name).open("rb") as file:
        return tomllib.load(file)["post"]


SPAM = corpus("spam_posts.toml")
GENUINE = corpus("genuine_posts.toml")


def held(post: dict, *, new: bool) -> bool:
    recent = ()
    if "before" in post:  # edited in: the first version is what the author posted earlier
        recent = (RecentPost(text=post["before"], posted_at=NOW, thread_key="cohort"),)
    check = PostCheck(
        text=post["text"],
        thread_title=THREAD,
        thread_words=THREAD_WORDS,
        thread_key="cohort",
        recent_posts=recent,
        now=NOW,
        author_is_new=new,
    )
    return check_post(check).held


def figures(posts: list[dict], *, new: bool) -> tuple[list[dict], list[dict]]:
    caught = [post for post in posts if held(post, new=new)]
    return caught, [post for post in posts if post not in caught]


def test_the_corpus_is_big_and_varied_enough():
    assert len(SPAM) >= 50
    assert len(GENUINE) >= 50
    kinds = Counter(post["kind"] for post in SPAM)
    assert {"seo", "essay mill", "casino", "pharma", "crypto", "loans", "fake job", "link drop"} <= set(kinds)
    assert {"obfuscated", "unicode look-alike", "edited in"} <= set(kinds)
    assert {"nhs link", "money worries", "medication"} <= {post["kind"] for post in GENUINE}
    assert sum("free" in post["text"].lower() for post in GENUINE) >= 5


@pytest.mark.parametrize("new", [False, True], ids=["has posted before", "first post"])
def test_no_genuine_post_is_held(new):
    wrongly_held, _ = figures(GENUINE, new=new)
    print(f"\nGenuine ({'first post' if new else 'has posted before'}): {len(wrongly_held)} of {len(GENUINE)} held")

    assert [post["text"] for post in wrongly_held] == []


@pytest.mark.parametrize("new", [False, True], ids=["has posted before", "first post"])
def test_spam_is_held(new):
    caught, slipped = figures(SPAM, new=new)
    rate = len(caught) / len(SPAM)
    print(
        f"\nSpam ({'first post' if new else 'has posted before'}): {len(caught)} of {len(SPAM)} held ({rate:.0%}), "
        f"{len(slipped)} slipped"
    )
    for post in slipped:
        print(f"  slipped ({post['kind']}): {post['text']}")

    assert rate >= CATCH_RATE
    assert "Best cheap SEO services! Buy backlinks now... casino bonuses and viagra" not in [
        post["text"] for post in slipped
    ]
