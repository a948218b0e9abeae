"""What a journal entry looks like on a page, in an export, or in a shared view."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import counted, long_date
from attend.core.presenters import TodayPanel
from attend.reflect import selectors
from attend.reflect.content import INTENSITIES

MOMENTS = {"then": "How you felt at the time", "now": "How you feel now"}


@dataclass(frozen=True)
class Section:
    heading: str
    text: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feeling:
    moment: str  # a MOMENTS label
    word: str
    family: str
    intensity: str  # "" when not given


@dataclass(frozen=True)
class EntryView:
    id: str
    title: str
    template_key: str
    template_name: str
    event_date: datetime.date | None
    written_at: datetime.datetime
    is_draft: bool
    sections: tuple[Section, ...]
    feelings: tuple[Feeling, ...] = ()
    tags: tuple[str, ...] = ()
    shared_with: str = ""

    @property
    def href(self) -> str:
        # Worked out when a page links to the entry, not for each entry of an export (a reverse() costs ~0.1 ms).
        return reverse("reflect:entry", args=[self.id])

    @property
    def display_title(self) -> str:
        return self.title or "Untitled reflection"

    @property
    def date_label(self) -> str:
        day = self.event_date or timezone.localtime(self.written_at).date()
        return long_date(day)


def intensity_label(value) -> str:
    return dict(INTENSITIES).get(value, "") if value else ""


def entry_view(entry, *, template_name: str, shared_with: str = "") -> EntryView:
    content = entry.content
    answers = content.get("answers", {})
    sections = []
    for prompt in content.get("prompts", []):
        answer = answers.get(prompt["key"], {})
        sections.append(
            Section(heading=prompt["label"], text=answer.get("text", ""), choices=tuple(answer.get("choices", [])))
        )
    feelings = tuple(
        Feeling(
            moment=MOMENTS.get(item.get("moment"), ""),
            word=item["word"],
            family=item.get("family", ""),
            intensity=intensity_label(item.get("intensity")),
        )
        for item in content.get("emotions", [])
    )
    return EntryView(
        id=str(entry.pk),
        title=content.get("title", ""),
        template_key=entry.template_key,
        template_name=template_name,
        event_date=entry.event_date,
        written_at=entry.created_at,
        is_draft=entry.is_draft,
        sections=tuple(sections),
        feelings=feelings,
        tags=tuple(content.get("tags", [])),
        shared_with=shared_with,
    )


def today_panels(request) -> list[TodayPanel]:
    drafts = selectors.draft_count(request.user)
    if drafts:
        description = f"You have {counted(drafts, 'unfinished draft')}, whenever you are ready."
    else:
        description = "A few minutes of writing can help you make sense of your day. Only you can read it."
    return [TodayPanel(heading="Reflect", description=description, href=reverse("reflect:index"))]
