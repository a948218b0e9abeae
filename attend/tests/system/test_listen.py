"""Given a leader and their team, when the leader opens a pulse and people answer it from their own links on their
phones, then the results stay hidden until the fifth answer and appear with it, and the leader records what they
will do, which the team then reads with the results. And when a leader pads a team-link round with answers they
know, from private windows, no results show.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from attend.listen.tests.support import staff
from attend.tests.system.conftest import check_page, heading, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 800}


def open_a_round(page: Page, *, team_link: bool = False) -> None:
    page.goto("/listen/")
    expect(heading(page)).to_have_text("Listen")
    check_page(page)
    page.get_by_role("button", name="Open a pulse round").click()
    expect(heading(page)).to_have_text("Open a pulse round")
    check_page(page)
    if team_link:
        page.get_by_label("One link for the whole team").check()
    page.get_by_role("button", name="Open the round").click()
    expect(heading(page)).to_contain_text("Ward 7: pulse from")
    check_page(page)


def single_use_links() -> list[str]:
    """The links the team's members found in their email, one each."""
    from attend.listen.models import PulseRound
    from attend.listen.tests.support import tokens_of

    return [f"/listen/answer/{token}/" for token in tokens_of(PulseRound.objects.get())]


def answer_on_a_phone(new_page, link: str, comment: str = "", answer: str = "Agree") -> None:
    """Someone on the team, on their own phone (or a private window), with no account."""
    phone = new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(link)
    expect(heading(phone)).to_have_text("Your team's pulse")
    check_page(phone)
    questions = phone.locator("fieldset")
    for index in range(questions.count()):
        questions.nth(index).get_by_label(answer, exact=True).check()
    if comment:
        phone.get_by_label("Is there anything else").fill(comment)
    phone.get_by_role("button", name="Send your answers").click()
    expect(phone.get_by_text("Your answers are in.")).to_be_visible()
    check_page(phone)


def test_a_leader_opens_a_pulse_and_sees_results_only_from_the_fifth_answer(page, new_page, leader, member, team):
    # Given a leader of a team of six
    staff(team, 5)
    sign_in(page, leader.user.email)

    # When they open a round with a single-use link by email to each person
    open_a_round(page)
    links = single_use_links()
    assert len(links) == 6

    # And four people answer it on their phones
    for link in links[:4]:
        answer_on_a_phone(new_page, link)

    # Then the leader sees how many answered, and no results yet
    page.reload()
    expect(page.get_by_text("4 of 6 answered")).to_be_visible()
    expect(page.get_by_text("Not enough answers yet: results appear when 5 people have answered.")).to_be_visible()
    expect(page.get_by_role("table", name="Score by theme")).to_have_count(0)
    check_page(page)

    # When a fifth person answers
    answer_on_a_phone(new_page, links[4], comment="Handovers feel rushed.")

    # Then the results appear, every theme at 7.5 ("Agree")
    page.reload()
    results = page.get_by_role("table", name="Score by theme")
    expect(results).to_be_visible()
    expect(results.get_by_role("row", name="Compassionate leadership")).to_contain_text("7.5")
    expect(page.get_by_text("Handovers feel rushed.")).to_have_count(0)  # comments wait for ten
    check_page(page)

    # When the leader records what they will do
    page.get_by_label("What you did, or will do").fill("Ten protected minutes at every handover.")
    page.get_by_role("button", name="Record action").click()

    # Then it is listed for the team's next pulse
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Action recorded")
    expect(page.get_by_role("main").get_by_text("Ten protected minutes at every handover.")).to_be_visible()
    check_page(page)

    # When a member of the team signs in on their phone and looks at their team's pulse
    phone = new_page()
    phone.set_viewport_size(PHONE)
    sign_in(phone, member.user.email)
    phone.goto("/listen/your-team/")

    # Then they see the same results and what their leader will do, with its owner and progress
    expect(heading(phone)).to_have_text("Your team's pulse")
    theirs = phone.get_by_role("table", name=re.compile("Score by theme"))
    expect(theirs.get_by_role("row", name="Compassionate leadership")).to_contain_text("7.5")
    expect(phone.get_by_text("Ten protected minutes at every handover.")).to_be_visible()
    expect(phone.get_by_text("Planned. Owner: Lee Leader.")).to_be_visible()
    check_page(phone)


