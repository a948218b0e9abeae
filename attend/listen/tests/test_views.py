"""Listen's pages through Django's test client: answering without an account, the kind pages for links that
cannot be answered, results appearing only at the threshold, and the leader's and admin's forms (422 on bad input,
nothing saved)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from attend.core.models import AuditEvent
from attend.listen import selectors, services
from attend.listen.models import (
    Action,
    Invitation,
    InviteMethod,
    ListenSettings,
    OrganisationItem,
    PulseRound,
    Response,
    SelfView,
)
from attend.listen.tests.support import open_round, staff, tokens_of
from attend.organisations.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def pulse(team, leader, member, today):
    staff(team, 11)
    return open_round(team, leader.user, opens_on=today).round


# A shown score as the results table renders it ("7.5" alone is also in the NHS logo's drawing).
SCORE_7_5 = 'value="7.5"'


def answer_url(token: str) -> str:
    return reverse("listen:answer", kwargs={"pulse_token": token})


def full_answers(pulse_round, value: int = 4, comment: str = "") -> dict:
    return {**{key: str(value) for key in pulse_round.item_keys}, "comment": comment}


def answer(client, pulse_round, token, value=4, comment=""):
    return client.post(answer_url(token), full_answers(pulse_round, value, comment))


# Answering


def test_the_answer_page_asks_each_question_in_its_own_fieldset(client, pulse):
    response = client.get(answer_url(tokens_of(pulse)[0]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == len(pulse.item_keys)
    assert html.count('type="radio"') == 5 * len(pulse.item_keys)
    assert "do not include names" in html
    assert "sessionid" not in response.cookies


def test_an_answer_is_saved_once_and_thanked(client, pulse, today):
    token = tokens_of(pulse)[0]
    response = answer(client, pulse, token, comment="Thank you for the new rota.")
    assert response.status_code == 302 and response["Location"] == reverse("listen:thanks")
    saved = Response.objects.get()
    assert saved.answered_on == today and saved.comment == "Thank you for the new rota."
    again = client.get(answer_url(token))
    assert again.status_code == 200 and "You have already answered" in again.content.decode()
    repeat = answer(client, pulse, token, value=1)
    assert repeat.status_code == 200 and "You have already answered" in repeat.content.decode()
    assert Response.objects.count() == 1


def test_missing_answers_show_the_error_summary_and_save_nothing(client, pulse):
    token = tokens_of(pulse)[0]
    data = full_answers(pulse)
    first = pulse.item_keys[0]
    del data[first]
    response = client.post(answer_url(token), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "nhsuk-error-summary" in html and "Choose an answer for" in html
    assert not Response.objects.exists() and not Invitation.objects.filter(used=True).exists()


def test_an_answer_off_the_scale_is_refused(client, pulse):
    data = full_answers(pulse)
    data[pulse.item_keys[0]] = "9"
    assert client.post(answer_url(tokens_of(pulse)[0]), data).status_code == 422
    assert not Response.objects.exists()


def test_closed_unknown_and_early_links_explain_themselves(client, pulse, team, leader, today):
    token = tokens_of(pulse)[0]
    services.pulse_round_close(pulse_round=pulse)
    closed = client.get(answer_url(token))
    assert closed.status_code == 200 and "This pulse has closed" in closed.content.decode()
    unknown = client.get(answer_url("nothing-like-this"))
    assert unknown.status_code == 404 and "We cannot find this pulse" in unknown.content.decode()
    later = open_round(team, leader.user, opens_on=today + datetime.timedelta(days=3)).round
    early = client.get(answer_url(tokens_of(later)[0]))
    assert early.status_code == 200 and "not open yet" in early.content.decode()


def test_a_team_link_notices_a_second_answer_on_the_same_device(client, team, leader, today):
    staff(team, 3)
    opened = open_round(team, leader.user, opens_on=today, invite=InviteMethod.LINK)
    assert answer(client, opened.round, opened.team_link_token).status_code == 302
    page = client.get(answer_url(opened.team_link_token))
    assert "already answered on this device" in page.content.decode()
    assert client.get(answer_url(opened.team_link_token) + "?again=1").status_code == 200


def test_you_said_we_did_from_earlier_rounds_shows_on_the_answer_page(client, team, leader, today):
    staff(team, 2)
    earlier = open_round(team, leader.user, opens_on=today - datetime.timedelta(days=40)).round
    services.pulse_action_add(pulse_round=earlier, by=leader.user, text="Breaks are now protected on the rota")
    current = open_round(team, leader.user, opens_on=today).round
    page = client.get(answer_url(tokens_of(current)[0])).content.decode()
    assert "You said, we did" in page and "Breaks are now protected on the rota" in page


# Results


def test_results_appear_at_the_fifth_answer_and_not_before(client, leader_client, pulse):
    tokens = tokens_of(pulse)
    for token in tokens[:4]:
        answer(client, pulse, token)
    page = leader_client.get(reverse("listen:round", args=[pulse.pk])).content.decode()
    assert "Not enough answers yet: results appear when 5 people have answered." in page
    assert "4 of 12 answered" in page and "Score by theme" not in page
    answer(client, pulse, tokens[4])
    page = leader_client.get(reverse("listen:round", args=[pulse.pk])).content.decode()
    assert "Score by theme" in page and SCORE_7_5 in page and "5 of 12 answered" in page


@pytest.mark.parametrize(
    ("thresholds", "appear_at"),
    [(None, 10), ((4, 9), 12)],  # the defaults; batches of 4 reach a comment threshold of 9 only at 12
    ids=["defaults", "batches-of-4-comments-at-9"],
)
def test_comments_wait_for_the_whole_batch_that_reaches_their_threshold(
    client, leader_client, team, leader, member, org_admin, today, thresholds, appear_at
):
    if thresholds:
        figures, comments = thresholds
        services.listen_settings_update(
            organisation=team.organisation, by=org_admin.user, figure_threshold=figures, comment_threshold=comments
        )
    staff(team, 11)
    pulse = open_round(team, leader.user, opens_on=today).round
    tokens = tokens_of(pulse)
    for number, token in enumerate(tokens[: appear_at - 1]):
        answer(client, pulse, token, comment=f"Comment {number}")
    page = leader_client.get(reverse("listen:round", args=[pulse.pk])).content.decode()
    assert "Comment 0" not in page and f"Comments appear when {appear_at} people have answered" in page
    answer(client, pulse, tokens[appear_at - 1], comment=f"Comment {appear_at - 1}")
    page = leader_client.get(reverse("listen:round", args=[pulse.pk])).content.decode()
    assert all(f"Comment {n}" in page for n in range(appear_at))


def test_the_csv_has_only_the_suppressed_figures_and_safe_cells(client, leader_client, team, leader, org_admin, today):
    # The question is added before the round opens, so the round asks it and the CSV carries its text.
    services.listen_item_add(organisation=team.organisation, by=org_admin.user, text="=HYPERLINK(1)")
    staff(team, 6)
    pulse = open_round(team, leader.user, opens_on=today).round
    empty = leader_client.get(reverse("listen:round_csv", args=[pulse.pk])).content.decode()
    assert "Not enough answers yet" in empty and "7.5" not in empty
    for token in tokens_of(pulse)[:5]:
        answer(client, pulse, token, comment="secret words")
    csv = leader_client.get(reverse("listen:round_csv", args=[pulse.pk])).content.decode()
    assert "7.5" in csv and "secret words" not in csv
    cells = [cell for line in csv.splitlines() for cell in line.split(",")]
    assert "'=HYPERLINK(1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], "a spreadsheet would run these"


def test_the_trend_page_names_what_a_hidden_round_shows(client, leader_client, pulse):
    for token in tokens_of(pulse)[:5]:
        answer(client, pulse, token)
    page = leader_client.get(reverse("listen:trend", args=[pulse.team.pk])).content.decode()
    assert "A round shows “Not enough answers yet” until enough people have answered it." in page
    assert "</span>7.5\n" in page  # a trend cell: its column heading for narrow screens, then the score


def test_raising_the_threshold_hides_results_already_shown_and_says_why(client, leader_client, org_admin, pulse):
    for token in tokens_of(pulse)[:5]:
        answer(client, pulse, token)
    url = reverse("listen:round", args=[pulse.pk])
    assert "Score by theme" in leader_client.get(url).content.decode()
    services.listen_settings_update(
        organisation=pulse.organisation, by=org_admin.user, figure_threshold=6, comment_threshold=10
    )
    page = leader_client.get(url).content.decode()
    assert "Score by theme" not in page and SCORE_7_5 not in page
    assert "your organisation now asks for 6 answers" in page
    csv = leader_client.get(reverse("listen:round_csv", args=[pulse.pk])).content.decode()
    assert "7.5" not in csv


def test_the_self_view_is_the_leaders_alone_and_shows_the_gap(client, leader_client, org_admin_client, pulse):
    url = reverse("listen:self_view", args=[pulse.pk])
    assert org_admin_client.get(url).status_code == 404
    assert leader_client.get(url).status_code == 200
    assert leader_client.post(url, {}).status_code == 422
    response = leader_client.post(url, {item.key: "5" for item in selectors.self_view_items(pulse)})
    assert response.status_code == 302 and SelfView.objects.count() == 1
    for token in tokens_of(pulse)[:5]:
        answer(client, pulse, token)
    page = leader_client.get(reverse("listen:round", args=[pulse.pk])).content.decode()
    assert "+2.5" in page  # 10 about yourself, 7.5 from the team
    assert "+2.5" not in org_admin_client.get(reverse("listen:round", args=[pulse.pk])).content.decode()


# The leader's forms


def test_a_leader_opens_a_round_for_their_team_only(leader_client, team, other_team, today):
    url = reverse("listen:round_open")
    data = {
        "team": team.pk,
        "template_key": "monthly-pulse",
        "opens_on": today.isoformat(),
        "window_days": "14",
        "cadence": "monthly",
        "invite": "email",
    }
    stranger = TeamFactory(organisation=team.organisation, name="Ward 9")
    refused = leader_client.post(url, {**data, "team": stranger.pk})
    assert refused.status_code == 422 and not PulseRound.objects.exists()
    past = leader_client.post(url, {**data, "opens_on": (today - datetime.timedelta(days=1)).isoformat()})
    assert past.status_code == 422 and "nhsuk-error-summary" in past.content.decode()
    response = leader_client.post(url, data)
    pulse_round = PulseRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("listen:round", args=[pulse_round.pk])


@pytest.mark.parametrize(("members", "said"), [(1, "1 person has been invited"), (2, "2 people have been invited")])
def test_opening_a_round_says_how_many_were_invited_in_plain_words(leader_client, team, today, members, said):
    staff(team, members)
    data = {
        "team": team.pk,
        "template_key": "monthly-pulse",
        "opens_on": today.isoformat(),
        "window_days": "14",
        "cadence": "none",
        "invite": "email",
    }
    response = leader_client.post(reverse("listen:round_open"), data, follow=True)
    assert f"Round opened. {said}." in response.content.decode()


def test_an_admin_opens_a_round_for_any_team_with_a_team_link(org_admin_client, team, today):
    staff(team, 2)
    data = {
        "team": team.pk,
        "template_key": "monthly-pulse",
        "opens_on": today.isoformat(),
        "window_days": "7",
        "cadence": "none",
        "invite": "link",
    }
    response = org_admin_client.post(reverse("listen:round_open"), data, follow=True)
    assert "Your team link" in response.content.decode() and "/listen/answer/" in response.content.decode()


def test_actions_are_recorded_and_updated(leader_client, pulse):
    url = reverse("listen:action_add", args=[pulse.pk])
    assert leader_client.post(url, {"text": ""}).status_code == 422
    assert (
        leader_client.post(url, {"text": "Handover starts on time", "theme": "compassionate-leadership"}).status_code
        == 302
    )
    action = Action.objects.get()
    edit = reverse("listen:action_edit", args=[action.pk])
    assert leader_client.post(edit, {"text": "Handover starts on time", "status": "done"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_a_round_can_be_closed_early(leader_client, pulse):
    leader_client.post(reverse("listen:round_close", args=[pulse.pk]))
    pulse.refresh_from_db()
    assert pulse.is_closed


def test_closing_a_round_asks_first_and_the_question_changes_nothing(leader_client, pulse):
    url = reverse("listen:round_close", args=[pulse.pk])
    round_page = leader_client.get(reverse("listen:round", args=[pulse.pk])).content.decode()
    assert f'href="{url}"' in round_page  # a link to the question, not a button that closes at once
    page = leader_client.get(url)
    assert page.status_code == 200
    assert "Are you sure you want to close this round" in page.content.decode()
    pulse.refresh_from_db()
    assert not pulse.is_closed
    assert leader_client.post(url).status_code == 302
    pulse.refresh_from_db()
    assert pulse.is_closed
    assert leader_client.get(url).status_code == 302  # closed: nothing left to ask, back to the round


# The admin's pages


def test_thresholds_refuse_a_comment_threshold_below_the_figures_one(org_admin_client, organisation):
    url = reverse("listen:settings")
    refused = org_admin_client.post(url, {"figure_threshold": "8", "comment_threshold": "6"})
    assert refused.status_code == 422 and not ListenSettings.objects.exists()
    assert org_admin_client.post(url, {"figure_threshold": "8", "comment_threshold": "12"}).status_code == 302
    assert ListenSettings.objects.get().figure_threshold == 8
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANONYMITY_THRESHOLD_CHANGED).exists()


def test_organisation_questions_are_added_changed_and_archived(org_admin_client):
    url = reverse("listen:items")
    assert org_admin_client.post(url, {"text": "x" * 201}).status_code == 422
    assert org_admin_client.post(url, {"text": "I know who to ask when I am stuck"}).status_code == 302
    item = OrganisationItem.objects.get()
    assert (
        org_admin_client.post(reverse("listen:item_edit", args=[item.pk]), {"text": "I know who to ask"}).status_code
        == 302
    )
    org_admin_client.post(reverse("listen:item_archive", args=[item.pk]))
    item.refresh_from_db()
    assert item.text == "I know who to ask" and item.is_archived


def test_the_heatmap_shows_a_score_only_where_five_have_answered(client, org_admin_client, pulse, team, leader, today):
    for token in tokens_of(pulse)[:5]:
        answer(client, pulse, token)
    child = TeamFactory(organisation=team.organisation, parent=team, name="Ward 7 nights")
    staff(child, 4, start=100)
    small = open_round(child, leader.user, opens_on=today).round
    for token in tokens_of(small)[:4]:
        answer(client, small, token)
    page = org_admin_client.get(reverse("listen:heatmap")).content.decode()
    assert "Ward 7 nights" in page and ">7.5 high</strong>" in page and "Not enough answers yet" in page
    csv = org_admin_client.get(reverse("listen:heatmap_csv")).content.decode()
    assert csv.splitlines()[0].startswith("Team,") and "Ward 7 nights" in csv


@pytest.mark.parametrize(("who", "refused"), [("member_client", 403), ("other_leader_client", 404)])
def test_nobody_else_can_close_a_round_or_record_and_change_actions(request, who, refused, leader, pulse):
    """The role matrix only GETs these; here each write is posted by a team member and by another organisation's
    leader: refused, and nothing changes."""
    client = request.getfixturevalue(who)
    action = services.pulse_action_add(pulse_round=pulse, by=leader.user, text="Rota a week ahead")
    posts = {
        reverse("listen:round_close", args=[pulse.pk]): {},
        reverse("listen:action_add", args=[pulse.pk]): {"text": "Not theirs to say"},
        reverse("listen:action_edit", args=[action.pk]): {"text": "Changed", "status": "done"},
        reverse("listen:self_view", args=[pulse.pk]): dict.fromkeys(pulse.item_keys, "1"),
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == refused, url
    pulse.refresh_from_db()
    action.refresh_from_db()
    assert not pulse.is_closed and action.text == "Rota a week ahead" and action.status == "planned"
    assert Action.objects.count() == 1 and not SelfView.objects.exists()


def test_the_trend_shows_a_year_of_rounds_a_page_the_latest_first(leader_client, team, leader, today, monkeypatch):
    """A team's trend reads and shows the same number of rounds in its tenth year as in its first (issue 21)."""
    monkeypatch.setattr(selectors, "TREND_ROUNDS", 2)
    staff(team, 5)
    months = [datetime.date(2025, month, 1) for month in (1, 2, 3)]
    rounds = [open_round(team, leader.user, opens_on=day).round for day in months]
    url = reverse("listen:trend", args=[team.pk])

    latest = leader_client.get(url).content.decode()
    earlier = leader_client.get(f"{url}?page=2").content.decode()

    assert "Feb 2025" in latest and "Mar 2025" in latest and "Jan 2025" not in latest
    assert latest.index("Feb 2025") < latest.index("Mar 2025")  # oldest first, as a trend reads
    assert reverse("listen:round", args=[rounds[0].pk]) not in latest
    assert 'href="?page=2"' in latest and "Earlier rounds" in latest
    assert "Jan 2025" in earlier and "Feb 2025" not in earlier and "Later rounds" in earlier


# The list of rounds


def _rounds_listed(client) -> list[str]:
    """The rounds' link texts on the index, in the order shown."""
    html = client.get(reverse("listen:index")).content.decode()
    return re.findall(r'<a href="/listen/rounds/[^"]+">([^<]+)</a>', html)


def test_a_leader_sees_their_teams_rounds_team_by_team_and_an_admin_the_newest_first(
    team, leader, leader_client, org_admin_client, today
):
    other = TeamFactory(organisation=team.organisation, name="A ward first by name")
    leader.team_memberships.create(team=other, role="leader")
    staff(team, 6)
    staff(other, 6, start=100)
    open_round(team, leader.user, opens_on=today)
    open_round(other, leader.user, opens_on=today - datetime.timedelta(days=40))
    newest, oldest = f"{team.name}, from", "A ward first by name, from"

    by_team = _rounds_listed(leader_client)
    by_date = _rounds_listed(org_admin_client)

    assert [text.split(" from")[0] for text in by_team] == ["A ward first by name,", f"{team.name},"]
    assert by_date[0].startswith(newest) and by_date[1].startswith(oldest)
