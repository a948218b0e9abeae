"""Reads of a journal: a person's own entries and what is shared with them, the templates, search.

Lists only. One entry or share by its id is `access`'s to find, and the rules of who may read a share live
there too; anything else is a 404, whoever is asking (organisation admins and facilitators included).
"""

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone

from attend.reflect import access
from attend.reflect.content import ReflectionTemplate, TemplateError, built_in_templates, template_from_dict
from attend.reflect.models import JournalEntry, JournalShare, JournalTags

logger = logging.getLogger(__name__)


def entries_of(user):
    """The author's own entries, newest first by the day each happened (or was written)."""
    return user.journal_entries.all()


def draft_count(user) -> int:
    return user.journal_entries.drafts().count()


def shares_for_reader(user):
    return access.readable_shares(user).order_by("-created_at")


def readers_of(entries) -> dict:
    """For each of these entries that is shared now, the reader's name."""
    shares = access.between_colleagues(JournalShare.objects.filter(entry__in=[entry.pk for entry in entries]))
    shares = shares.select_related("reader")
    return {share.entry_id: share.reader.name for share in shares}


def organisation_templates(organisation) -> list[ReflectionTemplate]:
    """The organisation's own templates. The service checks each one; a row saved before a check it now fails
    is left out (and logged), so one bad template never takes the journal down for the whole organisation."""
    templates = []
    for row in organisation.reflection_templates.all():
        try:
            templates.append(template_from_dict(row.definition))
        except TemplateError as error:
            logger.warning("Reflection template %s left out: %s", row.pk, error)
    return templates


def templates_for(organisation) -> list[ReflectionTemplate]:
    """Built-in templates, then the organisation's own."""
    return list(built_in_templates()) + (organisation_templates(organisation) if organisation else [])


def template_named(organisation, key: str):
    return next((template for template in templates_for(organisation) if template.key == key), None)


@dataclass(frozen=True)
class EntrySearch:
    words: str = ""
    tag: str = ""
    template_key: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    emotion: str = ""

    @property
    def is_empty(self) -> bool:
        return not any([self.words, self.tag, self.template_key, self.date_from, self.date_to, self.emotion])


def _entry_date(entry) -> datetime.date:
    return entry.event_date or timezone.localtime(entry.created_at).date()


def _searchable_text(content: dict) -> str:
    parts = [content.get("title", "")]
    for answer in content.get("answers", {}).values():
        parts.append(answer.get("text", ""))
        parts.extend(answer.get("choices", []))
    parts.extend(content.get("tags", []))
    return " ".join(parts).casefold()


def _matches(entry, search: EntrySearch) -> bool:
    content = entry.content
    if search.tag and search.tag.casefold() not in {tag.casefold() for tag in content.get("tags", [])}:
        return False
    if search.emotion:
        felt = {item["word"].casefold() for item in content.get("emotions", [])}
        if search.emotion.casefold() not in felt:
            return False
    if search.words:
        text = _searchable_text(content)
        return all(word in text for word in search.words.casefold().split())
    return True


def search_entries(user, search: EntrySearch) -> list[JournalEntry]:
    """The author's entries that match. Text is encrypted, so words, tags and feelings are matched after
    decrypting, in memory, one person's entries at a time: there is no plaintext index to leak."""
    entries = entries_of(user)
    if search.template_key:
        entries = entries.filter(template_key=search.template_key)
    matching = [entry for entry in entries if _matches(entry, search)]
    if search.date_from:
        matching = [entry for entry in matching if _entry_date(entry) >= search.date_from]
    if search.date_to:
        matching = [entry for entry in matching if _entry_date(entry) <= search.date_to]
    return matching


def tags_of(user) -> list[str]:
    """Every tag the user has used: one encrypted row (JournalTags), not a decryption of every entry."""
    kept = JournalTags.objects.filter(author=user).values_list("tags", flat=True).first()
    return sorted(set(kept or []), key=str.casefold)


def entries_between(user, date_from, date_to) -> list[JournalEntry]:
    return search_entries(user, EntrySearch(date_from=date_from, date_to=date_to))


def colleague_by_email(organisation, email: str):
    """An active colleague in the same organisation, or None."""
    membership = organisation.memberships.active().select_related("user").filter(user__email__iexact=email).first()
    return membership.user if membership else None


def saved_count_between(user, start: datetime.datetime, end: datetime.datetime) -> int:
    """How many entries `user` saved between two moments: a number only, for their own CPD record (Programme).
    Nothing of any entry leaves Reflect this way."""
    return user.journal_entries.saved().filter(created_at__gte=start, created_at__lt=end).count()
