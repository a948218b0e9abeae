"""Listen's writes against the database: opening rounds and inviting, answering once, sealing whole batches,
closing and rolling rounds by cadence, thresholds and organisation questions, each audited."""

import datetime

import pytest

from attend.core.models import AuditEvent
from attend.listen import anonymity, services
from attend.listen.models import Invitation, InviteMethod, ListenSettings, PulseRound, Response, TeamLink
from attend.listen.tests.support import OPENS, all_agree, open_round, staff, template_keys, tokens_of
from attend.nudges.models import Notification

pytestmark = pytest.mark.django_db
DURING = OPENS + datetime.timedelta(days=3)


def submit(token, pulse_round, *, comment="", today=DURING, value=4):
    return services.pulse_response_submit(
        token=token, answers=dict.fromkeys(pulse_round.item_keys, value), comment=comment, today=today
    )


@pytest.fixture
def opened(team, leader, member):
    staff(team, 11)
    return open_round(team, leader.user)


# Opening


def test_opening_invites_each_member_through_nudges_and_snapshots_the_batch_size(opened, team, leader, member):
    pulse_round = opened.round
    assert pulse_round.invited == 12  # Mo Member and eleven more; never the leader
    assert Invitation.objects.filter(round=pulse_round).count() == 12
    people = set(Notification.objects.filter(kind="pulse_invitation").values_list("person__email", flat=True))
    assert member.user.email in people and leader.user.email not in people
    assert pulse_round.batch_size == 5 and pulse_round.comment_threshold == 10
    assert list(pulse_round.item_keys) == list(template_keys())
    assert pulse_round.closes_on == OPENS + datetime.timedelta(days=13)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PULSE_ROUND_OPENED).count() == 1


def test_an_invitation_keeps_no_trace_of_its_person(opened):
    invitation = Invitation.objects.filter(round=opened.round).first()
    assert {field.name for field in Invitation._meta.concrete_fields} == {"id", "round", "token_hash", "used"}
    assert len(invitation.token_hash) == 64


def test_a_team_link_round_keeps_one_link_and_emails_no_one(team, leader):
    staff(team, 4)
    opened = open_round(team, leader.user, invite=InviteMethod.LINK)
    assert opened.team_link_token and TeamLink.objects.get(round=opened.round).token == opened.team_link_token
    assert not Invitation.objects.exists() and not Notification.objects.exists()
    for _ in range(2):  # a shared link cannot count people: it takes every answer
        submit(opened.team_link_token, opened.round)
    assert Response.objects.count() == 2


def test_the_batch_size_is_the_organisation_threshold_at_opening(team, leader, organisation):
    services.listen_settings_update(organisation=organisation, by=leader.user, figure_threshold=7, comment_threshold=12)
    staff(team, 3)
    assert open_round(team, leader.user).round.batch_size == 7


# Answering and sealing


def test_responses_wait_pending_until_five_then_seal_together(opened):
    tokens = tokens_of(opened.round)
    for token in tokens[:4]:
        submit(token, opened.round)
    assert list(Response.objects.values_list("batch", flat=True)) == [None] * 4
    before = set(Response.objects.values_list("id", flat=True))
    submit(tokens[4], opened.round)
    assert sorted(Response.objects.values_list("batch", flat=True)) == [1] * 5
    assert before.isdisjoint(set(Response.objects.values_list("id", flat=True))), "sealing gives fresh ids"
    for token in tokens[5:10]:
        submit(token, opened.round)
    assert sorted(Response.objects.values_list("batch", flat=True)) == [1] * 5 + [2] * 5


def test_a_used_link_counts_once_and_says_so(opened):
    token = tokens_of(opened.round)[0]
    submit(token, opened.round)
    with pytest.raises(services.LinkProblem) as problem:
        submit(token, opened.round, value=1)
    assert problem.value.kind == services.LinkProblem.USED
    assert Response.objects.count() == 1
    assert Invitation.objects.get(token_hash=Invitation.hash(token)).used is True


def test_an_expired_or_early_or_unknown_link_saves_nothing(opened):
    token = tokens_of(opened.round)[0]
    cases = [
        (token, opened.round.closes_on + datetime.timedelta(days=1), services.LinkProblem.EXPIRED),
        (token, OPENS - datetime.timedelta(days=1), services.LinkProblem.NOT_YET),
        ("not-a-token", DURING, services.LinkProblem.UNKNOWN),
    ]
    for link, day, kind in cases:
        with pytest.raises(services.LinkProblem) as problem:
            submit(link, opened.round, today=day)
        assert problem.value.kind == kind
    assert not Response.objects.exists()
    assert not Invitation.objects.filter(used=True).exists()


def test_incomplete_answers_save_nothing_and_leave_the_link_usable(opened):
    token = tokens_of(opened.round)[0]
    with pytest.raises(ValueError):
        services.pulse_response_submit(token=token, answers={}, comment="", today=DURING)
    assert not Response.objects.exists()
    assert services.pulse_link_check(token=token, today=DURING) == opened.round


