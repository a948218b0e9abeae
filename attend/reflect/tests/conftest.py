"""Fixtures for the Reflect tests: entries written through the services, and a superuser."""

import datetime

import pytest

from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in
from attend.reflect.content import built_in_template
from attend.reflect.models import JournalEntry
from attend.reflect.services import FeelingChoice, journal_entry_start, journal_entry_update


@pytest.fixture
def write_entry(db):
    """Write an entry as `author` through the services, as the editor would.

    `texts` answers the template's prompts in order; `feelings` are (moment, word) pairs; `draft=True` leaves it
    unfinished.
    """

    def write(
        author,
        *,
        title: str = "A reflection",
        texts: tuple[str, ...] = (),
        template: str = "free",
        tags: tuple[str, ...] = (),
        feelings: tuple[tuple[str, str], ...] = (),
        event_date: datetime.date | None = None,
        draft: bool = False,
    ) -> JournalEntry:
        chosen = built_in_template(template)
        entry = journal_entry_start(author=author, template=chosen)
        prompts = chosen.prompts[: len(texts)]
        answers = {prompt.key: {"text": answer, "choices": []} for prompt, answer in zip(prompts, texts, strict=True)}
        return journal_entry_update(
            entry=entry,
            title=title,
            event_date=event_date,
            answers=answers,
            feelings=[FeelingChoice(moment=moment, word=word) for moment, word in feelings],
            tags=list(tags),
            finish=not draft,
        )

    return write


@pytest.fixture
def superuser(team):
    """Someone who runs the installation, with a place in the same organisation as the author."""
    membership = person_in(team.organisation, team=team, role=Role.MEMBER, email="root@example.test", name="Sam Super")
    membership.user.is_staff = membership.user.is_superuser = True
    membership.user.save()
    return membership


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser.user)
    return client
