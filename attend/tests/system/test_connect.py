"""Given a leader and the people in their team, when they arrange and hold conversations, keep talking points
and wellbeing plans, then each person sees what is theirs and what was shared with them, and nothing else:
not the other's private note, not the plan sections they kept to themselves, and never an admin.
"""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from attend.connect import quarters, services
from attend.connect.models import Conversation, Pairing
from attend.organisations.hooks import team_places_changed
from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in
from attend.tests.system.conftest import check_page, heading, open_from_menu, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PRIVATE_NOTE = "Seemed tired; ask gently about the night shifts."


def banner(page: Page):
    """The success message a form leaves after it redirects."""
    return page.locator(".nhsuk-notification-banner")


def done_button(page: Page, text: str):
    # The visually hidden ": <text>" is absolutely positioned, so Chromium names the button "Done : <text>".
    return page.get_by_role("button", name=re.compile(rf"^Mark as done ?: {re.escape(text)}$"))


def open_connect(page: Page) -> None:
    open_from_menu(page, "Connect")
    expect(heading(page)).to_have_text("Connect")
    check_page(page)


def open_pairing_from_connect(page: Page, name: str) -> None:
    open_connect(page)
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
    expect(heading(page)).to_have_text(f"You and {name}")
    check_page(page)


@pytest.fixture
def paired(team, leader, member):
    """The leader and member were put in the team by factories, not the organisations services: tell the apps
    that build on team places, as those services do, so Connect pairs them (opening Connect never does)."""
    team_places_changed(teams=[team])


def planned_conversation(leader, member, *, days: int = 3) -> Conversation:
    """A wellbeing conversation the leader arranged a few days from now, made through Connect's services."""
    services.pairings_ensure(membership=leader)
    pairing = Pairing.objects.get(leader=leader.user, person=member.user)
    return services.conversation_schedule(
        pairing=pairing,
        kind="wellbeing",
        starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=days),
        minutes=30,
        place="The garden room",
    )


