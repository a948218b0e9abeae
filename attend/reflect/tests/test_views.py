"""Reflect pages through the role clients: writing, warnings, autosave, search, deleting, exports and templates."""

import datetime
import io
import json
import re

import docx
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from attend.core.models import AuditEvent
from attend.reflect.models import JournalEntry, JournalShare
from attend.reflect.selectors import organisation_templates
from attend.reflect.services import journal_entry_share, journal_entry_update
from attend.reflect.tests.support import text
from attend.reflect.views import PAGE_SIZE

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NHS_NUMBER = "943 476 5919"  # passes the modulus 11 check


def edit_url(entry) -> str:
    return reverse("reflect:edit", args=[entry.pk])


def start(client, template: str, **query) -> JournalEntry:
    url = reverse("reflect:new")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    response = client.post(url, {"template": template})
    assert response.status_code == 302
    return JournalEntry.objects.get(pk=response.url.rstrip("/").split("/")[-2])


def fresh(entry) -> JournalEntry:
    return JournalEntry.objects.get(pk=entry.pk)


def prompt_labels(response) -> list[str]:
    """The labels of the answer boxes on the editor, in order."""
    return re.findall(r'<label class="nhsuk-label[^"]*" for="id_answer_[^"]+">\s*(.*?)\s*</label>', text(response))


def titles_listed(response) -> list[str]:
    """The entry titles on the journal page, in order."""
    return re.findall(r'<h2 class="nhsuk-heading-s[^"]*"><a href="[^"]+">([^<]+)</a>', text(response))


# Starting an entry


def test_the_new_page_offers_every_built_in_way_to_reflect(leader_client):
    page = text(leader_client.get(reverse("reflect:new")))

    for name in (
        "Free writing",
        "What? So what? Now what?",
        "Gibbs' reflective cycle",
        "NMC reflective account",
        "Learning from a mistake",
    ):
        assert name in page


def test_choosing_a_template_starts_a_draft_with_its_prompts(leader_client, leader):
    entry = start(leader_client, "gibbs")

    assert entry.author == leader.user
    assert entry.is_draft
    assert entry.template_key == "gibbs"
    page = leader_client.get(edit_url(entry))
    assert page.status_code == 200
    assert prompt_labels(page) == ["Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"]
    assert "Gibbs' reflective cycle" in text(page)
    assert "What is on your mind?" not in text(page)  # the free-writing prompt belongs to another template


def test_not_choosing_a_template_answers_422(leader_client, leader):
    response = leader_client.post(reverse("reflect:new"), {"template": ""})

    assert response.status_code == 422
    assert "Choose a way to reflect" in text(response)
    assert not leader.user.journal_entries.exists()


def test_a_feeling_from_the_practice_check_in_starts_the_entry(leader_client):
    page = text(leader_client.get(reverse("reflect:new"), {"feeling": "Calm"}))
    assert "how you feel now: <strong>calm</strong>" in page

    entry = start(leader_client, "free", feeling="Calm")

    assert entry.content["emotions"] == [{"moment": "now", "word": "calm", "family": "Calm", "intensity": None}]
    assert "You chose: calm" in text(leader_client.get(edit_url(entry)))


def test_a_feeling_outside_the_list_is_ignored(leader_client):
    assert "how you feel now" not in text(leader_client.get(reverse("reflect:new"), {"feeling": "<b>smug</b>"}))

    entry = start(leader_client, "free", feeling="smug")

    assert entry.content["emotions"] == []


# Writing and saving


def a_free_entry(**fields) -> dict:
    return {"title": "A quiet shift", "answer_entry": "Nothing much happened.", "action": "save"} | fields


