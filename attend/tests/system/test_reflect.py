"""Given a person with a private journal, when they write, search, export and share reflections,
then their words are kept, identifying details are flagged, and only the people they choose can read an entry."""

import docx
import pytest
from playwright.sync_api import Page, expect

from attend.reflect.content import built_in_template
from attend.reflect.services import FeelingChoice, journal_entry_start, journal_entry_update
from attend.tests.system.conftest import check_page, sign_in, tab_to, visit_checked

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

NHS_NUMBER = "943 476 5919"
# Autosave waits for a pause in typing (4 seconds) before it sends anything.
AUTOSAVE_TIMEOUT = 15_000


def start_a_reflection(page: Page, template_name: str) -> None:
    page.get_by_role("button", name="Write a reflection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a reflection")
    check_page(page)
    page.get_by_role("radio", name=template_name).check()
    page.get_by_role("button", name="Start writing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reflection")
    check_page(page)


def feeling_question(page: Page, question: str):
    """The feeling picker for one question: a group holding the words, by family, and how strongly."""
    return page.get_by_role("group", name=question, exact=True)


def saved_entry(author, *, title: str, description: str) -> str:
    entry = journal_entry_start(author=author, template=built_in_template("gibbs"))
    journal_entry_update(
        entry=entry,
        title=title,
        event_date=None,
        answers={"description": {"text": description, "choices": []}},
        feelings=[FeelingChoice(moment="then", word="nervous", intensity=2)],
        tags=[],
        finish=True,
    )
    return str(entry.pk)


def test_a_leader_writes_a_gibbs_reflection_is_warned_about_an_nhs_number_and_finds_and_exports_it(page, leader):
    # Given a leader on Today
    sign_in(page, leader.user.email)
    check_page(page)

    # When they follow the Reflect panel and start a Gibbs' reflective cycle entry
    page.get_by_role("main").get_by_role("link", name="Reflect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflect")
    check_page(page)
    start_a_reflection(page, "Gibbs' reflective cycle")
    expect(page.get_by_text("Gibbs' reflective cycle", exact=True)).to_be_visible()

    # And they give it a title, say how they felt at the time, and describe what happened with an NHS number in it
    page.get_by_label("Title").fill("A hard handover")
    then = feeling_question(page, "How did you feel at the time?")
    then.get_by_text("Choose a word (optional)").click()
    then.get_by_role("group", name="Anxious or afraid").get_by_role("radio", name="nervous", exact=True).check()
    then.get_by_role("group", name="How strongly?").get_by_role("radio", name="Quite").check()
    description = page.get_by_role("textbox", name="Description")
    description.fill(f"The handover for {NHS_NUMBER} was rushed and the medication chart was missing.")
    page.get_by_role("textbox", name="Evaluation").fill("The charge nurse helped me find the chart quickly.")
    check_page(page)
    page.get_by_role("button", name="Save reflection").click()

    # Then they are warned that the text may identify someone, and told their words are kept as a draft
    warning = page.locator(".nhsuk-card--warning").filter(has_text="Check this does not identify anyone")
    expect(warning).to_contain_text(f"an NHS number: “{NHS_NUMBER}”")
    expect(warning).to_contain_text("Your words have been kept as a draft")
    expect(description).to_have_value(f"The handover for {NHS_NUMBER} was rushed and the medication chart was missing.")
    check_page(page)

    # When they take the number out and save
    description.fill("The handover was rushed and the medication chart was missing.")
    page.get_by_role("button", name="Save reflection").click()

    # Then the entry shows its title, each stage of the cycle and the feeling
    expect(page.get_by_role("heading", level=1)).to_have_text("A hard handover")
    expect(page.get_by_role("alert")).to_contain_text("Your reflection is saved. Only you can read it")
    main = page.get_by_role("main")
    for stage in ("Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"):
        expect(main.get_by_role("heading", name=stage, exact=True)).to_be_visible()
    expect(main).to_contain_text("The handover was rushed and the medication chart was missing.")
    expect(main).not_to_contain_text(NHS_NUMBER)
    expect(main.get_by_role("heading", name="Emotion check-in")).to_be_visible()
    expect(main.get_by_role("listitem").filter(has_text="nervous")).to_have_text(
        "How you felt at the time: nervous (quite)"
    )
    check_page(page)
    entry_url = page.url

    # When they search their reflections by a word from the text
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reflect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflect")
    check_page(page)
    page.get_by_text("Search your reflections").click()
    page.get_by_label("Words").fill("medication")
    page.get_by_role("button", name="Search").click()

    # Then they find it
    expect(page.get_by_role("heading", level=2, name="Matching reflections")).to_be_visible()
    expect(page.get_by_role("link", name="A hard handover")).to_be_visible()
    check_page(page)

    # And they find it by the feeling, but not by one they did not choose
    page.get_by_label("Words").fill("")
    page.get_by_label("Feeling").select_option("nervous")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="A hard handover")).to_be_visible()
    check_page(page)
    page.get_by_label("Feeling").select_option("calm")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No reflections match your search.")).to_be_visible()
    check_page(page)

    # When they open the entry from the list and then its printable reflective account
    page.get_by_role("link", name="Clear search").click()
    expect(page.get_by_role("heading", level=2, name="Your reflections")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="A hard handover").click()
    expect(page).to_have_url(entry_url)
    check_page(page)
    page.get_by_role("button", name="Reflective account").click()

    # Then it shows the title
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflective account: A hard handover")
    check_page(page)

    # And the Word document they download holds the title too
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("A hard handover")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a Word document").click()
    assert download.value.suggested_filename.endswith(".docx")
    document = docx.Document(download.value.path())
    facts = {row.cells[0].text: row.cells[1].text for table in document.tables for row in table.rows}
    assert facts["Title"] == "A hard handover"
    assert "The handover was rushed and the medication chart was missing." in [p.text for p in document.paragraphs]


