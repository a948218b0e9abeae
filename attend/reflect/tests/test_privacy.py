"""Private by design: only the author reads an entry, and the database holds none of it in plain text."""

import datetime
import json
import re
import uuid

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from attend.core.models import AuditEvent
from attend.organisations.models import Role
from attend.organisations.tests.factories import MembershipFactory, OrganisationFactory, person_in
from attend.reflect.models import JournalEntry, JournalShare
from attend.reflect.services import journal_entry_update
from attend.reflect.tests.support import raw_content, text

ENTRY_URLS = {
    # URL name: the methods its view answers (any other method is refused with 405 before the entry is looked up)
    "reflect:entry": {"get"},
    "reflect:edit": {"get", "post"},
    "reflect:autosave": {"post"},
    "reflect:delete": {"get", "post"},
    "reflect:share": {"get", "post"},
    "reflect:share_withdraw": {"post"},
    "reflect:account": {"get"},
    "reflect:account_docx": {"get"},
}
INTRUDERS = ["member", "facilitator", "org_admin", "other_leader", "superuser"]
SECRET_TITLE = "Night shift on Larkspur ward"


def posted_by(intruder) -> dict:
    """What an intruder would send to overwrite, share or delete the entry."""
    return {
        "action": "save-anyway",
        "title": "Overwritten by someone else",
        "answer_entry": "Overwritten text",
        "tags": "overwritten",
        "email": intruder.user.email,
    }


@pytest.fixture
def leaders_entry(journal, leader):
    """The leader's saved entry (shared with the member by the `journal` fixture), with something in it."""
    entry = leader.user.journal_entries.get(pk=journal["entry_id"])
    return journal_entry_update(
        entry=entry,
        title=SECRET_TITLE,
        event_date=datetime.date(2026, 3, 2),
        answers={"entry": {"text": "I felt out of my depth at the start.", "choices": []}},
        feelings=[],
        tags=["nights"],
        finish=True,
    )


def snapshot(entry) -> dict:
    """Everything about the entry that an intruder must not be able to change."""
    fresh = JournalEntry.objects.get(pk=entry.pk)
    return {
        "content": fresh.content,
        "ciphertext": raw_content(fresh),
        "is_draft": fresh.is_draft,
        "updated_at": fresh.updated_at,
        "shares": list(JournalShare.objects.values_list("entry_id", "reader_id", "withdrawn_at")),
        "audit events": AuditEvent.objects.count(),
    }


# Nobody but the author reaches an entry


@pytest.mark.parametrize("name", sorted(ENTRY_URLS))
@pytest.mark.parametrize("role", INTRUDERS)
def test_nobody_else_can_read_or_change_an_entry(request, leaders_entry, name, role):
    intruder = request.getfixturevalue(role)
    client = request.getfixturevalue(f"{role}_client")
    before = snapshot(leaders_entry)
    url = reverse(name, args=[leaders_entry.pk])
    missing_url = reverse(name, args=[uuid.uuid4()])

    for method in ("get", "post"):
        send = getattr(client, method)
        response = send(url, posted_by(intruder) if method == "post" else None)
        expected = 404 if method in ENTRY_URLS[name] else 405
        assert response.status_code == expected, f"{role} {method.upper()} {name}"
        # The answer is the one for an entry that does not exist: nothing tells an entry is there.
        assert send(missing_url, posted_by(intruder) if method == "post" else None).status_code == expected
        assert SECRET_TITLE not in text(response)

    assert snapshot(leaders_entry) == before
    assert JournalEntry.objects.filter(pk=leaders_entry.pk).exists()


@pytest.mark.parametrize("name", sorted(ENTRY_URLS))
def test_the_author_reaches_every_entry_url(leader_client, leaders_entry, name):
    method = "get" if "get" in ENTRY_URLS[name] else "post"

    response = getattr(leader_client, method)(reverse(name, args=[leaders_entry.pk]))

    assert response.status_code in (200, 302), name


def test_an_entry_is_not_listed_or_searched_for_anyone_else(leaders_entry, facilitator_client, member_client):
    for client in (facilitator_client, member_client):
        assert SECRET_TITLE not in text(client.get(reverse("reflect:index")))
        assert SECRET_TITLE not in text(client.post(reverse("reflect:index"), {"words": "Larkspur"}))


def test_the_django_admin_has_no_journal_model():
    registered = {model._meta.label for model in admin.site._registry}

    assert "core.AuditEvent" in registered  # the registry is loaded, so an absence means something
    assert {label for label in registered if label.startswith("reflect.")} == set()


# Sharing for a reflective discussion