def test_saving_turns_the_draft_into_an_entry(leader_client):
    entry = start(leader_client, "free")

    response = leader_client.post(
        edit_url(entry),
        a_free_entry(
            event_date="2026-03-02",
            tags="handover,  Handover, teamwork",
            feeling_then="tense",
            intensity_then="3",
            feeling_now="hopeful",
        ),
    )

    assert response.status_code == 302
    assert response.url == reverse("reflect:entry", args=[entry.pk])
    saved = fresh(entry)
    assert not saved.is_draft
    assert saved.event_date == datetime.date(2026, 3, 2)
    assert saved.content["title"] == "A quiet shift"
    assert saved.content["answers"] == {"entry": {"text": "Nothing much happened.", "choices": []}}
    assert saved.content["tags"] == ["handover", "teamwork"]
    assert [(item["moment"], item["word"], item["intensity"]) for item in saved.content["emotions"]] == [
        ("then", "tense", 3),
        ("now", "hopeful", None),
    ]
    page = text(leader_client.get(response.url))
    assert "A quiet shift" in page
    assert "How you felt at the time: tense (very)" in page


def test_choices_and_their_own_words_are_kept(leader_client):
    entry = start(leader_client, "nmc-reflective-account")

    leader_client.post(
        edit_url(entry),
        {
            "action": "save",
            "title": "Student feedback",
            "choices_code": ["Prioritise people", "Preserve safety"],
            "answer_code": "It kept people safe.",
        },
    )

    assert fresh(entry).content["answers"]["code"] == {
        "text": "It kept people safe.",
        "choices": ["Prioritise people", "Preserve safety"],
    }


def test_saving_without_a_title_answers_422(leader_client):
    entry = start(leader_client, "free")

    response = leader_client.post(edit_url(entry), a_free_entry(title="  "))

    assert response.status_code == 422
    assert "Give your reflection a title" in text(response)
    assert fresh(entry).is_draft


def test_an_invalid_date_answers_422(leader_client):
    entry = start(leader_client, "free")

    response = leader_client.post(edit_url(entry), a_free_entry(event_date="2026-02-30"))

    assert response.status_code == 422
    assert "Enter a real date" in text(response)
    assert fresh(entry).content["title"] == ""


def test_saving_as_a_draft_keeps_it_a_draft(leader_client):
    entry = start(leader_client, "free")

    response = leader_client.post(edit_url(entry), a_free_entry(action="draft", title=""))

    assert response.status_code == 302
    assert response.url == edit_url(entry)
    draft = fresh(entry)
    assert draft.is_draft
    assert draft.content["answers"]["entry"]["text"] == "Nothing much happened."


def test_identifying_text_is_warned_about_never_blocked(leader_client):
    entry = start(leader_client, "free")
    words = f"Saw the patient with NHS number {NHS_NUMBER} on the ward."

    warned = leader_client.post(edit_url(entry), a_free_entry(answer_entry=words))

    assert warned.status_code == 200
    page = text(warned)
    assert "Check this does not identify anyone" in page
    assert f"an NHS number: “{NHS_NUMBER}”" in page
    assert 'value="save-anyway"' in page  # "Save anyway" sits beside the warning
    kept = fresh(entry)
    assert kept.is_draft  # not saved as finished yet...
    assert kept.content["answers"]["entry"]["text"] == words  # ...but nothing written is lost

    confirmed = leader_client.post(edit_url(entry), a_free_entry(answer_entry=words, action="save-anyway"))

    assert confirmed.status_code == 302
    saved = fresh(entry)
    assert not saved.is_draft
    assert saved.content["answers"]["entry"]["text"] == words


def test_saving_again_checks_again_and_warns_about_anything_new(leader_client):
    entry = start(leader_client, "free")
    leader_client.post(edit_url(entry), a_free_entry(answer_entry=f"NHS number {NHS_NUMBER}"))

    response = leader_client.post(edit_url(entry), a_free_entry(answer_entry="Emailed jo.bloggs@example.org"))

    assert response.status_code == 200
    assert "an email address" in text(response)
    assert fresh(entry).is_draft


def test_an_identifying_title_is_warned_about_too(leader_client):
    entry = start(leader_client, "free")

    response = leader_client.post(edit_url(entry), a_free_entry(title="Call 07700 900123 back"))

    assert response.status_code == 200
    assert "a phone number" in text(response)