def test_a_comment_over_the_limit_saves_nothing_and_leaves_the_link_usable(opened):
    token = tokens_of(opened.round)[0]
    answers = dict.fromkeys(opened.round.item_keys, 3)
    with pytest.raises(ValueError, match="under 1000 characters"):
        services.pulse_response_submit(token=token, answers=answers, comment="x" * 1001, today=DURING)
    assert not Response.objects.exists()
    services.pulse_response_submit(token=token, answers=answers, comment="x" * 1000, today=DURING)
    assert Response.objects.count() == 1


def test_a_response_keeps_the_day_and_an_encrypted_comment(opened):
    submit(tokens_of(opened.round)[0], opened.round, comment="More time to talk in handover, please.")
    response = Response.objects.get()
    assert response.answered_on == DURING
    assert response.comment == "More time to talk in handover, please."


# Closing and rolling


def test_closing_keeps_the_pending_remainder_out_of_every_batch(opened):
    tokens = tokens_of(opened.round)
    for token in tokens[:7]:
        submit(token, opened.round)
    services.pulse_round_close(pulse_round=opened.round)
    batches = sorted(Response.objects.values_list("batch", flat=True), key=lambda b: (b is None, b))
    assert batches == [1] * 5 + [None] * 2
    with pytest.raises(services.LinkProblem) as problem:
        submit(tokens[8], opened.round)
    assert problem.value.kind == services.LinkProblem.EXPIRED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PULSE_ROUND_CLOSED).count() == 1


def test_rolling_closes_ended_rounds_and_opens_the_next_monthly_round_once(team, leader):
    staff(team, 5)
    first = open_round(team, leader.user, cadence="monthly").round
    assert services.pulse_rounds_roll(today=OPENS + datetime.timedelta(days=20)) == {"closed": 1, "opened": 0}
    assert services.pulse_rounds_roll(today=datetime.date(2027, 1, 1)) == {"closed": 0, "opened": 1}
    assert services.pulse_rounds_roll(today=datetime.date(2027, 1, 2)) == {"closed": 0, "opened": 0}
    second = PulseRound.objects.exclude(pk=first.pk).get()
    assert second.opens_on == datetime.date(2027, 1, 1) and second.cadence == "monthly"
    assert second.closes_on == datetime.date(2027, 1, 14)
    assert Invitation.objects.filter(round=second).count() == 5
    first.refresh_from_db()
    assert first.is_closed and first.next_round_created


def test_a_quarterly_round_repeats_three_months_on_and_a_one_off_never(team, leader):
    open_round(team, leader.user, cadence="quarterly")
    open_round(team, leader.user, cadence="none", opens_on=datetime.date(2026, 12, 2))
    services.pulse_rounds_roll(today=datetime.date(2027, 2, 28))
    assert PulseRound.objects.count() == 2
    services.pulse_rounds_roll(today=datetime.date(2027, 3, 1))
    assert sorted(PulseRound.objects.values_list("opens_on", flat=True))[-1] == datetime.date(2027, 3, 1)
    assert PulseRound.objects.count() == 3


# Settings and questions


def test_thresholds_are_audited_and_never_below_the_rules(organisation, org_admin):
    services.listen_settings_update(
        organisation=organisation, by=org_admin.user, figure_threshold=8, comment_threshold=11
    )
    assert ListenSettings.objects.get().thresholds() == anonymity.Thresholds(figures=8, comments=11)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ANONYMITY_THRESHOLD_CHANGED)
    assert event.details == {"before": {"figures": 5, "comments": 10}, "after": {"figures": 8, "comments": 11}}
    for figures, comments in [(2, 10), (6, 5)]:
        with pytest.raises(ValueError):
            services.listen_settings_update(
                organisation=organisation, by=org_admin.user, figure_threshold=figures, comment_threshold=comments
            )
    assert ListenSettings.objects.get().thresholds() == anonymity.Thresholds(figures=8, comments=11)


def test_organisation_questions_join_new_rounds_and_leave_when_archived(team, leader, org_admin):
    item = services.listen_item_add(organisation=team.organisation, by=org_admin.user, text="I know who to ask")
    assert item.key in open_round(team, leader.user).round.item_keys
    services.listen_item_archive(item=item, by=org_admin.user)
    assert item.key not in open_round(team, leader.user, opens_on=datetime.date(2026, 12, 5)).round.item_keys
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {AuditEvent.Action.PULSE_QUESTION_ADDED, AuditEvent.Action.PULSE_QUESTION_CHANGED} <= actions


def test_self_view_and_actions_are_saved(opened, leader):
    view = services.self_view_save(pulse_round=opened.round, leader=leader.user, answers=all_agree(opened.round))
    again = services.self_view_save(pulse_round=opened.round, leader=leader.user, answers={"x": 1})
    assert view.pk == again.pk
    action = services.pulse_action_add(pulse_round=opened.round, by=leader.user, text=" Rota a week ahead ", theme="x")
    services.pulse_action_update(action=action, text="Rota two weeks ahead", status="done")
    action.refresh_from_db()
    assert (action.text, action.status, action.team_id) == ("Rota two weeks ahead", "done", opened.round.team_id)