def test_a_leader_arranges_a_wellbeing_conversation_and_holds_it(page, leader, member, paired):
    # Given a leader on Today
    sign_in(page, leader.user.email)
    check_page(page)

    # When they open Connect from the header
    open_connect(page)

    # Then they see their team, with Mo Member on it
    expect(page.get_by_role("heading", name="Your team", level=2)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Mo Member", exact=True)).to_be_visible()

    # When they open Mo Member's page
    page.get_by_role("main").get_by_role("link", name="Mo Member", exact=True).click()
    expect(heading(page)).to_have_text("You and Mo Member")
    expect(page.get_by_text("Nothing arranged yet.")).to_be_visible()
    check_page(page)

    # And arrange a 45-minute health and wellbeing conversation in the garden room a week from today, at 10:00
    page.get_by_role("button", name="Arrange a conversation").click()
    expect(heading(page)).to_have_text("Arrange a conversation with Mo Member")
    check_page(page)
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_role("radio", name="Health and wellbeing conversation").check()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("10:00")
    page.get_by_role("group", name="Length").get_by_role("radio", name="45 minutes").check()
    page.get_by_label("Where (optional)").fill("The garden room")
    check_page(page)
    page.get_by_role("button", name="Arrange", exact=True).click()

    # Then they land on the conversation, told Mo will see it, with when and where it is
    expect(heading(page)).to_have_text("Health and wellbeing conversation")
    expect(banner(page)).to_contain_text("Arranged. Mo Member will see it in Attend.")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"{day:%A} {day.day} {day:%B %Y}, 10:00 (45 minutes)")
    expect(main).to_contain_text("The garden room")
    expect(main).to_contain_text("Planned")
    check_page(page)
    conversation_id = re.search(r"/connect/conversations/([0-9a-f-]+)/", page.url).group(1)

    # And a guide, one step at a time: opening a step shows its prompts
    expect(page.get_by_role("heading", name="A guide")).to_be_visible()
    prompt = page.get_by_text("Put your phone away and give them your full attention.")
    expect(prompt).to_be_hidden()
    page.locator("summary").filter(has_text="Arrive and listen").click()
    expect(prompt).to_be_visible()
    check_page(page)

    # When they download the invitation
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the invitation for your calendar (.ics)").click()

    # Then it is a calendar file naming both of them, with the conversation's own stable UID
    assert download.value.suggested_filename.endswith(".ics")
    # Unfold long lines (RFC 5545 3.1) before reading them
    ics = re.sub(r"\r?\n[ \t]", "", download.value.path().read_text(encoding="utf-8"))
    assert "BEGIN:VCALENDAR" in ics
    assert "SUMMARY:Health and wellbeing conversation: Lee Leader and Mo Member" in ics
    assert f"UID:connect-{conversation_id}@attend" in ics
    assert "LOCATION:The garden room" in ics
    # At 10:00 where the leader is, for 45 minutes
    starts = datetime.datetime.combine(day, datetime.time(10), tzinfo=zoneinfo.ZoneInfo(leader.user.time_zone))
    assert f"DTSTART:{starts.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in ics
    assert f"DTEND:{(starts + datetime.timedelta(minutes=45)).astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in ics

    # When they write the notes they both see, and save them
    page.get_by_label("What you talked about").fill("Sleep after nights, and the new rota.")
    page.get_by_label("What you agreed").fill("Try a later start after night shifts for a month.")
    page.get_by_role("button", name="Save shared notes").click()

    # Then the notes are kept
    expect(banner(page)).to_contain_text("Saved. You both see these notes.")
    expect(page.get_by_label("What you talked about")).to_have_value("Sleep after nights, and the new rota.")
    expect(page.get_by_label("What you agreed")).to_have_value("Try a later start after night shifts for a month.")
    check_page(page)

    # When they write a private note and save it
    page.get_by_label("Your private note").fill(PRIVATE_NOTE)
    page.get_by_role("button", name="Save private note").click()

    # Then it is kept, for them alone
    expect(banner(page)).to_contain_text("Your private note is saved. Only you can see it.")
    expect(page.get_by_label("Your private note")).to_have_value(PRIVATE_NOTE)
    check_page(page)

    # And it can be cancelled, but not marked held before it has happened
    expect(page.get_by_role("button", name="Mark as held")).to_have_count(0)
    expect(page.get_by_role("button", name="Cancel this conversation")).to_be_visible()

    # When the week has passed and they come back to it
    Conversation.objects.filter(pk=conversation_id).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    page.reload()
    check_page(page)

    # And they mark it as held
    page.get_by_role("button", name="Mark as held").click()

    # Then it is held, and can no longer be marked or cancelled
    expect(banner(page)).to_contain_text("Marked as held.")
    expect(main).to_contain_text("Held")
    expect(page.get_by_role("button", name="Mark as held")).to_have_count(0)
    expect(page.get_by_role("button", name="Cancel this conversation")).to_have_count(0)
    check_page(page)
    assert Conversation.objects.get(pk=conversation_id).status == Conversation.Status.HELD


