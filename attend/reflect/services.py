"""Journal writes. Only the author writes their entries; views reach an entry through `access` first."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.validators import TextChecks
from attend.nudges.services import notification_create, notifications_withdraw
from attend.reflect.content import ReflectionTemplate, family_of, template_from_dict
from attend.reflect.identifiers import Finding, find_identifiers
from attend.reflect.models import JournalEntry, JournalShare, JournalTags

# The longest each piece may be, as its form says (an entry is kept encrypted, so no column says it).
TITLE_LENGTH = 150
ANSWER_LENGTH = 20_000
TAG_LENGTH = 40
TEMPLATE_NAME_LENGTH = 80
TEMPLATE_SUMMARY_LENGTH = 200
PROMPT_LENGTH = 200


@dataclass(frozen=True)
class FeelingChoice:
    moment: str  # "then" or "now"
    word: str
    intensity: int | None = None


def _prompt_snapshot(template: ReflectionTemplate) -> list[dict]:
    # The entry keeps its prompts, so it reads the same even if an organisation later edits its template.
    return [
        {
            "key": prompt.key,
            "label": prompt.label,
            "hint": prompt.hint,
            "kind": prompt.kind,
            "choices": list(prompt.choices),
            "also_text": prompt.also_text,
        }
        for prompt in template.prompts
    ]


def journal_entry_start(*, author, template: ReflectionTemplate, feeling: FeelingChoice | None = None) -> JournalEntry:
    """A new draft from a template, optionally with a feeling already chosen (for example after a practice)."""
    content = {"title": "", "answers": {}, "emotions": [], "tags": [], "prompts": _prompt_snapshot(template)}
    if feeling:
        content["emotions"] = _emotions([feeling])
    return author.journal_entries.create(template_key=template.key, content=content)


def _emotions(feelings: list[FeelingChoice]) -> list[dict]:
    emotions = []
    for feeling in feelings:
        family = family_of(feeling.word)
        emotions.append(
            {
                "moment": feeling.moment,
                "word": feeling.word,
                "family": family.name if family else "",
                "intensity": feeling.intensity,
            }
        )
    return emotions


def clean_tags(text: str) -> list[str]:
    seen, tags = set(), []
    for raw in text.split(","):
        tag = " ".join(raw.split())[:40]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags[:20]


def journal_entry_update(
    *,
    entry: JournalEntry,
    title: str,
    event_date: datetime.date | None,
    answers: dict[str, dict],
    feelings: list[FeelingChoice],
    tags: list[str],
    finish: bool,
) -> JournalEntry:
    """Save what the author wrote. `finish` turns a draft into a saved entry; autosave leaves it as it is."""
    checks = TextChecks()
    title = checks.text(title.strip(), field="title", max_length=TITLE_LENGTH)
    answers = {
        key: {
            **answer,
            "text": checks.text(
                answer.get("text", ""),
                field=f"answer_{key}",
                label="Your answer",
                max_length=ANSWER_LENGTH,
                multiline=True,
            ),
        }
        for key, answer in answers.items()
    }
    tags = [checks.text(tag, field="tags", label="A tag", max_length=TAG_LENGTH) for tag in tags]
    checks.raise_any()
    content = dict(entry.content)
    tags_before = content.get("tags", [])
    content.update(title=title, answers=answers, emotions=_emotions(feelings), tags=tags)
    entry.content = content
    entry.event_date = event_date
    fields = ["content", "event_date", "updated_at"]
    if finish:
        entry.is_draft = False
        fields.append("is_draft")
    # Without `finish`, is_draft is left alone in the database: an autosave that read the entry before a
    # save finished it must not turn it back into a draft.
    entry.save(update_fields=fields)
    if tags != tags_before:
        journal_tags_keep(author=entry.author, added=tags, removed=tags_before)
    return entry


def journal_tags_keep(*, author, added: list[str] = (), removed: list[str] = ()) -> None:
    """Keep the author's tag list (JournalTags) true. A new tag is added to it; a tag no longer on this entry
    may still be on another, so then the list is made again from every entry (a write, so rare, not a read)."""
    kept, _ = JournalTags.objects.get_or_create(author=author)
    known = {tag.casefold() for tag in kept.tags}
    gone = {tag.casefold() for tag in removed} - {tag.casefold() for tag in added}
    if gone:
        kept.tags = _all_tags(author)
    elif any(tag.casefold() not in known for tag in added):
        kept.tags = [*kept.tags, *(tag for tag in added if tag.casefold() not in known)]
    else:
        return
    kept.save(update_fields=["tags", "updated_at"])


def _all_tags(author) -> list[str]:
    seen: dict[str, str] = {}
    for content in JournalEntry.objects.filter(author=author).values_list("content", flat=True).iterator():
        for tag in content.get("tags", []):
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def entry_findings(entry: JournalEntry) -> list[Finding]:
    """What in the entry looks like it could identify a patient or colleague. A warning, never a block."""
    content = entry.content
    texts = [content.get("title", "")] + [answer.get("text", "") for answer in content.get("answers", {}).values()]
    return [finding for text in texts for finding in find_identifiers(text)]


def journal_entry_delete(*, entry: JournalEntry) -> None:
    """Deleting deletes: the row goes, and with it every share. Nothing is kept (its tags leave the tag list)."""
    tags = entry.content.get("tags", [])
    entry.delete()
    if tags:
        journal_tags_keep(author=entry.author, removed=tags)


class ShareError(ValueError):
    pass


@transaction.atomic
def journal_entry_share(*, entry: JournalEntry, reader, organisation) -> JournalShare:
    if reader.pk == entry.author_id:
        raise ShareError("You cannot share an entry with yourself")
    if not organisation.memberships.active().filter(user=reader).exists():
        raise ShareError(f"You can only share with a colleague at {organisation.name}")
    if entry.is_draft:
        raise ShareError("Save the entry before you share it")
    _withdraw_shares(entry)
    share = entry.shares.create(reader=reader)
    # Only who and where: never the entry's title or words.
    notification_create(
        person=reader,
        organisation=organisation,
        kind="reflection_shared",
        title=f"{entry.author.name} shared a reflection with you",
        link=reverse("reflect:shared_entry", args=[share.pk]),
        dedupe_key=f"reflection-shared:{share.pk}",
    )
    return share


def _withdraw_shares(entry: JournalEntry) -> None:
    for share in entry.shares.active():
        share.withdraw()
        notifications_withdraw(dedupe_key=f"reflection-shared:{share.pk}")


def journal_share_withdraw(*, entry: JournalEntry) -> None:
    _withdraw_shares(entry)


def journal_exported(*, user, organisation, what: str) -> None:
    """An export leaves Attend, so it is recorded (the fact, never the content)."""
    audit_event_record(actor=user, organisation=organisation, action=AuditEvent.Action.DATA_EXPORTED, target=what)


class TemplateNameTaken(ValueError):
    pass


def organisation_template_create(*, organisation, by, name: str, summary: str, prompts: list[tuple[str, str]]):
    checks = TextChecks()
    name = checks.text(name.strip(), field="name", max_length=TEMPLATE_NAME_LENGTH)
    summary = checks.text(summary.strip(), field="summary", max_length=TEMPLATE_SUMMARY_LENGTH)
    prompts = [
        (
            checks.text(label, field="prompts", label="A question", max_length=PROMPT_LENGTH),
            checks.text(hint, field="prompts", label="A hint", max_length=PROMPT_LENGTH),
        )
        for label, hint in prompts
    ]
    checks.raise_any()
    key = slugify(name)[:40] or "template"
    if organisation.reflection_templates.filter(key=key).exists():
        raise TemplateNameTaken(name)
    definition = {
        "key": f"{organisation.slug[:30]}-{key}",
        "name": name,
        "summary": summary,
        "description": f"Added by {organisation.name}",
        "prompts": [
            {"key": f"prompt-{index}", "label": label, "hint": hint, "kind": "text"}
            for index, (label, hint) in enumerate(prompts, start=1)
        ],
    }
    template_from_dict(definition)  # raises TemplateError for anything the loader would not accept
    return organisation.reflection_templates.create(key=key, definition=definition, created_by=by)