def test_a_number_that_fails_the_nhs_check_digit_is_not_warned_about(leader_client):
    entry = start(leader_client, "free")

    response = leader_client.post(edit_url(entry), a_free_entry(answer_entry="Ticket 943 476 5918 was closed."))

    assert response.status_code == 302
    assert not fresh(entry).is_draft


# Autosave


def autosave(client, entry, data):
    return client.post(reverse("reflect:autosave", args=[entry.pk]), data, headers={"HX-Request": "true"})


def test_autosave_keeps_a_draft_and_says_when(leader_client):
    entry = start(leader_client, "free")

    with time_machine.travel(datetime.datetime(2026, 7, 1, 13, 5, tzinfo=datetime.UTC), tick=False):
        response = autosave(leader_client, entry, {"title": "Half a thought", "answer_entry": "Still thinking"})

    assert response.status_code == 200
    fragment = text(response)
    assert "Draft saved at 14:05" in fragment  # London time
    assert "<html" not in fragment
    assert "Check this does not identify anyone" not in fragment
    draft = fresh(entry)
    assert draft.is_draft
    assert draft.content["title"] == "Half a thought"
    assert draft.content["answers"]["entry"]["text"] == "Still thinking"


def test_autosave_warns_about_identifying_text(leader_client):
    entry = start(leader_client, "free")

    response = autosave(leader_client, entry, {"answer_entry": f"NHS {NHS_NUMBER}"})

    assert response.status_code == 200
    assert "Check this does not identify anyone" in text(response)
    assert "an NHS number" in text(response)
    assert fresh(entry).content["answers"]["entry"]["text"] == f"NHS {NHS_NUMBER}"


def test_autosave_of_a_saved_entry_says_changes_saved_and_keeps_it_saved(leader_client, leader, write_entry):
    entry = write_entry(leader.user, title="Finished", texts=("Done",))

    response = autosave(leader_client, entry, {"title": "Finished, edited", "answer_entry": "Done and edited"})

    assert "Changes saved at" in text(response)
    assert not fresh(entry).is_draft
    assert fresh(entry).content["title"] == "Finished, edited"


def test_autosave_of_something_invalid_saves_nothing_and_says_so(leader_client):
    entry = start(leader_client, "free")

    response = autosave(leader_client, entry, {"title": "Kept out", "event_date": "not a date"})

    assert response.status_code == 422
    assert "could not be saved automatically" in text(response)
    assert fresh(entry).content["title"] == ""


# Search


@pytest.fixture
def searchable(leader, write_entry, other_leader):
    """Entries for the leader to search; the other leader's entry says the same words and must never be found."""
    write_entry(
        leader.user,
        title="Night handover",
        texts=("The night HANDOVER ran late.",),
        tags=("handover", "nights"),
        feelings=(("then", "anxious"),),
        event_date=datetime.date(2026, 3, 2),
    )
    write_entry(
        leader.user,
        title="Morning huddle",
        template="what-so-what-now-what",
        texts=("A handover at the morning huddle.",),
        tags=("teamwork",),
        feelings=(("now", "calm"),),
        event_date=datetime.date(2026, 4, 20),
    )
    write_entry(
        leader.user,
        title="Gibbs on a complaint",
        template="gibbs",
        texts=("A family complaint.", "Worried at night."),
        tags=("complaints",),
        event_date=datetime.date(2026, 5, 11),
    )
    write_entry(other_leader.user, title="Someone else's night handover", texts=("night handover",), tags=("nights",))


def search(client, **query):
    return client.post(reverse("reflect:index"), query)


def test_search_by_words_is_case_insensitive_and_needs_every_word(leader_client, searchable):
    assert sorted(titles_listed(search(leader_client, words="Handover"))) == ["Morning huddle", "Night handover"]
    assert titles_listed(search(leader_client, words="handover NIGHT")) == ["Night handover"]
    assert titles_listed(search(leader_client, words="complaint worried")) == ["Gibbs on a complaint"]
    no_match = search(leader_client, words="handover complaint")
    assert titles_listed(no_match) == []
    assert "No reflections match your search." in text(no_match)


