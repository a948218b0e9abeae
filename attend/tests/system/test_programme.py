"""Given a facilitator's programme and the leader taking part in it, when the facilitator sets up a cohort and its
sessions, a participant answers a questionnaire and posts, and a spam post is caught, then each person sees what
is theirs to see: the participant their own scores, the facilitator only the cohort's, and spam nowhere but the
facilitator's queue.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from attend.organisations import invitations
from attend.organisations.models import Invitation
from attend.programme import selectors, services
from attend.programme.models import Cohort, QuestionnaireResponse
from attend.programme.tests.support import participant_add
from attend.tests.system.conftest import check_page, follow, heading, open_from_menu, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

SPAM = (
    "Huge discount, buy now! Click here https://cheap-deals.example/a https://cheap-deals.example/b "
    "https://casino-bonus.example/c https://seo.example/d"
)


def banner(page: Page):
    return page.locator(".nhsuk-notification-banner")


def main(page: Page):
    return page.get_by_role("main")


def open_programme(page: Page) -> None:
    open_from_menu(page, "Programme")
    expect(heading(page)).to_have_text("Programme")
    check_page(page)


def running_cohort(facilitator, leader) -> Cohort:
    """The facilitator's running cohort, with the leader in it, made through Programme's services."""
    programme = services.programme_create(
        organisation=facilitator.organisation, by=facilitator.user, title="Compassionate leadership"
    )
    today = timezone.localdate()
    cohort = services.cohort_create(
        programme=programme,
        by=facilitator.user,
        name="Spring cohort",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=60),
        status="running",
    )
    participant_add(cohort=cohort, by=facilitator.user, email=leader.user.email)
    return cohort


def test_a_facilitator_sets_up_a_cohort_and_a_session(page, new_page, facilitator, leader):
    # Given a facilitator on Today
    sign_in(page, facilitator.user.email)
    check_page(page)

    # When they set up a programme
    open_programme(page)
    expect(main(page).get_by_text("You have not set up a programme yet.")).to_be_visible()
    follow(page, main(page).get_by_role("button", name="Set up a programme"))
    page.get_by_role("button", name="Set up programme").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_page(page)
    page.get_by_label("Name of the programme").fill("Compassionate leadership, six sessions")
    page.get_by_role("button", name="Set up programme").click()
    expect(heading(page)).to_have_text("Compassionate leadership, six sessions")
    check_page(page)

    # And a cohort
    follow(page, main(page).get_by_role("button", name="Add a cohort"))
    page.get_by_label("Name of the cohort").fill("Spring cohort")
    today = timezone.localdate()
    page.get_by_label("Starts on").fill(today.isoformat())
    page.get_by_label("Ends on").fill((today + datetime.timedelta(days=80)).isoformat())
    page.get_by_label("Running").check()
    page.get_by_role("button", name="Add cohort").click()
    expect(heading(page)).to_have_text("Spring cohort")
    expect(main(page).get_by_text("No sessions arranged yet.")).to_be_visible()
    check_page(page)

    # And invite the leader by their email address, who accepts (from Today: see test_cohort_invitations)
    follow(page, main(page).get_by_role("link", name=re.compile(r"^People in this cohort")))
    page.get_by_label("Email addresses").fill(leader.user.email)
    page.get_by_role("button", name="Send invitations").click()
    expect(banner(page)).to_contain_text("1 invitation is on its way")
    check_page(page)
    invitations.invitation_accept(invitation=Invitation.objects.get(email=leader.user.email), user=leader.user)
    page.get_by_role("link", name="Spring cohort").first.click()

    # And arrange a session
    follow(page, main(page).get_by_role("button", name="Arrange a session"))
    page.get_by_label("Title").fill("Session 1: arriving and attending")
    page.get_by_label("Date").fill((today + datetime.timedelta(days=7)).isoformat())
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("Place (optional)").fill("Training room 1")
    page.get_by_role("button", name="Arrange session").click()

    # Then the session page has its invitation, and attendance to record
    expect(heading(page)).to_have_text("Session 1: arriving and attending")
    expect(page.get_by_role("link", name=re.compile("Download the invitation"))).to_be_visible()
    expect(page.get_by_role("group", name=leader.user.name)).to_be_visible()
    check_page(page)

    # And the leader sees it in their cohort, and is told about it
    assert leader.user.notifications.filter(kind="session_reminder").count() == 1
    theirs = new_page()
    sign_in(theirs, leader.user.email)
    open_programme(theirs)
    main(theirs).get_by_role("link", name=re.compile("Spring cohort")).click()
    expect(main(theirs).get_by_role("link", name="Session 1: arriving and attending")).to_be_visible()
    expect(main(theirs).get_by_role("link", name=re.compile("People in this cohort"))).to_have_count(0)
    check_page(theirs)


def test_a_participant_answers_a_questionnaire_and_posts(page, facilitator, leader):
    # Given the leader is in a cohort with its start questionnaire open
    cohort = running_cohort(facilitator, leader)
    today = timezone.localdate()
    assignment = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today + datetime.timedelta(days=7)
    )
    sign_in(page, leader.user.email)

    # When they open their cohort and the questionnaire
    open_programme(page)
    follow(page, main(page).get_by_role("link", name=re.compile("Spring cohort")))
    main(page).get_by_role("link", name="Answer the questionnaire").click()
    expect(heading(page)).to_have_text("Start of the programme: questionnaire")
    expect(main(page).get_by_text(re.compile("Raes")).first).to_be_visible()
    check_page(page)

    # And answer every statement
    groups = main(page).locator("fieldset")
    for index in range(groups.count()):
        radios = groups.nth(index).get_by_role("radio")
        radios.nth(radios.count() // 2).check()
    page.get_by_role("button", name="Save my answers").click()

    # Then they see their own results
    expect(heading(page)).to_have_text("Your results")
    expect(banner(page)).to_contain_text("Only you can see your own scores")
    check_page(page)
    assert QuestionnaireResponse.objects.filter(assignment=assignment).count() == len(
        selectors.assignment_measures(assignment)
    )

    # When they post in the cohort discussion
    page.get_by_role("link", name="Spring cohort").first.click()
    main(page).get_by_role("link", name="Open the cohort discussion").click()
    expect(main(page).get_by_text(re.compile("No posts yet"))).to_be_visible()
    check_page(page)
    page.get_by_label("Your post").fill("I tried the breathing space before handover. It helped.")
    page.get_by_role("button", name="Post", exact=True).click()

    # Then the post is there for the cohort
    expect(banner(page)).to_contain_text("Posted.")
    expect(main(page).get_by_text("I tried the breathing space before handover. It helped.")).to_be_visible()
    check_page(page)


def test_the_facilitator_hides_a_spam_post(page, new_page, facilitator, leader):
    # Given a spam post in the cohort discussion, held by the spam rules
    cohort = running_cohort(facilitator, leader)
    thread = services.cohort_thread(cohort)
    services.post_create(thread=thread, author=leader.user, text="Looking forward to session two.")
    spam = services.post_create(thread=thread, author=leader.user, text=SPAM)
    assert spam.status == "held"

    # When the facilitator opens the cohort
    sign_in(page, facilitator.user.email)
    page.goto(f"/programme/cohorts/{cohort.pk}/")
    check_page(page)
    main(page).get_by_role("link", name="Posts to look at (1)").click()
    expect(heading(page)).to_have_text("Posts to look at")
    expect(main(page).get_by_text(re.compile("cheap-deals.example/a")).first).to_be_visible()
    check_page(page)

    # And hides the post
    main(page).get_by_role("button", name=re.compile("^Hide")).click()

    # Then it has left the queue
    expect(banner(page)).to_contain_text("The post is hidden")
    expect(main(page).get_by_text("Nothing to look at.")).to_be_visible()
    check_page(page)

    # And the participant's discussion shows their ordinary post, and not the spam
    theirs = new_page()
    sign_in(theirs, leader.user.email)
    theirs.goto(f"/programme/discussion/{thread.pk}/")
    expect(main(theirs).get_by_text("Looking forward to session two.")).to_be_visible()
    expect(main(theirs).get_by_text(re.compile("cheap-deals"))).to_have_count(0)
    check_page(theirs)

    # And the facilitator's report page shows aggregates only
    page.goto(f"/programme/cohorts/{cohort.pk}/report/")
    expect(heading(page)).to_have_text("Report: Spring cohort")
    expect(main(page).get_by_text(leader.user.name)).to_have_count(0)
    check_page(page)
    follow(page, page.get_by_role("link", name="Printable report for commissioners"))


def test_the_facilitators_other_pages_pass_axe(page, facilitator, leader):
    # Given a running cohort with a session and a post of the facilitator's own
    cohort = running_cohort(facilitator, leader)
    session = services.session_schedule(
        cohort=cohort,
        by=facilitator.user,
        title="Session 1: arriving",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        minutes=120,
        place="Training room 1",
    )
    thread = services.cohort_thread(cohort)
    post = services.post_create(thread=thread, author=facilitator.user, text="Welcome, everyone.")
    sign_in(page, facilitator.user.email)

    # When they open the pages the sweep of every page does not reach (it signs in no facilitator)
    for address, title in (
        (f"/programme/cohorts/{cohort.pk}/materials/new/", "Add material"),
        (f"/programme/cohorts/{cohort.pk}/questionnaires/new/", "Set a questionnaire"),
        (f"/programme/sessions/{session.pk}/change/", "Change Session 1: arriving"),
        (f"/programme/discussion/{thread.pk}/", "Discussion"),
        (f"/programme/posts/{post.pk}/edit/", "Change your post"),
    ):
        page.goto(address)
        # Then each has its heading and passes axe, and so does its error state
        expect(heading(page)).to_have_text(title)
        check_page(page)
    page.goto(f"/programme/cohorts/{cohort.pk}/questionnaires/new/")
    page.get_by_role("button", name="Set questionnaire").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_page(page)


ADVERT = "Best cheap SEO services! Buy backlinks now... casino bonuses and viagra"
GENUINE = (
    "Thank you all for last week. This NHS England page helped me plan my first wellbeing conversation: "
    "https://www.england.nhs.uk/supporting-our-nhs-people/support-now/wellbeing-conversations/"
)


def test_an_advert_is_held_for_a_facilitator_and_a_genuine_post_is_shown(page, new_page, facilitator, leader, member):
    # Given a cohort with two participants
    cohort = running_cohort(facilitator, leader)
    participant_add(cohort=cohort, by=facilitator.user, email=member.user.email)
    thread = services.cohort_thread(cohort)

    # When one of them posts the advert from issue 16
    sign_in(page, member.user.email)
    page.goto(f"/programme/discussion/{thread.pk}/")
    check_page(page)
    page.get_by_label("Your post").fill(ADVERT)
    page.get_by_role("button", name="Post", exact=True).click()

    # Then they are told it is held for a facilitator, and see it marked as waiting
    expect(banner(page)).to_contain_text("held for a facilitator")
    expect(main(page).get_by_text(ADVERT)).to_be_visible()
    expect(main(page).get_by_text("Only you and the facilitators can see this")).to_be_visible()
    check_page(page)

    # When the other participant opens the discussion, the advert is not there, and their genuine post shows
    theirs = new_page()
    sign_in(theirs, leader.user.email)
    theirs.goto(f"/programme/discussion/{thread.pk}/")
    expect(main(theirs).get_by_text(re.compile("backlinks"))).to_have_count(0)
    theirs.get_by_label("Your post").fill(GENUINE)
    theirs.get_by_role("button", name="Post", exact=True).click()
    expect(banner(theirs)).to_contain_text("Posted.")
    expect(main(theirs).get_by_role("link", name=re.compile("england.nhs.uk"))).to_be_visible()
    check_page(theirs)

    # When the facilitator opens the posts to look at, they see the advert and why it was held
    facilitator_page = new_page()
    sign_in(facilitator_page, facilitator.user.email)
    facilitator_page.goto(f"/programme/cohorts/{cohort.pk}/posts-to-look-at/")
    expect(main(facilitator_page).get_by_text(ADVERT)).to_be_visible()
    expect(main(facilitator_page).get_by_text(re.compile("It looks like an advert"))).to_be_visible()
    expect(main(facilitator_page).get_by_text(re.compile("england.nhs.uk"))).to_have_count(0)
    check_page(facilitator_page)

    # And removes it
    main(facilitator_page).get_by_role("button", name=re.compile("^Hide")).click()
    expect(main(facilitator_page).get_by_text("Nothing to look at.")).to_be_visible()
    check_page(facilitator_page)

    # Then the discussion shows the genuine post and no advert, to everyone in it
    theirs.reload()
    expect(main(theirs).get_by_text(re.compile("Thank you all for last week"))).to_be_visible()
    expect(main(theirs).get_by_text(re.compile("backlinks"))).to_have_count(0)
    check_page(theirs)
