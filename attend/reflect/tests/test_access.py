"""Who may see what in Reflect, asked directly: an entry by its author only, a share by its reader only."""

import pytest

from attend.reflect import access
from attend.reflect.models import JournalEntry, JournalShare
from attend.reflect.services import journal_entry_share, journal_share_withdraw

pytestmark = pytest.mark.django_db


def test_an_entry_is_found_for_its_author_only(write_entry, leader, member, facilitator):
    entry = write_entry(leader.user)

    assert access.entry_of_author(leader.user, entry.pk) == entry
    for someone in (member, facilitator):
        with pytest.raises(JournalEntry.DoesNotExist):
            access.entry_of_author(someone.user, entry.pk)


def test_a_share_is_found_for_its_reader_only_until_it_is_withdrawn(write_entry, leader, member, facilitator):
    entry = write_entry(leader.user)
    share = journal_entry_share(entry=entry, reader=member.user, organisation=leader.organisation)

    assert access.share_for_reader(member.user, share.pk) == share
    for someone in (leader, facilitator):
        with pytest.raises(JournalShare.DoesNotExist):
            access.share_for_reader(someone.user, share.pk)

    journal_share_withdraw(entry=entry)

    with pytest.raises(JournalShare.DoesNotExist):
        access.share_for_reader(member.user, share.pk)