def test_the_editor_saves_a_draft_while_you_type_and_warns_about_identifying_details(page, leader):
    # Given a leader writing a new reflection
    sign_in(page, leader.user.email)
    visit_checked(page, "/reflect/")
    start_a_reflection(page, "Gibbs' reflective cycle")
    status = page.locator("#autosave-status")

    # When they type a title and stop, pressing no button
    page.get_by_label("Title").fill("Night shift")

    # Then the status area says the draft is saved
    expect(status).to_contain_text("Draft saved at", timeout=AUTOSAVE_TIMEOUT)
    expect(status).not_to_contain_text("Check this does not identify anyone")
    check_page(page)

    # When they type an email address and an NHS number
    page.get_by_role("textbox", name="Description").fill(f"I emailed sam.jones@example.test about {NHS_NUMBER}.")

    # Then the status area warns about both
    warning = status.locator(".nhsuk-card--warning")
    expect(warning).to_contain_text("Check this does not identify anyone", timeout=AUTOSAVE_TIMEOUT)
    expect(warning).to_contain_text("an email address: “sam.jones@example.test”")
    expect(warning).to_contain_text(f"an NHS number: “{NHS_NUMBER}”")
    check_page(page)


def test_a_leader_shares_an_entry_with_a_colleague_and_then_stops_sharing(page, new_page, leader, member):
    # Given a leader with a saved entry
    entry_id = saved_entry(leader.user, title="A hard handover", description="The handover was rushed.")
    sign_in(page, leader.user.email)
    visit_checked(page, f"/reflect/{entry_id}/")

    # When they share it with a colleague by email
    page.get_by_role("link", name="Share with a colleague for a reflective discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share this entry")
    check_page(page)
    page.get_by_label("Your colleague's work email address").fill("member@example.test")
    page.get_by_role("button", name="Share entry").click()

    # Then the entry says who can read it
    expect(page.get_by_role("alert")).to_contain_text("Mo Member can now read this entry")
    expect(page.get_by_text("You are sharing this entry with Mo Member")).to_be_visible()
    check_page(page)

    # When the colleague signs in and opens the entries shared with them
    colleague = new_page()
    sign_in(colleague, member.user.email)
    visit_checked(colleague, "/reflect/")
    colleague.get_by_role("link", name="Entries colleagues have shared with you").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Shared with you")
    check_page(colleague)
    colleague.get_by_role("link", name="A hard handover").click()

    # Then they can read it, but not change it
    expect(colleague.get_by_role("heading", level=1)).to_have_text("A hard handover")
    expect(colleague.get_by_text("Shared by Lee Leader")).to_be_visible()
    expect(colleague.get_by_role("main")).to_contain_text("The handover was rushed.")
    expect(colleague.get_by_role("link", name="Edit")).to_have_count(0)
    expect(colleague.get_by_role("button", name="Edit")).to_have_count(0)
    check_page(colleague)
    shared_url = colleague.url

    # When the leader stops sharing
    page.get_by_role("button", name="Stop sharing").click()
    expect(page.get_by_role("alert")).to_contain_text("You have stopped sharing this entry")
    check_page(page)

    # Then the colleague's link no longer opens the entry, and their list is empty
    colleague.goto(shared_url)
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(colleague.get_by_role("main")).not_to_contain_text("The handover was rushed.")
    check_page(colleague)
    visit_checked(colleague, "/reflect/shared/")
    expect(colleague.get_by_text("No one has shared an entry with you.")).to_be_visible()