def test_search_matches_titles_and_tags_as_well_as_answers(leader_client, searchable):
    assert titles_listed(search(leader_client, words="huddle")) == ["Morning huddle"]
    assert titles_listed(search(leader_client, words="teamwork")) == ["Morning huddle"]


def test_search_by_tag_template_and_feeling(leader_client, searchable):
    assert titles_listed(search(leader_client, tag="nights")) == ["Night handover"]
    assert titles_listed(search(leader_client, template="gibbs")) == ["Gibbs on a complaint"]
    assert titles_listed(search(leader_client, emotion="calm")) == ["Morning huddle"]
    assert titles_listed(search(leader_client, emotion="anxious", words="late")) == ["Night handover"]


def test_search_by_the_date_of_the_event(leader_client, searchable):
    april = search(leader_client, date_from="2026-03-03", date_to="2026-05-11")

    assert sorted(titles_listed(april)) == ["Gibbs on a complaint", "Morning huddle"]
    assert titles_listed(search(leader_client, date_to="2026-03-02")) == ["Night handover"]


def test_search_by_date_uses_the_written_date_when_there_is_no_event_date(leader, leader_client, write_entry):
    for day, title in ((1, "Written on the first"), (15, "Written mid month"), (28, "Written at the end")):
        with time_machine.travel(datetime.datetime(2026, 2, day, 23, 30, tzinfo=datetime.UTC), tick=False):
            write_entry(leader.user, title=title)

    # 23:30 UTC on 15 February is still 15 February in London (GMT).
    assert titles_listed(search(leader_client, date_from="2026-02-10", date_to="2026-02-15")) == ["Written mid month"]


def test_a_date_range_that_ends_before_it_starts_answers_422(leader_client, searchable):
    response = search(leader_client, date_from="2026-05-01", date_to="2026-04-01")

    assert response.status_code == 422
    assert "The end date must be on or after the start date" in text(response)


def test_a_tag_the_person_never_used_answers_422(leader_client, searchable):
    assert search(leader_client, tag="not-a-tag-of-mine").status_code == 422


def test_search_never_finds_someone_elses_entries(other_leader_client, searchable):
    assert titles_listed(search(other_leader_client, words="handover")) == ["Someone else's night handover"]


# The journal page


def test_the_journal_lists_drafts_and_entries_newest_first(leader_client, leader, write_entry):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        write_entry(leader.user, title="Older entry")
    with time_machine.travel(datetime.datetime(2026, 1, 6, 9, 0, tzinfo=datetime.UTC), tick=False):
        draft = write_entry(leader.user, title="Newer draft", draft=True)

    response = leader_client.get(reverse("reflect:index"))

    assert titles_listed(response) == ["Newer draft", "Older entry"]
    assert f'href="{edit_url(draft)}">Newer draft' in text(response)  # a draft opens in the editor


@pytest.fixture
def many_entries(leader, write_entry):
    """45 entries written a minute apart: 'Entry 01' is the oldest."""
    moment = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False) as traveller:
        for number in range(1, 46):
            write_entry(leader.user, title=f"Entry {number:02d}", tags=("odd",) if number % 2 else ("even",))
            traveller.shift(datetime.timedelta(minutes=1))


def page_link(response, rel: str) -> str:
    match = re.search(rf'<a class="nhsuk-pagination__link[^"]*" href="([^"]+)" rel="{rel}"', response.content.decode())
    assert match, f"no {rel} link"
    return match.group(1).replace("&amp;", "&")


def test_the_journal_shows_twenty_entries_a_page(leader_client, many_entries):
    first = leader_client.get(reverse("reflect:index"))
    second = leader_client.get(reverse("reflect:index"), {"page": 2})
    third = leader_client.get(reverse("reflect:index"), {"page": 3})

    assert PAGE_SIZE == 20
    assert titles_listed(first) == [f"Entry {n:02d}" for n in range(45, 25, -1)]
    assert titles_listed(second) == [f"Entry {n:02d}" for n in range(25, 5, -1)]
    assert titles_listed(third) == [f"Entry {n:02d}" for n in range(5, 0, -1)]


