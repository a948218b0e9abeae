"""Nudges' pages: each person's choices, their quiet list, one-click unsubscribe, and an organisation's budget."""

from datetime import time, timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attend.accounts.tests.factories import UserFactory
from attend.core.models import AuditEvent
from attend.core.tests.pages import error_messages, error_summary, main_heading, page
from attend.nudges import rules, services
from attend.nudges.emails import unsubscribe_token
from attend.nudges.kinds import KIND_KEYS
from attend.nudges.models import EmailBudget, NudgePreference
from attend.nudges.tests.support import MONDAY, at, tell

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("nudges:preferences")
TODAY = reverse("core:today")


def choices(**overrides) -> dict:
    data = {
        "email_enabled": "on",
        "digest": rules.WEEKLY,
        "digest_at": "10:00",
        "digest_weekday": "1",
        "emailed_kinds": [kind for kind in KIND_KEYS if kind != "pulse_invitation"],
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def unsubscribe_url(person, kind) -> str:
    return reverse("nudges:unsubscribe", args=[unsubscribe_token(person, kind)])


# Choices


@pytest.mark.parametrize("who", ["member_client", "leader_client", "facilitator_client", "org_admin_client"])
def test_everyone_signed_in_can_see_their_choices(who, request):
    response = request.getfixturevalue(who).get(PREFERENCES)

    assert response.status_code == 200
    assert main_heading(response) == "What Attend tells you"
    assert "09:00 to 17:00" in response.text


def test_someone_in_no_organisation_can_see_their_choices(db):
    client = Client()
    client.force_login(UserFactory())

    assert client.get(PREFERENCES).status_code == 200


def test_choices_need_sign_in(client):
    response = client.get(PREFERENCES)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))


def test_the_page_shows_the_saved_choices(member_client, member):
    services.preference_save(
        person=member.user,
        email_enabled=True,
        digest=rules.WEEKLY,
        digest_at=time(14, 30),
        digest_weekday=3,
        email_off=["session_reminder"],
    )

    html = page(member_client.get(PREFERENCES))

    assert html.one("input", name="digest", value="weekly").has("checked")
    assert html.one("input", name="digest_at").get("value") == "14:30"
    assert html.one("input", name="digest_weekday", value="3").has("checked")
    ticked = {box.get("value") for box in html.select("input", name="emailed_kinds") if box.has("checked")}
    assert ticked == set(KIND_KEYS) - {"session_reminder"}


def test_saving_choices(member_client, member):
    response = member_client.post(PREFERENCES, choices())

    assert response.status_code == 302
    assert response.url == PREFERENCES
    preference = NudgePreference.objects.get(person=member.user)
    assert preference.email_enabled is True
    assert preference.digest_choice() == rules.DigestChoice(rules.WEEKLY, time(10), 1)
    assert preference.email_off == ["pulse_invitation"]
    assert "Your choices are saved." in member_client.get(response.url).text


def test_unticking_every_kind_switches_each_off(member_client, member):
    member_client.post(PREFERENCES, choices(digest=rules.DAILY, emailed_kinds=None))

    assert NudgePreference.objects.get(person=member.user).email_off == sorted(KIND_KEYS)


def test_turning_email_off(member_client, member):
    member_client.post(PREFERENCES, choices(email_enabled=None))

    assert NudgePreference.objects.get(person=member.user).email_enabled is False


@pytest.mark.parametrize("digest_at", ["07:00", "08:59", "17:00", "22:15"])
def test_a_digest_time_outside_working_hours_is_refused_naming_them(member_client, member, digest_at):
    response = member_client.post(PREFERENCES, choices(digest_at=digest_at))

    assert response.status_code == 422
    [(message, link)] = error_summary(response)
    assert "09:00 to 17:00" in message
    assert link == "#id_digest_at"
    assert not NudgePreference.objects.filter(person=member.user).exists()


def test_the_refusal_names_the_persons_own_working_hours(member_client, member):
    member.user.working_day_start = time(7, 30)
    member.user.working_day_end = time(15, 30)
    member.user.save()

    refused = member_client.post(PREFERENCES, choices(digest_at="16:00"))
    accepted = member_client.post(PREFERENCES, choices(digest_at="07:30"))

    assert refused.status_code == 422
    assert "07:30 to 15:30" in error_messages(refused)[0]
    assert accepted.status_code == 302


def test_a_weekly_digest_on_a_day_off_is_refused(member_client, member):
    response = member_client.post(PREFERENCES, choices(digest_weekday="5"))

    assert response.status_code == 422
    [message] = error_messages(response)
    assert "working days" in message
    assert not NudgePreference.objects.filter(person=member.user).exists()