def test_a_share_is_readable_by_its_reader_only(request, journal, leaders_entry, member_client, leader_client):
    url = reverse("reflect:shared_entry", args=[journal["share_id"]])

    reader_view = member_client.get(url)
    assert reader_view.status_code == 200
    assert SECRET_TITLE in text(reader_view)
    assert "out of my depth" in text(reader_view)
    assert SECRET_TITLE in text(member_client.get(reverse("reflect:shared_with_me")))
    assert leader_client.get(url).status_code == 404  # the author reads it at its own address
    for role in ("facilitator", "org_admin", "other_leader", "superuser"):
        response = request.getfixturevalue(f"{role}_client").get(url)
        assert response.status_code == 404, role
        assert SECRET_TITLE not in text(
            request.getfixturevalue(f"{role}_client").get(reverse("reflect:shared_with_me"))
        )


def test_a_withdrawn_share_is_gone_for_the_reader(journal, leaders_entry, leader_client, member_client):
    response = leader_client.post(reverse("reflect:share_withdraw", args=[leaders_entry.pk]))

    assert response.status_code == 302
    assert member_client.get(reverse("reflect:shared_entry", args=[journal["share_id"]])).status_code == 404
    assert SECRET_TITLE not in text(member_client.get(reverse("reflect:shared_with_me")))
    assert JournalShare.objects.active().count() == 0


def test_a_share_ends_when_its_reader_leaves_the_organisation(journal, leaders_entry, member, member_client):
    member.is_active, member.deactivated_at = False, timezone.now()
    member.save()

    assert member_client.get(reverse("reflect:shared_entry", args=[journal["share_id"]])).status_code == 404
    assert SECRET_TITLE not in text(member_client.get(reverse("reflect:shared_with_me")))


def test_a_share_ends_when_its_author_leaves_the_organisation(journal, leaders_entry, leader, member_client):
    leader.is_active, leader.deactivated_at = False, timezone.now()
    leader.save()

    assert member_client.get(reverse("reflect:shared_entry", args=[journal["share_id"]])).status_code == 404
    assert SECRET_TITLE not in text(member_client.get(reverse("reflect:shared_with_me")))


def test_a_share_stays_readable_while_both_are_colleagues_somewhere(journal, leaders_entry, leader, member, client):
    """Leaving one organisation does not end a share between people who still work together in another."""
    elsewhere = OrganisationFactory()
    MembershipFactory(organisation=elsewhere, user=leader.user)
    MembershipFactory(organisation=elsewhere, user=member.user)
    member.is_active = False
    member.save()
    client.force_login(member.user)

    assert client.get(reverse("reflect:shared_entry", args=[journal["share_id"]])).status_code == 200
    assert text(client.get(reverse("reflect:shared_with_me"))).count(SECRET_TITLE) == 1


def test_the_author_shares_with_a_named_colleague_who_can_then_read_it(
    leader_client, leader, team, write_entry, client
):
    entry = write_entry(leader.user, title="Talking about the rota")
    colleague = person_in(
        team.organisation, team=team, role=Role.MEMBER, email="cal@example.test", name="Cal Colleague"
    )

    response = leader_client.post(reverse("reflect:share", args=[entry.pk]), {"email": "CAL@example.test"})

    assert response.status_code == 302
    share = entry.shares.active().get()
    assert share.reader == colleague.user
    client.force_login(colleague.user)
    assert "Talking about the rota" in text(client.get(reverse("reflect:shared_entry", args=[share.pk])))
    assert "Cal Colleague" in text(leader_client.get(reverse("reflect:entry", args=[entry.pk])))


def test_sharing_again_moves_the_share_to_the_new_colleague(journal, leaders_entry, leader_client, team, client):
    colleague = person_in(team.organisation, team=team, role=Role.MEMBER, email="cal@example.test")

    leader_client.post(reverse("reflect:share", args=[leaders_entry.pk]), {"email": "cal@example.test"})

    assert [share.reader for share in leaders_entry.shares.active()] == [colleague.user]
    client.force_login(JournalShare.objects.get(pk=journal["share_id"]).reader)
    assert client.get(reverse("reflect:shared_entry", args=[journal["share_id"]])).status_code == 404


EMAIL_ERROR = re.compile(r'<span class="nhsuk-error-message" id="id_email-error">\s*<span[^>]*>Error: </span>([^<]+)')


def refused_share(leader_client, entry, email: str) -> str:
    """Share and expect a refusal: 422, nothing shared, and the error on the email field. Returns the error."""
    response = leader_client.post(reverse("reflect:share", args=[entry.pk]), {"email": email})
    assert response.status_code == 422
    assert entry.shares.count() == 0
    page = text(response)
    assert "There is a problem" in page
    [error] = EMAIL_ERROR.findall(page)
    return error.strip()