def test_a_leader_padding_a_team_link_round_from_private_windows_sees_no_results(page, new_page, leader, member, team):
    # Given a leader of a team of twelve, who opens a round with one link for the whole team
    staff(team, 11)
    sign_in(page, leader.user.email)
    open_a_round(page, team_link=True)
    expect(page.get_by_text("never any results").first).to_be_visible()
    link = page.get_by_label("Share this link with your team").input_value()
    round_page = page.url

    # When the leader tries the link while signed in
    page.goto(link)

    # Then it refuses them, kindly
    expect(heading(page)).to_have_text("You lead this team, so you cannot answer its pulse")
    check_page(page)

    # When the leader answers four times from private windows, "Neither" every time
    for _ in range(4):
        answer_on_a_phone(new_page, link, answer="Neither agree nor disagree")

    # And one member of the team answers
    answer_on_a_phone(new_page, link)

    # Then the round says five answers came, and shows no results: a batch sealed, but nothing of it is shown
    page.goto(round_page)
    expect(heading(page)).to_contain_text("Ward 7: pulse from")
    expect(page.get_by_text("5 answers, from a team of 12")).to_be_visible()
    expect(page.get_by_text("A team link round shows how many answered, but never any results.")).to_be_visible()
    expect(page.get_by_role("table", name="Score by theme")).to_have_count(0)
    expect(page.get_by_role("link", name="Download these results (CSV)")).to_have_count(0)
    check_page(page)


def test_a_used_link_explains_itself_kindly(page, new_page, leader, member, team):
    # Given a round with a single-use link that has been used
    from django.utils import timezone

    from attend.listen.tests.support import open_round, tokens_of

    pulse = open_round(team, leader.user, opens_on=timezone.localdate()).round
    (token,) = tokens_of(pulse)
    answer_on_a_phone(new_page, f"/listen/answer/{token}/")

    # When the link is opened again
    page.goto(f"/listen/answer/{token}/")

    # Then it says so, kindly
    expect(heading(page)).to_have_text("You have already answered")
    check_page(page)


def test_a_leader_reads_their_team_against_the_organisation_on_a_phone(page, leader, member, team):
    # Given a round of the leader's team that five people answered "Agree"
    from django.utils import timezone

    from attend.listen import services
    from attend.listen.tests.support import answers_for, open_round, tokens_of

    staff(team, 5)
    pulse = open_round(team, leader.user, opens_on=timezone.localdate()).round
    for token in tokens_of(pulse)[:5]:
        services.pulse_response_submit(token=token, answers=answers_for(pulse), today=timezone.localdate())
    sign_in(page, leader.user.email)

    # When the leader opens their team against the organisation, on a phone
    page.set_viewport_size(PHONE)
    page.goto("/listen/")
    page.get_by_role("link", name="Your team against the organisation").click()

    # Then each score says its band in words, the organisation comes first, and the page fits the screen
    expect(heading(page)).to_have_text("Teams by theme")
    table = page.get_by_role("table", name="Score by team and theme (0 to 10)")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Whole organisation")
    expect(table.get_by_text("7.5 high").first).to_be_visible()
    expect(table.get_by_text("the same as the organisation").first).to_be_visible()
    check_page(page)

    # When they choose this quarter, on a wide screen
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Rounds opened in").select_option(index=1)
    page.get_by_role("button", name="Show").click()

    # Then each score says it has nothing from the quarter before to compare with
    expect(page.get_by_text("Each score also says how it has changed since")).to_be_visible()
    expect(table.get_by_text(re.compile("No figure for .* to compare with")).first).to_be_visible()
    check_page(page)


def test_a_small_sub_teams_people_are_heard_through_the_parents_round(page, leader, member, team):
    # Given a leader of Ward 7 and of Pharmacy, a sub-team of Ward 7 with three people
    from attend.organisations.models import Role
    from attend.organisations.tests.factories import TeamFactory, TeamMembershipFactory

    pharmacy = TeamFactory(organisation=team.organisation, name="Pharmacy", parent=team)
    staff(pharmacy, 3, start=100)
    TeamMembershipFactory(team=pharmacy, membership=leader, role=Role.LEADER)
    sign_in(page, leader.user.email)

    # When they go to open a round
    page.goto("/listen/open/")
    expect(heading(page)).to_have_text("Open a pulse round")

    # Then they are told Pharmacy could never show results on its own, and offered Ward 7's round instead
    expect(page.get_by_text("A round for Pharmacy would ask 3 people")).to_be_visible()
    expect(page.get_by_text("Recommended for Ward 7: Pharmacy is too small")).to_be_visible()
    check_page(page)

    # When they follow the offer, the form has Ward 7 chosen and its sub-teams included
    page.get_by_role("link", name="Open a round for Ward 7 that includes its sub-teams").click()
    expect(page.get_by_label("Team", exact=True)).to_have_value(str(team.pk))
    expect(page.get_by_label("Include the people of its sub-teams")).to_be_checked()
    check_page(page)
    page.get_by_role("button", name="Open the round").click()

    # Then the round asks Ward 7's member and Pharmacy's three, and says its results are for all of them together
    expect(heading(page)).to_contain_text("Ward 7: pulse from")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("4 people have been invited")
    expect(page.get_by_text("This round asked the people of Ward 7 and of its sub-teams: Pharmacy.")).to_be_visible()
    check_page(page)
    assert len(single_use_links()) == 4
