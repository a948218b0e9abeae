"""The person's own working hours, the protected time they chose from what was offered, and their rule for time
with people.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction

from attend.accounts.services import user_profile_update
from attend.core.validators import clean_text
from attend.diary import access
from attend.diary.models import PeopleTimeRule, ProtectedTimeChoice
from attend.diary.people_time import LARGEST_SMALL_MEETING
from attend.diary.proposals import Proposal


def working_hours_save(
    *, user, time_zone: str, working_days: Iterable[int], starts: datetime.time, ends: datetime.time
):
    """The person's own working pattern (also read by Nudges for quiet hours)."""
    return user_profile_update(
        user=user,
        name=user.name,
        time_zone=time_zone,
        working_days=list(working_days),
        working_day_start=starts,
        working_day_end=ends,
    )


@transaction.atomic
def protected_time_choose(*, owner, offered: Sequence[Proposal], chosen_keys: Iterable[str]) -> int:
    """Of the blocks offered on the page, keep exactly those ticked (others offered are unticked).
    Choices of other weeks are left alone. Returns how many of the offered are now chosen."""
    chosen = set(chosen_keys)
    offered_keys = [proposal.key for proposal in offered]
    access.choices_of(owner).filter(key__in=offered_keys).exclude(key__in=chosen).delete()
    for proposal in offered:
        if proposal.key not in chosen:
            continue
        ProtectedTimeChoice.objects.update_or_create(
            owner=owner,
            key=proposal.key,
            defaults={
                "kind": proposal.kind,
                "starts_at": proposal.start,
                "ends_at": proposal.end,
                "link": proposal.link or "",
                "details": {"title": proposal.title, "reason": proposal.reason},
            },
        )
    return len(chosen & set(offered_keys))


def people_rule_save(*, owner, title_words: Sequence[str], small_meeting: int, connect: bool) -> PeopleTimeRule:
    """The person's own rule for time with people (diary/people_time.py)."""
    words = [clean_text(word, field="title_words", label="A word", max_length=50) for word in title_words]
    if not 0 <= small_meeting <= LARGEST_SMALL_MEETING:
        raise ValueError("small_meeting out of range")
    rule, _ = PeopleTimeRule.objects.update_or_create(
        owner=owner, defaults={"title_words": words, "small_meeting": small_meeting, "connect": connect}
    )
    return rule