def test_the_pagination_links_go_to_the_next_and_previous_pages(leader_client, many_entries):
    second = leader_client.get(reverse("reflect:index"), {"page": 2})

    following = leader_client.get(reverse("reflect:index") + page_link(second, "next"))
    previous = leader_client.get(reverse("reflect:index") + page_link(second, "prev"))

    assert titles_listed(following)[0] == "Entry 05"
    assert titles_listed(previous)[0] == "Entry 45"


def page_button(response, name: str) -> tuple[str, str]:
    """The form a search's page button submits, and the page number it sends."""
    match = re.search(rf"<button ([^>]*)>\s*{name}\s*</button>", response.content.decode())
    assert match, f"no {name} button"
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))
    assert attributes["name"] == "page"
    return attributes["form"], attributes["value"]


def test_pagination_keeps_the_search(leader_client, many_entries):
    first = search(leader_client, tag="odd")  # 23 entries

    form_id, page_number = page_button(first, "Next page")
    assert f'<form method="post" action="{reverse("reflect:index")}" id="{form_id}"' in first.content.decode()
    following = search(leader_client, tag="odd", page=page_number)

    assert titles_listed(first) == [f"Entry {n:02d}" for n in range(45, 5, -2)]
    assert titles_listed(following) == ["Entry 05", "Entry 03", "Entry 01"]
    assert page_button(following, "Previous page") == (form_id, "1")


# Issue 14: search words travelled in the query string (GET /reflect/?words=...), so the access log, the
# browser's history and any Referer kept what a person looked for in their private journal.


def test_the_search_form_posts_its_words(leader_client, searchable):
    form = re.search(r"<form [^>]*>", text(leader_client.get(reverse("reflect:index")))).group(0)

    assert 'method="post"' in form


def test_no_link_on_a_search_page_carries_the_search(leader_client, many_entries):
    response = search(leader_client, words="Entry", tag="odd", date_from="2026-01-01")

    links = re.findall(r'(?:href|action)="([^"]*)"', response.content.decode())
    assert links
    for link in links:
        assert "words" not in link and "Entry" not in link and "odd" not in link and "date_from" not in link, link


def test_words_in_a_url_search_nothing(leader_client, searchable):
    response = leader_client.get(reverse("reflect:index"), {"words": "complaint"})

    assert response.status_code == 200
    assert "Matching reflections" not in text(response)
    assert len(titles_listed(response)) == 3  # every entry of theirs


def test_a_search_needs_the_csrf_token(leader, searchable):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader.user)

    assert client.post(reverse("reflect:index"), {"words": "handover"}).status_code == 403


# Deleting


def test_deleting_asks_first(leader_client, leader, write_entry):
    entry = write_entry(leader.user, title="Maybe delete")

    response = leader_client.get(reverse("reflect:delete", args=[entry.pk]))

    assert response.status_code == 200
    assert "“Maybe delete” will be deleted for good" in text(response)
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_deletes_the_entry_and_its_shares(leader_client, leader, member, write_entry):
    entry = write_entry(leader.user, title="Delete me")
    keep = write_entry(leader.user, title="Keep me")
    journal_entry_share(entry=entry, reader=member.user, organisation=leader.organisation)
    journal_entry_share(entry=keep, reader=member.user, organisation=leader.organisation)

    response = leader_client.post(reverse("reflect:delete", args=[entry.pk]))

    assert response.status_code == 302
    assert response.url == reverse("reflect:index")
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()
    assert list(JournalShare.objects.values_list("entry_id", flat=True)) == [keep.pk]
    assert titles_listed(leader_client.get(reverse("reflect:index"))) == ["Keep me"]


# Exports