def test_a_reflection_is_written_and_saved_by_keyboard_alone(page, leader):
    # Given a leader on the Write a reflection page, using only a keyboard
    sign_in(page, leader.user.email)
    visit_checked(page, "/reflect/new/")

    # When they choose a template with the arrow keys and start writing with Enter
    templates = page.get_by_role("radio")
    tab_to(page, templates.first)
    page.keyboard.press("Space")
    gibbs = page.get_by_role("radio", name="Gibbs' reflective cycle")
    for _ in range(templates.count()):
        if gibbs.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(gibbs).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Start writing"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reflection")
    check_page(page)

    # And they type a title, open the feeling picker, and choose a word and how strongly with the arrow keys
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Keyboard only")
    then = feeling_question(page, "How did you feel at the time?")
    tab_to(page, then.locator("summary"))
    page.keyboard.press("Enter")
    tab_to(page, then.get_by_role("radio", name="No feeling chosen"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(then.get_by_role("radio", name="peaceful")).to_be_checked()
    strength = then.get_by_role("group", name="How strongly?")
    page.keyboard.press("Tab")
    expect(strength.get_by_role("radio", name="A little")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(strength.get_by_role("radio", name="Quite")).to_be_checked()
    check_page(page)

    # And they go back with Shift+Tab to check the word, then save with Enter
    page.keyboard.press("Shift+Tab")
    expect(then.get_by_role("radio", name="peaceful")).to_be_focused()
    tab_to(page, page.get_by_role("button", name="Save reflection"))
    page.keyboard.press("Enter")

    # Then the entry is saved with its feeling
    expect(page.get_by_role("heading", level=1)).to_have_text("Keyboard only")
    expect(page.get_by_role("alert")).to_contain_text("Your reflection is saved")
    expect(page.get_by_role("main")).to_contain_text("How you felt at the time: peaceful (quite)")
    check_page(page)


def test_search_words_never_appear_in_any_address_the_browser_asks_for(page, leader):
    # Given a leader with 25 reflections that mention a ward by name, and 3 that do not
    for number in range(1, 26):
        saved_entry(leader.user, title=f"Round {number:02d}", description="A hard shift on Larkspur ward.")
    for number in range(1, 4):
        saved_entry(leader.user, title=f"Other {number}", description="A quiet day.")
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, leader.user.email)

    # When they search for the ward, and page through the results and back
    page.goto("/reflect/")
    check_page(page)
    page.get_by_text("Search your reflections").click()
    page.get_by_label("Words").fill("Larkspur")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name="Matching reflections")).to_be_visible()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    check_page(page)
    second_page = page.get_by_role("main").get_by_role("link", name="Round").all_inner_texts()
    page.get_by_role("button", name="Previous page").click()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    check_page(page)
    # ...and open a result (its Referer is the page they came from)
    page.get_by_role("link", name="Round 25").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Round 25")
    check_page(page)

    # Then the search found every matching entry, 20 to a page
    assert sorted(second_page) == [f"Round {n:02d}" for n in range(1, 6)]
    assert page.get_by_role("main").get_by_text("Larkspur").count() > 0
    # And no address the browser asked for (so no access log line, history entry or Referer) holds the words
    assert any(url.endswith("/reflect/") for url in requested)
    assert [url for url in requested if "larkspur" in url.lower() or "words=" in url] == []
    history = page.evaluate("() => [location.href, document.referrer]")
    assert not any("larkspur" in url.lower() for url in history)