NOT_A_COLLEAGUE = "No one at Northgate Community Care has this email address in Attend"


def test_sharing_refuses_someone_outside_the_organisation(leader_client, leader, other_leader, write_entry):
    entry = write_entry(leader.user, title="Not for elsewhere")

    assert refused_share(leader_client, entry, other_leader.user.email) == NOT_A_COLLEAGUE


def test_sharing_refuses_a_deactivated_colleague(leader_client, leader, team, write_entry):
    entry = write_entry(leader.user, title="Not for leavers")
    leaver = person_in(team.organisation, team=team, role=Role.MEMBER, email="gone@example.test")
    leaver.is_active, leaver.deactivated_at = False, timezone.now()
    leaver.save()

    assert refused_share(leader_client, entry, "gone@example.test") == NOT_A_COLLEAGUE


def test_sharing_refuses_the_author_themselves_and_a_draft(leader_client, leader, member, write_entry):
    saved = write_entry(leader.user, title="Mine")
    draft = write_entry(leader.user, title="Half written", draft=True)

    assert refused_share(leader_client, saved, leader.user.email) == "You cannot share an entry with yourself"
    assert refused_share(leader_client, draft, member.user.email) == "Save the entry before you share it"


def test_sharing_needs_an_email_address(leader_client, leader, write_entry):
    entry = write_entry(leader.user, title="Mine")

    assert refused_share(leader_client, entry, "") == "Enter your colleague's email address"


# Nothing readable in the database


DISTINCTIVE = [
    "Zephyrine",
    "Quillmere",
    "Ostravel",
    "Thimblewick",
    "Marrowfen",
    "Brackenwold",
    "Vellichord",
    "Glimmerdusk",
    "Snorrowby",
    "frazzled",  # a word from the feelings list, chosen through the editor
]


def every_value_in_the_database() -> str:
    """`SELECT *` from every table, as one case-folded text. Works on SQLite and PostgreSQL."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    elif isinstance(value, dict | list):
                        value = json.dumps(value, ensure_ascii=False)
                    chunks.append(str(value))
    return "\n".join(chunks).casefold()


def test_the_raw_database_holds_no_plaintext_of_any_entry(leader, leader_client, member, write_entry):
    # Through the editor, as a person would write it.
    leader_client.post(reverse("reflect:new"), {"template": "gibbs"})
    written = leader.user.journal_entries.get()
    response = leader_client.post(
        reverse("reflect:edit", args=[written.pk]),
        {
            "action": "save",
            "title": "Zephyrine handover at Quillmere",
            "event_date": "2026-03-02",
            "answer_description": "The Ostravel meeting overran.",
            "answer_analysis": "I carried the Thimblewick pressure into the room.",
            "feeling_then": "frazzled",
            "intensity_then": "3",
            "tags": "Marrowfen, handover",
        },
    )
    assert response.status_code == 302
    # Through the services, with feelings from outside the list and a draft.
    write_entry(
        leader.user,
        title="Brackenwold debrief",
        texts=("Vellichord said it went well.",),
        feelings=(("then", "Glimmerdusk"), ("now", "calm")),
        tags=("Snorrowby",),
    )
    write_entry(leader.user, title="Quillmere draft", texts=("Zephyrine again",), draft=True)
    # Shared, exported and searched, so shares, audit events and sessions exist too.
    assert (
        leader_client.post(reverse("reflect:share", args=[written.pk]), {"email": member.user.email}).status_code == 302
    )
    assert leader_client.get(reverse("reflect:account_docx", args=[written.pk])).status_code == 200
    assert leader_client.get(reverse("reflect:export_everything", args=["md"])).status_code == 200
    assert leader_client.get(reverse("reflect:export_everything", args=["json"])).status_code == 200
    date_range = {"date_from": "2026-01-01", "date_to": "2026-12-31", "format": "docx"}
    assert leader_client.get(reverse("reflect:export"), date_range).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORTED).count() == 4

    dump = every_value_in_the_database()
    assert "northgate community care" in dump  # the dump does read what is stored in clear
    decrypted = json.dumps([entry.content for entry in JournalEntry.objects.all()]).casefold()

    for word in DISTINCTIVE:
        assert word.casefold() in decrypted, f"{word} was never written, so its absence proves nothing"
        assert word.casefold() not in dump, f"{word} is readable in the database"
    # Search decrypts in memory, so it still finds the entry by its words.
    found = text(leader_client.post(reverse("reflect:index"), {"words": "zephyrine QUILLMERE"}))
    assert "Zephyrine handover at Quillmere" in found
    assert "Quillmere draft" in found
    assert "Brackenwold debrief" not in found