@pytest.fixture
def exportable(leader, member, write_entry):
    in_range = write_entry(
        leader.user,
        title="Learning from a complaint",
        template="nmc-reflective-account",
        texts=("A family raised a concern about discharge.", "Check who to keep informed."),
        event_date=datetime.date(2026, 3, 10),
    )
    write_entry(leader.user, title="Before the range", event_date=datetime.date(2026, 2, 27))
    write_entry(leader.user, title="After the range", event_date=datetime.date(2026, 4, 1))
    write_entry(leader.user, title="Draft in the range", event_date=datetime.date(2026, 3, 15), draft=True)
    theirs = write_entry(member.user, title="The member's own thoughts", texts=("Private to the member",))
    journal_entry_share(entry=theirs, reader=leader.user, organisation=leader.organisation)
    return in_range


def docx_text(response) -> str:
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*cells, *(paragraph.text for paragraph in document.paragraphs)])


def exports_recorded(leader) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORTED, actor=leader.user))


def assert_recorded_without_content(leader, *secrets: str):
    [event] = exports_recorded(leader)
    assert event.organisation == leader.organisation
    recorded = f"{event.target_description} {json.dumps(event.details)}".casefold()
    for secret in secrets:
        assert secret.casefold() not in recorded


def test_an_entry_as_a_printable_reflective_account(leader_client, exportable):
    response = leader_client.get(reverse("reflect:account", args=[exportable.pk]))

    assert response.status_code == 200
    page = text(response)
    assert "Reflective account: Learning from a complaint" in page
    assert "A family raised a concern about discharge." in page
    assert "Lee Leader" in page