def test_a_member_sees_the_shared_notes_but_never_the_leaders_private_note_and_adds_a_talking_point(
    page, new_page, leader, member
):
    # Given a conversation the leader arranged, with shared notes and a private note of the leader's own
    conversation = planned_conversation(leader, member)
    services.conversation_shared_save(
        conversation=conversation, summary="How the move to Ward 7 is going.", plan="Meet the new team together."
    )
    services.private_note_save(conversation=conversation, author=leader.user, text=PRIVATE_NOTE)

    # When the member signs in
    sign_in(page, member.user.email)
    check_page(page)

    # Then Today tells them, for them, that a conversation has been arranged, and Connect shows the next one
    expect(page.get_by_role("heading", name="For you", level=2)).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("^Lee Leader has arranged a conversation with you: "))
    ).to_be_visible()
    connect_panel = page.get_by_role("main").get_by_role("link", name="Connect", exact=True)
    expect(connect_panel).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Next: with Lee Leader,")

    # When they open Connect, their leader, and the conversation
    open_connect(page)
    expect(page.get_by_role("heading", name="You and your leader")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Lee Leader", exact=True).click()
    expect(heading(page)).to_have_text("You and Lee Leader")
    expect(page.get_by_role("button", name="Arrange a conversation")).to_have_count(0)
    check_page(page)
    page.get_by_role("link", name=re.compile("^Health and wellbeing conversation, ")).click()
    expect(heading(page)).to_have_text("Health and wellbeing conversation")
    check_page(page)

    # Then they see the notes they both share
    expect(page.get_by_label("What you talked about")).to_have_value("How the move to Ward 7 is going.")
    expect(page.get_by_label("What you agreed")).to_have_value("Meet the new team together.")

    # And their own private note is empty: the leader's note is nowhere on the page, not even in its markup
    expect(page.get_by_label("Your private note")).to_have_value("")
    assert PRIVATE_NOTE not in page.content()

    # When they go back to the pairing page and add a talking point
    page.get_by_role("link", name="You and Lee Leader").click()
    expect(heading(page)).to_have_text("You and Lee Leader")
    page.get_by_label("Add a talking point").fill("Training for the new hoist")
    page.get_by_role("button", name="Add talking point").click()

    # Then it is listed, with who added it
    expect(banner(page)).to_contain_text("Talking point added.")
    points = page.get_by_role("main").get_by_role("listitem").filter(has_text="Training for the new hoist")
    expect(points).to_contain_text("(added by Mo Member)")
    check_page(page)

    # When the leader, on their own device, opens their page with Mo
    leader_page = new_page()
    sign_in(leader_page, leader.user.email)
    check_page(leader_page)
    open_pairing_from_connect(leader_page, "Mo Member")

    # Then they see Mo's talking point
    leader_points = leader_page.get_by_role("main").get_by_role("listitem")
    expect(leader_points.filter(has_text="Training for the new hoist")).to_contain_text("(added by Mo Member)")

    # When they mark it done
    done_button(leader_page, "Training for the new hoist").click()

    # Then it is no longer waiting to be talked about, for either of them, but kept among those done
    expect(heading(leader_page)).to_have_text("You and Mo Member")
    expect(done_button(leader_page, "Training for the new hoist")).to_have_count(0)
    expect(leader_page.get_by_text("(added by Mo Member)")).to_have_count(0)
    done = leader_page.get_by_text("Talking points you have marked done")
    expect(done).to_be_visible()
    check_page(leader_page)
    page.reload()
    expect(page.get_by_role("button", name=re.compile(r"^Mark as done ?: Training for the new hoist$"))).to_have_count(
        0
    )
    page.get_by_text("Talking points you have marked done").click()
    expect(page.get_by_role("button", name=re.compile(r"^Not done yet ?: Training for the new hoist$"))).to_be_visible()


def test_a_member_writes_a_wellbeing_plan_and_their_leader_sees_only_what_they_ticked(
    page, new_page, leader, member, paired
):
    # Given a member in Connect
    sign_in(page, member.user.email)
    check_page(page)
    open_connect(page)

    # When they open their wellbeing plan
    page.get_by_role("link", name="Your wellbeing plan").click()
    expect(heading(page)).to_have_text("Your wellbeing plan")
    check_page(page)

    # And write two sections, tick only the first for their leader, and choose a review date over a year away
    page.get_by_role("textbox", name="What keeps me well at work", exact=True).fill("A proper break mid-shift.")
    page.get_by_role("textbox", name="Signs I might be struggling", exact=True).fill("I stop eating lunch.")
    shared = page.get_by_role("group", name="What your leader can see")
    shared.get_by_role("checkbox", name="What keeps me well at work").check()
    today = timezone.localdate()
    page.get_by_label("Review by").fill((today + datetime.timedelta(days=400)).isoformat())
    page.get_by_role("button", name="Save your plan").click()

    # Then they are told to review it within a year, and nothing they wrote is lost
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text("Review your plan at least once a year: choose a date within a year")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("textbox", name="What keeps me well at work", exact=True)).to_have_value(
        "A proper break mid-shift."
    )
    expect(shared.get_by_role("checkbox", name="What keeps me well at work")).to_be_checked()
    expect(shared.get_by_role("checkbox", name="Signs I might be struggling")).not_to_be_checked()
    check_page(page)

    # When they choose a date in six months and save
    page.get_by_label("Review by").fill((today + datetime.timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Save your plan").click()

    # Then the plan is saved as they wrote it
    expect(banner(page)).to_contain_text("Your wellbeing plan is saved.")
    expect(page.get_by_role("textbox", name="Signs I might be struggling", exact=True)).to_have_value(
        "I stop eating lunch."
    )
    expect(shared.get_by_role("checkbox", name="What keeps me well at work")).to_be_checked()
    expect(shared.get_by_role("checkbox", name="Signs I might be struggling")).not_to_be_checked()
    check_page(page)

    # When their leader, on their own device, opens their page with Mo
    leader_page = new_page()
    sign_in(leader_page, leader.user.email)
    check_page(leader_page)
    open_pairing_from_connect(leader_page, "Mo Member")

    # Then they see the section Mo ticked, and not the one Mo kept to themselves
    plan = leader_page.locator("dl").filter(has_text="What keeps me well at work")
    expect(leader_page.get_by_role("heading", name="What Mo Member shares from their wellbeing plan")).to_be_visible()
    expect(plan).to_contain_text("A proper break mid-shift.")
    expect(leader_page.get_by_role("main")).not_to_contain_text("Signs I might be struggling")
    assert "I stop eating lunch." not in leader_page.content()


def test_an_admin_cannot_open_conversations_but_keeps_the_support_list_that_people_see(
    page, new_page, org_admin, leader, member
):
    # Given a conversation between a leader and a member of their team
    conversation = planned_conversation(leader, member)
    services.private_note_save(conversation=conversation, author=leader.user, text=PRIVATE_NOTE)

    # When an organisation admin signs in and types the addresses of the pairing and the conversation
    sign_in(page, org_admin.user.email)
    check_page(page)
    for path in (
        reverse("connect:pairing", args=[conversation.pairing_id]),
        reverse("connect:conversation", args=[conversation.pk]),
        reverse("connect:conversation_ics", args=[conversation.pk]),
    ):
        response = page.goto(path)

        # Then, as far as they can tell, none of them exists
        assert response.status == 404, path
        expect(heading(page)).to_have_text("Page not found")
        expect(page.get_by_role("main")).not_to_contain_text("Mo Member")
        assert PRIVATE_NOTE not in page.content()
        check_page(page)

    # When they open Organisation and the support list
    open_from_menu(page, "Organisation")
    expect(heading(page)).to_have_text("Northgate Community Care")
    check_page(page)
    page.get_by_role("link", name="Where people can find support").click()
    expect(heading(page)).to_have_text("Where people can find support")
    check_page(page)

    # And add a service
    page.get_by_label("Name").fill("Occupational health")
    page.get_by_label("What it offers").fill("Confidential advice about health and work.")
    page.get_by_label("How to reach it").fill("Extension 4321")
    page.get_by_role("button", name="Add", exact=True).click()

    # Then it is on the list
    expect(banner(page)).to_contain_text("Added Occupational health.")
    expect(page.get_by_role("main").get_by_role("listitem").filter(has_text="Occupational health")).to_contain_text(
        "Confidential advice about health and work. Extension 4321"
    )
    check_page(page)

    # When the member opens their wellbeing plan
    member_page = new_page()
    sign_in(member_page, member.user.email)
    check_page(member_page)
    open_connect(member_page)
    member_page.get_by_role("link", name="Your wellbeing plan").click()
    expect(heading(member_page)).to_have_text("Your wellbeing plan")

    # Then they see where they can find support, including the new service
    expect(member_page.get_by_role("heading", name="Where you can find support")).to_be_visible()
    expect(
        member_page.get_by_role("main").get_by_role("listitem").filter(has_text="Occupational health")
    ).to_contain_text("Confidential advice about health and work. Extension 4321")
    check_page(member_page)


def test_each_field_on_the_pairing_page_has_its_own_label(page, leader, member, paired):
    # Given a leader on their page with a member of their team
    sign_in(page, leader.user.email)
    open_pairing_from_connect(page, "Mo Member")

    # Then no two elements share an id
    duplicates = page.evaluate(
        """() => {
          const ids = [...document.querySelectorAll("[id]")].map((element) => element.id);
          return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
        }"""
    )
    assert duplicates == [], f"ids used more than once: {duplicates}"

    # And each text field is named by its own label, and only by it
    main = page.get_by_role("main")
    assert main.get_by_role("textbox", name="Add a talking point", exact=True).count() == 1
    assert main.get_by_role("textbox", name="Action", exact=True).count() == 1


def test_an_overdue_action_is_shown_on_the_row_and_the_pairing_and_its_author_keeps_it_up_to_date(
    page, leader, member, paired
):
    # Given an action the leader agreed with Mo three weeks ago, due a week ago and not done
    services.pairings_ensure(membership=leader)
    pairing = Pairing.objects.get(leader=leader.user, person=member.user)
    today = timezone.localdate()
    services.action_add(
        pairing=pairing,
        owner=member.user,
        by=leader.user,
        text="Try the later start on Tuesdays",
        due_on=today - datetime.timedelta(days=7),
        today=today - datetime.timedelta(days=21),
    )

    # When the leader opens Connect
    sign_in(page, leader.user.email)
    open_connect(page)

    # Then Mo's row says an action is overdue
    row = page.get_by_role("main").get_by_role("listitem").filter(has_text="Mo Member")
    expect(row).to_contain_text("1 action overdue")

    # And on the page with Mo the action is marked overdue
    open_pairing_from_connect(page, "Mo Member")
    action = page.locator('li[id^="action-"]').filter(has_text="Try the later start on Tuesdays")
    expect(action).to_contain_text("Overdue")
    expect(action).to_contain_text("was due")

    # When they change its words, keeping its date
    action.get_by_role("link", name=re.compile("^Change")).click()
    expect(heading(page)).to_have_text("Change an action")
    check_page(page)
    page.get_by_label("Action").fill("Try the later start on Tuesdays and Thursdays")
    page.get_by_role("button", name="Save changes").click()
    expect(banner(page)).to_contain_text("Action changed.")
    check_page(page)

    # But a new date in the past is refused with a clear error
    action = page.locator('li[id^="action-"]').filter(has_text="Tuesdays and Thursdays")
    action.get_by_role("link", name=re.compile("^Change")).click()
    page.get_by_label("By when (optional)").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a date today or later, or leave it empty")
    check_page(page)
    page.get_by_label("By when (optional)").fill((today + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Save changes").click()
    action = page.locator('li[id^="action-"]').filter(has_text="Tuesdays and Thursdays")
    expect(action).not_to_contain_text("Overdue")

    # When they mark it done, then not done again
    action.get_by_role("button", name=re.compile("^Mark as done")).click()
    expect(banner(page)).to_contain_text("Marked as done.")
    page.locator('li[id^="action-"]').filter(has_text="Tuesdays and Thursdays").get_by_role(
        "button", name=re.compile("^Not done yet")
    ).click()
    expect(banner(page)).to_contain_text("Marked as not done yet.")
    check_page(page)

    # And delete it, being asked once
    page.locator('li[id^="action-"]').filter(has_text="Tuesdays and Thursdays").get_by_role(
        "link", name=re.compile("^Delete")
    ).click()
    expect(heading(page)).to_have_text("Delete this action?")
    check_page(page)
    page.get_by_role("button", name="Delete the action").click()

    # Then it is gone, and Mo's row no longer says anything is overdue
    expect(banner(page)).to_contain_text("Action deleted.")
    expect(page.get_by_text("Tuesdays and Thursdays")).to_have_count(0)
    open_connect(page)
    expect(page.get_by_role("main").get_by_text("overdue")).to_have_count(0)


def test_an_admin_sees_last_quarters_conversations_as_counts_per_team(page, org_admin, leader, member, team, paired):
    # Given a team of 12 people, 7 of whom had a conversation held in the last whole quarter
    others = [person_in(team.organisation, team=team, role=Role.MEMBER, name=f"Person {n}") for n in range(11)]
    team_places_changed(teams=[team])
    start, _ = quarters.last_whole_quarter(timezone.localdate())
    held_on = datetime.datetime.combine(start + datetime.timedelta(days=20), datetime.time(10), tzinfo=datetime.UTC)
    for person in [member, *others[:6]]:
        pairing = Pairing.objects.get(leader=leader.user, person=person.user)
        pairing.conversations.create(kind="one_to_one", starts_at=held_on, status=Conversation.Status.HELD)
    services.quarter_figures_job(now=timezone.now())

    # When the admin opens Organisation, then "Are 1:1s happening?"
    sign_in(page, org_admin.user.email)
    open_from_menu(page, "Organisation")
    page.get_by_role("link", name="Are 1:1s happening?").click()
    expect(heading(page)).to_have_text("Are 1:1s happening?")
    check_page(page)

    # Then they see the team's count and no one's name
    expect(page.get_by_role("row", name=re.compile("Ward 7"))).to_contain_text("7 of 12")
    expect(page.get_by_role("main")).not_to_contain_text("Mo Member")
