"""Who may see what in Reflect: the one place these rules live.

- A journal entry is its author's alone, draft or saved: no leader, facilitator or admin reaches it.
- A colleague reads one entry only through a share to them that the author has not withdrawn, and only while
  author and reader are both active in one organisation: a share ends for anyone who has left.
Anything else is the model's DoesNotExist (and so a 404), whoever asks. Lists of a person's own entries and
shares are in `selectors`, built on these rules.
"""

from django.db.models import Exists, OuterRef

from attend.organisations.models import Membership
from attend.reflect.models import JournalEntry, JournalShare


def entry_of_author(user, entry_id) -> JournalEntry:
    """Raises JournalEntry.DoesNotExist unless `user` wrote the entry."""
    return user.journal_entries.get(pk=entry_id)


def between_colleagues(shares):
    """Shares whose author and reader are both still active in one organisation. A share is with a colleague,
    so it ends for a reader (or from an author) who has left."""
    shared_workplace = Membership.objects.filter(
        user=OuterRef("reader"),
        is_active=True,
        organisation__memberships__user=OuterRef("entry__author"),
        organisation__memberships__is_active=True,
    )
    return shares.active().filter(Exists(shared_workplace))


def readable_shares(user):
    """Every share `user` may read now."""
    return between_colleagues(user.journal_shares.all()).select_related("entry__author")


def share_for_reader(user, share_id) -> JournalShare:
    """Raises JournalShare.DoesNotExist unless the share is to `user`, not withdrawn, and from a colleague."""
    return readable_shares(user).get(pk=share_id)