def test_an_entry_as_a_word_document(leader, leader_client, exportable):
    response = leader_client.get(reverse("reflect:account_docx", args=[exportable.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert re.fullmatch(
        r'attachment; filename="reflective-account-\d{4}-\d{2}-\d{2}\.docx"', response["Content-Disposition"]
    )
    words = docx_text(response)
    assert "Learning from a complaint" in words
    assert "A family raised a concern about discharge." in words
    assert_recorded_without_content(leader, "Learning from a complaint", "discharge")


def test_a_date_range_as_printable_accounts_has_only_saved_entries_in_the_range(leader, leader_client, exportable):
    response = leader_client.get(
        reverse("reflect:export"), {"date_from": "2026-02-28", "date_to": "2026-03-31", "format": "page"}
    )

    assert response.status_code == 200
    page = text(response)
    assert "Reflective account: Learning from a complaint" in page
    for absent in ("Before the range", "After the range", "Draft in the range", "The member's own thoughts"):
        assert absent not in page


def test_a_date_range_as_a_word_document(leader, leader_client, exportable):
    response = leader_client.get(
        reverse("reflect:export"), {"date_from": "2026-02-28", "date_to": "2026-03-31", "format": "docx"}
    )

    assert response["Content-Type"] == DOCX
    assert 'filename="reflective-accounts-2026-02-28-to-2026-03-31.docx"' in response["Content-Disposition"]
    words = docx_text(response)
    assert "Learning from a complaint" in words
    for absent in ("Before the range", "After the range", "Draft in the range", "The member's own thoughts"):
        assert absent not in words
    assert_recorded_without_content(leader, "Learning from a complaint", "discharge")


def test_a_date_range_with_no_entries_says_so(leader_client, exportable):
    response = leader_client.get(reverse("reflect:export"), {"date_from": "2025-01-01", "date_to": "2025-01-31"})

    assert response.status_code == 200
    assert "There are no saved entries in these dates." in text(response)


def test_an_invalid_date_range_answers_422(leader_client, exportable):
    response = leader_client.get(reverse("reflect:export"), {"date_from": "2026-03-31", "date_to": "2026-03-01"})

    assert response.status_code == 422
    assert "The end date must be on or after the start date" in text(response)
    assert "Export your reflections" in text(response)


def test_the_export_page_counts_the_persons_own_entries(leader_client, exportable):
    assert "Your 4 entries" in text(leader_client.get(reverse("reflect:export")))


def test_the_whole_journal_as_markdown(leader, leader_client, exportable):
    response = leader_client.get(reverse("reflect:export_everything", args=["md"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith('.md"')
    markdown = response.content.decode()
    for title in ("Learning from a complaint", "Before the range", "After the range", "Draft in the range"):
        assert title in markdown
    assert "The member's own thoughts" not in markdown  # shared with the leader, but not the leader's to export
    assert_recorded_without_content(leader, "Learning from a complaint", "discharge")


def test_the_whole_journal_as_json(leader, leader_client, exportable):
    response = leader_client.get(reverse("reflect:export_everything", args=["json"]))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["format"] == "attend-journal"
    titles = sorted(entry["title"] for entry in data["entries"])
    assert titles == ["After the range", "Before the range", "Draft in the range", "Learning from a complaint"]
    assert "Private to the member" not in response.content.decode()
    assert_recorded_without_content(leader, "Learning from a complaint", "discharge")


def test_an_unknown_export_format_is_not_found(leader, leader_client, exportable):
    assert leader_client.get(reverse("reflect:export_everything", args=["pdf"])).status_code == 404
    assert exports_recorded(leader) == []


def test_exports_only_ever_hold_the_persons_own_entries(member_client, exportable):
    data = json.loads(member_client.get(reverse("reflect:export_everything", args=["json"])).content)

    assert [entry["title"] for entry in data["entries"]] == ["The member's own thoughts"]


# Organisation templates


TEMPLATE_FORM = {
    "name": "After a debrief",
    "summary": "After a team debrief.",
    "prompts": "What happened? | Just the facts.\n\nWhat will you try next?\n",
}


def test_a_facilitator_adds_a_template_that_colleagues_can_use(facilitator_client, member_client, member, organisation):
    response = facilitator_client.post(reverse("reflect:organisation_templates"), TEMPLATE_FORM)

    assert response.status_code == 302
    [template] = organisation_templates(organisation)
    assert [(prompt.label, prompt.hint) for prompt in template.prompts] == [
        ("What happened?", "Just the facts."),
        ("What will you try next?", ""),
    ]
    assert "After a debrief" in text(facilitator_client.get(reverse("reflect:organisation_templates")))
    assert "After a debrief" in text(member_client.get(reverse("reflect:new")))

    entry = start(member_client, template.key)

    assert entry.author == member.user
    page = text(member_client.get(edit_url(entry)))
    assert "What happened?" in page
    assert "Just the facts." in page
    assert "After a debrief" in page


def test_an_organisation_admin_can_add_a_template_too(org_admin_client, organisation):
    assert org_admin_client.post(reverse("reflect:organisation_templates"), TEMPLATE_FORM).status_code == 302
    assert len(organisation_templates(organisation)) == 1


def test_another_organisation_never_sees_the_template(facilitator_client, other_leader_client, organisation):
    facilitator_client.post(reverse("reflect:organisation_templates"), TEMPLATE_FORM)
    [template] = organisation_templates(organisation)

    assert "After a debrief" not in text(other_leader_client.get(reverse("reflect:new")))
    refused = other_leader_client.post(reverse("reflect:new"), {"template": template.key})
    assert refused.status_code == 422
    assert not JournalEntry.objects.exists()


def test_a_template_name_already_used_answers_422(facilitator_client, organisation):
    facilitator_client.post(reverse("reflect:organisation_templates"), TEMPLATE_FORM)

    response = facilitator_client.post(
        reverse("reflect:organisation_templates"), TEMPLATE_FORM | {"name": "after a DEBRIEF"}
    )

    assert response.status_code == 422
    assert "Your organisation already has a template with this name" in text(response)
    assert len(organisation_templates(organisation)) == 1


def test_a_template_needs_a_name_and_questions(facilitator_client, organisation):
    response = facilitator_client.post(reverse("reflect:organisation_templates"), {"name": "", "prompts": "| a hint"})

    assert response.status_code == 422
    page = text(response)
    assert "Enter a name for the template" in page
    assert "Line 1 has a hint but no question" in page
    assert organisation_templates(organisation) == []


@pytest.mark.parametrize("role", ["member", "leader"])
def test_people_who_do_not_run_the_programme_cannot_open_the_templates_page(request, role, organisation):
    client = request.getfixturevalue(f"{role}_client")

    assert client.get(reverse("reflect:organisation_templates")).status_code == 403
    assert client.post(reverse("reflect:organisation_templates"), TEMPLATE_FORM).status_code == 403
    assert organisation_templates(organisation) == []


def test_a_search_with_a_mistake_lists_nothing_and_says_what_to_fix(leader_client, leader, write_entry):
    write_entry(leader.user, title="Still here")

    response = search(leader_client, date_from="2026-05-02", date_to="2026-05-01")

    assert response.status_code == 422
    assert "The end date must be on or after the start date" in text(response)
    assert "Still here" not in text(response)


def test_the_author_is_no_longer_told_they_share_with_someone_who_has_left(leader_client, leader, member, write_entry):
    entry = write_entry(leader.user, title="Shared then left")
    journal_entry_share(entry=entry, reader=member.user, organisation=leader.organisation)
    assert "You are sharing this entry with Mo Member" in text(
        leader_client.get(reverse("reflect:entry", args=[entry.pk]))
    )

    member.is_active = False
    member.save()

    assert "You are sharing this entry with" not in text(leader_client.get(reverse("reflect:entry", args=[entry.pk])))


def test_reflections_are_listed_newest_event_first_whenever_they_were_written(leader_client, leader, write_entry):
    today = datetime.date.today()
    write_entry(leader.user, title="Last month", event_date=today - datetime.timedelta(days=30))
    write_entry(leader.user, title="Written today, no date")
    write_entry(leader.user, title="Last week", event_date=today - datetime.timedelta(days=7))

    page = text(leader_client.get(reverse("reflect:index")))

    positions = [page.index(title) for title in ("Written today, no date", "Last week", "Last month")]
    assert positions == sorted(positions)


def test_an_autosave_that_read_the_entry_before_it_was_saved_does_not_make_it_a_draft_again(leader, write_entry):
    entry = write_entry(leader.user, title="Nearly done", draft=True)
    stale = JournalEntry.objects.get(pk=entry.pk)  # an autosave request loaded it while still a draft
    journal_entry_update(entry=entry, title="Done", event_date=None, answers={}, feelings=[], tags=[], finish=True)

    journal_entry_update(entry=stale, title="Done", event_date=None, answers={}, feelings=[], tags=[], finish=False)

    assert not fresh(entry).is_draft


def test_the_tag_list_follows_every_change_without_decrypting_the_journal(
    leader_client, leader, searchable, monkeypatch
):
    """Issue 21: the journal's index decrypted every entry to list its tags. The list is kept (encrypted) as
    entries change; opening the index reads it without decrypting a single entry."""
    from attend.core import crypto
    from attend.reflect import selectors, services

    entries = {entry.content["title"]: entry for entry in JournalEntry.objects.filter(author=leader.user)}
    assert selectors.tags_of(leader.user) == ["complaints", "handover", "nights", "teamwork"]

    night = entries["Night handover"]
    services.journal_entry_update(
        entry=night,
        title="Night handover",
        event_date=None,
        answers={},
        feelings=[],
        tags=["handover", "rota"],
        finish=True,
    )
    services.journal_entry_delete(entry=entries["Gibbs on a complaint"])
    assert selectors.tags_of(leader.user) == ["handover", "rota", "teamwork"]  # "nights" and "complaints" went

    JournalEntry.objects.bulk_create(
        [JournalEntry(author=leader.user, template_key="free", is_draft=False) for _ in range(PAGE_SIZE * 3)]
    )
    decrypted = []
    real = crypto.EncryptedJSONField.from_db_value
    monkeypatch.setattr(
        crypto.EncryptedJSONField,
        "from_db_value",
        lambda field, *args: decrypted.append(field.model.__name__) or real(field, *args),
    )
    response = leader_client.get(reverse("reflect:index"))

    assert '<option value="rota">' in response.content.decode()
    assert decrypted.count("JournalEntry") <= PAGE_SIZE  # the page's entries, not the journal's
