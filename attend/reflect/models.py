"""Journal entries: private to their author, encrypted at rest.

Only what must be filtered in the database stays in clear: which template, the event's date, whether it
is a draft. Title, answers, emotions and tags live in one encrypted value (see docs/adr/0006).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from attend.core.crypto import EncryptedJSONField
from attend.core.models import BaseModel


def empty_content() -> dict:
    return {"title": "", "answers": {}, "emotions": [], "tags": [], "prompts": []}


class JournalEntryQuerySet(models.QuerySet):
    def saved(self):
        return self.filter(is_draft=False)

    def drafts(self):
        return self.filter(is_draft=True)


class JournalEntry(BaseModel):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries")
    template_key = models.CharField(max_length=80)
    event_date = models.DateField(null=True, blank=True)
    is_draft = models.BooleanField(default=True)
    content = EncryptedJSONField(default=empty_content)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        # Newest first by the day it happened; an entry with no event date counts from the day it was written.
        ordering = [Coalesce("event_date", TruncDate("created_at")).desc(), "-created_at"]
        indexes = [models.Index(fields=["author", "-created_at"])]
        verbose_name_plural = "journal entries"

    def __str__(self):
        # Deliberately says nothing of the content: this can end up in logs.
        return f"Journal entry {self.pk}"

    @property
    def title(self) -> str:
        return self.content.get("title", "")


class JournalTags(BaseModel):
    """Every tag an author has used, for the search form's list of tags: encrypted like the entries it comes
    from, so opening the journal reads this one row instead of decrypting every entry (issue 21, ADR 0006).
    Kept by the services whenever an entry's tags change or an entry goes."""

    author = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_tags")
    tags = EncryptedJSONField(default=list)

    def __str__(self):
        return f"Journal tags {self.pk}"  # never the tags: this can end up in logs


class OrganisationTemplate(BaseModel):
    """A reflection template an organisation adds to the built-in ones. Holds prompts, never anyone's writing."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="reflection_templates"
    )
    key = models.SlugField(max_length=80)
    definition = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="unique_template_key")]

    def __str__(self):
        return self.definition.get("name", self.key)


class JournalShareQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class JournalShare(BaseModel):
    """One entry shown read-only to one colleague, for a reflective discussion, until the author withdraws it."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="shares")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_shares")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = JournalShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=models.Q(withdrawn_at__isnull=True), name="one_active_share_per_entry"
            )
        ]

    def __str__(self):
        return f"Share of {self.entry_id}"

    def withdraw(self):
        self.withdrawn_at = timezone.now()
        self.save(update_fields=["withdrawn_at", "updated_at"])