def test_a_daily_digest_does_not_care_which_weekday_is_chosen(member_client, member):
    response = member_client.post(PREFERENCES, choices(digest=rules.DAILY, digest_weekday="6"))

    assert response.status_code == 302


@pytest.mark.parametrize(
    "overrides",
    [{"digest": "hourly"}, {"digest_at": "soon"}, {"digest_weekday": "9"}, {"emailed_kinds": ["lottery_win"]}],
    ids=["frequency", "time", "weekday", "kind"],
)
def test_nonsense_is_refused(member_client, member, overrides):
    response = member_client.post(PREFERENCES, choices(**overrides))

    assert response.status_code == 422
    assert error_summary(response)
    assert not NudgePreference.objects.filter(person=member.user).exists()


# Unsubscribing from an email


def test_the_unsubscribe_link_asks_first_and_changes_nothing(client, member):
    response = client.get(unsubscribe_url(member.user, "practice_reminder"))

    assert response.status_code == 200
    assert main_heading(response) == "Stop these emails?"
    assert "practice reminders you asked for" in response.text
    assert not NudgePreference.objects.filter(person=member.user).exists()


def test_one_click_unsubscribe_as_a_mail_provider_sends_it(member):
    provider = Client(enforce_csrf_checks=True)
    waiting = tell(member.user, now=at(MONDAY, 10), kind="practice_reminder")

    response = provider.post(
        unsubscribe_url(member.user, "practice_reminder"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert main_heading(response) == "You will not get these emails"
    preference = NudgePreference.objects.get(person=member.user)
    assert preference.email_off == ["practice_reminder"]
    assert preference.email_enabled is True
    waiting.refresh_from_db()
    assert waiting.emailed is False


def test_unsubscribing_from_a_digest_stops_every_email(member):
    provider = Client(enforce_csrf_checks=True)

    response = provider.post(
        unsubscribe_url(member.user, None),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "Attend will no longer email you about anything at all." in response.text
    assert NudgePreference.objects.get(person=member.user).email_enabled is False


def test_the_button_on_the_page_unsubscribes_too(client, member):
    response = client.post(unsubscribe_url(member.user, "session_reminder"))

    assert response.status_code == 200
    assert NudgePreference.objects.get(person=member.user).email_off == ["session_reminder"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_unsubscribe_link_is_not_found(client, member, method):
    token = unsubscribe_token(member.user, "practice_reminder")
    forged = signing.dumps({"person": str(member.user.pk), "kind": "*"}, salt="not.the.salt", compress=True)

    for bad in (token[:-3] + "abc", forged, "nonsense"):
        response = getattr(client, method)(reverse("nudges:unsubscribe", args=[bad]))
        assert response.status_code == 404

    assert not NudgePreference.objects.filter(person=member.user).exists()


def test_the_link_of_someone_who_has_gone_is_not_found(client):
    gone = UserFactory()
    url = unsubscribe_url(gone, None)
    gone.delete()

    assert client.get(url).status_code == 404


# The quiet list


def test_opening_a_notification_marks_it_read_and_follows_its_link(member_client, member):
    notification = tell(member.user, now=at(MONDAY, 10), link="/practice/")

    response = member_client.get(reverse("nudges:notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/practice/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(leader_client, member):
    notification = tell(member.user, now=at(MONDAY, 10), link="/practice/")

    response = leader_client.get(reverse("nudges:notification_open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_notification_never_leads_off_the_site(member_client, member):
    notification = tell(member.user, now=at(MONDAY, 10), link="https://elsewhere.example/")

    assert member_client.get(reverse("nudges:notification_open", args=[notification.pk])).status_code == 404


def test_marking_everything_read(member_client, member, leader):
    tell(member.user, now=at(MONDAY, 10))
    tell(member.user, now=at(MONDAY, 11))
    theirs = tell(leader.user, now=at(MONDAY, 11))

    response = member_client.post(reverse("nudges:notifications_read"))

    assert response.status_code == 302
    assert response.url == reverse("nudges:notifications")
    assert not member.user.notifications.unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_everything_read_needs_a_post(member_client, member):
    tell(member.user, now=at(MONDAY, 10))

    assert member_client.get(reverse("nudges:notifications_read")).status_code == 405
    assert member.user.notifications.unread().count() == 1


def test_the_list_shows_the_persons_own_notifications(member_client, member, leader):
    mine = tell(member.user, now=at(MONDAY, 10), title="Your team pulse is open")
    tell(leader.user, now=at(MONDAY, 10), title="Someone else's news")

    html = page(member_client.get(reverse("nudges:notifications")))

    links = [(link.text, link.get("href")) for link in html.one("main").select("a")]
    assert ("Your team pulse is open", reverse("nudges:notification_open", args=[mine.pk])) in links
    assert "Someone else's news" not in html.text


# Today's "For you"


def for_you(response) -> list[tuple[str, str]]:
    html = page(response)
    headings = [heading for heading in html.select("h2") if heading.text == "For you"]
    if not headings:
        return []
    [heading] = headings
    [listing] = heading.parent.select("ul", cls="nhsuk-list")
    return [(link.text, link.get("href")) for link in listing.select("a")]


def test_today_shows_unread_notifications_and_not_read_ones(member_client, member, leader):
    unread = tell(member.user, now=at(MONDAY, 10), title="Lee Leader shared a reflection with you")
    read = tell(member.user, now=at(MONDAY, 9), title="Your team pulse is open")
    services.notification_read(notification=read)
    tell(leader.user, now=at(MONDAY, 9), title="Someone else's news")

    response = member_client.get(TODAY)

    assert for_you(response) == [
        ("Lee Leader shared a reflection with you", reverse("nudges:notification_open", args=[unread.pk]))
    ]


def test_today_has_no_for_you_list_when_nothing_is_unread(member_client, member):
    services.notification_read(notification=tell(member.user, now=at(MONDAY, 10)))

    assert for_you(member_client.get(TODAY)) == []


def test_today_shows_at_most_five_newest_first(member_client, member):
    for hour in range(9, 16):
        tell(member.user, now=at(MONDAY, hour), title=f"News from {hour}:00")

    assert [title for title, _ in for_you(member_client.get(TODAY))] == [
        f"News from {hour}:00" for hour in (15, 14, 13, 12, 11)
    ]


def test_today_leaves_out_what_has_expired(member_client, member):
    now = timezone.now()
    for days_ago in range(1, 6):
        tell(
            member.user,
            now=now - timedelta(days=days_ago),
            kind="practice_reminder",
            title="A few minutes of practice today, if you would like",
            expires_at=now - timedelta(days=days_ago - 1, minutes=1),
        )
    shared = tell(
        member.user, now=now - timedelta(days=6), kind="reflection_shared", title="Lee Leader shared a reflection"
    )

    assert for_you(member_client.get(TODAY)) == [
        ("Lee Leader shared a reflection", reverse("nudges:notification_open", args=[shared.pk]))
    ]


# An organisation's email budget

BUDGET = reverse("nudges:organisation_budget")


@pytest.mark.parametrize(
    ("who", "status"),
    [("org_admin_client", 200), ("member_client", 403), ("leader_client", 403), ("facilitator_client", 403)],
)
def test_only_an_admin_sees_the_budget(who, status, request):
    assert request.getfixturevalue(who).get(BUDGET).status_code == status


@pytest.mark.parametrize("who", ["member_client", "leader_client", "facilitator_client"])
def test_only_an_admin_changes_the_budget(who, request, organisation):
    response = request.getfixturevalue(who).post(BUDGET, {"per_day": "0", "per_week": "0"})

    assert response.status_code == 403
    assert not EmailBudget.objects.filter(organisation=organisation).exists()


def test_an_admin_saves_the_budget_and_it_is_audited(org_admin_client, org_admin, organisation):
    response = org_admin_client.post(BUDGET, {"per_day": "2", "per_week": "3"})

    assert response.status_code == 302
    assert response.url == BUDGET
    assert services.organisation_budget_of(organisation) == rules.Budget(per_day=2, per_week=3)
    assert AuditEvent.objects.get(action=AuditEvent.Action.EMAIL_BUDGET_CHANGED).actor == org_admin.user
    html = page(org_admin_client.get(BUDGET))
    assert html.one("input", name="per_day", value="2").has("checked")
    assert "The email limits are saved." in html.text


@pytest.mark.parametrize(("per_day", "per_week"), [("3", "5"), ("1", "11"), ("-1", "5"), ("one", "5")])
def test_a_budget_past_the_ceiling_is_refused(org_admin_client, organisation, per_day, per_week):
    response = org_admin_client.post(BUDGET, {"per_day": per_day, "per_week": per_week})

    assert response.status_code == 422
    assert error_summary(response)
    assert services.organisation_budget_of(organisation) == rules.Budget()
    assert not EmailBudget.objects.exists()


def test_the_budget_page_offers_nothing_past_the_ceiling(org_admin_client):
    html = page(org_admin_client.get(BUDGET))

    assert [radio.get("value") for radio in html.select("input", name="per_day")] == ["0", "1", "2"]
    assert [radio.get("value") for radio in html.select("input", name="per_week")] == [
        str(number) for number in range(11)
    ]
