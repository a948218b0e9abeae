"""Every service that writes text people typed refuses what no page can show, naming the field, and writes
nothing: a NUL byte (which PostgreSQL refuses outright and SQLite stores), another control character, a lone
surrogate, or text longer than its column. Runs on SQLite and, with scripts/with_postgres.sh, PostgreSQL."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from attend.accounts.services import user_profile_update
from attend.connect import services as connect
from attend.connect.models import Action as ConnectAction
from attend.connect.models import Conversation, Pairing, SupportService
from attend.diary import services as diary
from attend.diary.models import DiaryCalendar
from attend.listen import question_bank
from attend.listen import services as listen
from attend.listen.models import Action as ListenAction
from attend.listen.models import OrganisationItem, PulseRound
from attend.organisations import services as organisations
from attend.organisations.tests.support import BASE_URL
from attend.practice import services as practice
from attend.practice.models import PracticeSession
from attend.practice.timing import Stage, TimerSettings
from attend.programme import services as programme
from attend.programme.models import Cohort, Post, Session, Thread
from attend.reflect import services as reflect
from attend.reflect.models import JournalEntry

pytestmark = pytest.mark.django_db

BAD = {
    "a NUL byte": "Ward\x00 7",
    "an escape": "Ward\x1b[2J 7",
    "a C1 control": "Ward\x9b 7",
    "a lone surrogate": "Ward \ud83d 7",
}


def world(leader, member, facilitator, org_admin, private_things, journal=None):
    pairing = Pairing.objects.get(leader=leader.user, person=member.user)
    return {
        "leader": leader,
        "member": member,
        "facilitator": facilitator,
        "org_admin": org_admin,
        "organisation": leader.organisation,
        "team": leader.teams_led().first(),
        "pairing": pairing,
        "conversation": Conversation.objects.get(pk=private_things["conversation_id"]),
        "calendar": DiaryCalendar.objects.get(pk=private_things["diary_calendar_id"]),
        "round": PulseRound.objects.get(pk=private_things["pulse_round_id"]),
        "listen_action": ListenAction.objects.get(pk=private_things["listen_action_id"]),
        "item": OrganisationItem.objects.get(pk=private_things["listen_item_id"]),
        "cohort": Cohort.objects.get(pk=private_things["cohort_id"]),
        "session": Session.objects.get(pk=private_things["session_id"]),
        "thread": Thread.objects.get(pk=private_things["thread_id"]),
        "post": Post.objects.get(pk=private_things["post_id"]),
        "practice_session": PracticeSession.objects.get(client_id=private_things["client_id"]),
        "entry": JournalEntry.objects.get(pk=journal["entry_id"]) if journal else None,
        "token": private_things["pulse_token"],
    }


def _soon():
    return timezone.now() + datetime.timedelta(days=3)


# (what, field named, how to call the service with the bad text)
CASES = [
    (
        "profile name",
        "name",
        lambda w, t: user_profile_update(
            user=w["member"].user,
            name=t,
            time_zone="Europe/London",
            working_days=[0],
            working_day_start=datetime.time(9),
            working_day_end=datetime.time(17),
        ),
    ),
    (
        "team name",
        "name",
        lambda w, t: organisations.team_create(
            organisation=w["organisation"], name=t, parent=None, by=w["org_admin"].user
        ),
    ),
    ("team rename", "name", lambda w, t: organisations.team_rename(team=w["team"], name=t, by=w["org_admin"].user)),
    (
        "invited person's name",
        "name",
        lambda w, t: organisations.person_invite(
            organisation=w["organisation"],
            name=t,
            email="new@example.test",
            roles=set(),
            team=None,
            by=w["org_admin"].user,
            base_url=BASE_URL,
        ),
    ),
    (
        "organisation name",
        "name",
        lambda w, t: organisations.organisation_create(
            name=t, is_nhs=False, admin_name="Ada", admin_email="ada@example.test", base_url=BASE_URL
        ),
    ),
    (
        "conversation place",
        "place",
        lambda w, t: connect.conversation_schedule(
            pairing=w["pairing"], kind="wellbeing", starts_at=_soon(), minutes=30, place=t
        ),
    ),
    (
        "conversation summary",
        "summary",
        lambda w, t: connect.conversation_shared_save(conversation=w["conversation"], summary=t, plan=""),
    ),
    (
        "private note",
        "text",
        lambda w, t: connect.private_note_save(conversation=w["conversation"], author=w["leader"].user, text=t),
    ),
    (
        "talking point",
        "text",
        lambda w, t: connect.talking_point_add(pairing=w["pairing"], by=w["member"].user, text=t),
    ),
    (
        "connect action",
        "text",
        lambda w, t: connect.action_add(pairing=w["pairing"], owner=w["leader"].user, text=t, due_on=None),
    ),
    (
        "wellbeing plan",
        "physical",
        lambda w, t: connect.wellbeing_plan_save(
            person=w["member"].user,
            organisation=w["organisation"],
            sections={"physical": t},
            shared_sections=[],
            shared_with=[],
            review_on=datetime.date(2027, 1, 1),
        ),
    ),
    (
        "support service",
        "description",
        lambda w, t: connect.support_service_save(
            organisation=w["organisation"], by=w["org_admin"].user, name="OH", description=t, contact="x"
        ),
    ),
    (
        "calendar name",
        "name",
        lambda w, t: diary.diary_calendar_create(owner=w["leader"].user, source="upload", name=t),
    ),
    ("calendar rename", "name", lambda w, t: diary.diary_calendar_rename(calendar=w["calendar"], name=t)),
    (
        "pulse comment",
        "comment",
        lambda w, t: listen.pulse_response_submit(
            token=w["token"], answers=dict.fromkeys(w["round"].item_keys, 4), comment=t, today=timezone.localdate()
        ),
    ),
    (
        "listen action",
        "text",
        lambda w, t: listen.pulse_action_add(pulse_round=w["round"], by=w["leader"].user, text=t),
    ),
    (
        "listen action change",
        "text",
        lambda w, t: listen.pulse_action_update(action=w["listen_action"], text=t, status="planned"),
    ),
    (
        "practice title",
        "title",
        lambda w, t: practice.practice_session_record(
            person=w["leader"].user,
            organisation=w["organisation"],
            client_id=uuid.uuid4(),
            kind="guided",
            practice_key="breathing-space",
            title=t,
            started_at=timezone.now(),
            planned_seconds=60,
            actual_seconds=None,
            ended=False,
            completed=False,
        ),
    ),
    (
        "check-in note",
        "note",
        lambda w, t: practice.practice_session_check_in(session=w["practice_session"], feeling="", note=t),
    ),
    (
        "timer name",
        "name",
        lambda w, t: practice.timer_preset_save(
            person=w["leader"].user, name=t, settings=TimerSettings(stages=(Stage("Sit", 600),))
        ),
    ),
    (
        "programme title",
        "title",
        lambda w, t: programme.programme_create(organisation=w["organisation"], by=w["facilitator"].user, title=t),
    ),
    (
        "cohort name",
        "name",
        lambda w, t: programme.cohort_create(
            programme=w["cohort"].programme,
            by=w["facilitator"].user,
            name=t,
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 3, 1),
        ),
    ),
    (
        "session place",
        "place",
        lambda w, t: programme.session_schedule(
            cohort=w["cohort"], by=w["facilitator"].user, title="Session", starts_at=_soon(), minutes=60, place=t
        ),
    ),
    (
        "session change",
        "description",
        lambda w, t: programme.session_change(
            session=w["session"],
            by=w["facilitator"].user,
            title="Session",
            starts_at=w["session"].starts_at,
            minutes=60,
            description=t,
        ),
    ),
    (
        "material",
        "title",
        lambda w, t: programme.material_add(cohort=w["cohort"], by=w["facilitator"].user, title=t, text="Read this"),
    ),
    ("post", "text", lambda w, t: programme.post_create(thread=w["thread"], author=w["leader"].user, text=t)),
    ("post report", "reason", lambda w, t: programme.post_report(post=w["post"], by=w["leader"].user, reason=t)),
    (
        "journal title",
        "title",
        lambda w, t: reflect.journal_entry_update(
            entry=w["entry"], title=t, event_date=None, answers={}, feelings=[], tags=[], finish=False
        ),
    ),
    (
        "journal answer",
        "answer_free",
        lambda w, t: reflect.journal_entry_update(
            entry=w["entry"],
            title="",
            event_date=None,
            answers={"free": {"text": t, "choices": []}},
            feelings=[],
            tags=[],
            finish=False,
        ),
    ),
    (
        "journal tag",
        "tags",
        lambda w, t: reflect.journal_entry_update(
            entry=w["entry"], title="", event_date=None, answers={}, feelings=[], tags=[t], finish=False
        ),
    ),
    (
        "reflection template",
        "prompts",
        lambda w, t: reflect.organisation_template_create(
            organisation=w["organisation"],
            by=w["facilitator"].user,
            name="Debrief",
            summary="After a debrief",
            prompts=[(t, "")],
        ),
    ),
]


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table.startswith(
                (
                    "accounts_",
                    "organisations_",
                    "connect_",
                    "diary_",
                    "listen_",
                    "practice_",
                    "programme_",
                    "reflect_",
                    "nudges_",
                    "core_",
                )
            ):
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
        return counts


@pytest.mark.parametrize(("what", "field", "call"), CASES, ids=[case[0] for case in CASES])
def test_a_service_refuses_text_no_page_can_show_naming_the_field(
    leader, member, facilitator, org_admin, private_things, journal, what, field, call
):
    things = world(leader, member, facilitator, org_admin, private_things, journal)
    before = table_counts()

    for kind, bad in BAD.items():
        with pytest.raises(ValidationError) as refused:
            call(things, bad)

        assert field in refused.value.message_dict, (kind, refused.value.message_dict)
        assert "Remove it and try again" in " ".join(refused.value.message_dict[field]), kind
        assert table_counts() == before, kind


def test_an_organisation_question_is_refused_by_the_question_checker(org_admin):
    with pytest.raises(question_bank.BankError, match="the text contains a null character"):
        listen.listen_item_add(organisation=org_admin.organisation, by=org_admin.user, text="I feel\x00 heard")

    assert not OrganisationItem.objects.filter(text__contains="heard").exists()


@pytest.mark.parametrize(
    ("model", "field", "call"),
    [
        (
            Session,
            "title",
            lambda w, t: programme.session_schedule(
                cohort=w["cohort"], by=w["facilitator"].user, title=t, starts_at=_soon(), minutes=60
            ),
        ),
        (
            SupportService,
            "name",
            lambda w, t: connect.support_service_save(
                organisation=w["organisation"], by=w["org_admin"].user, name=t, description="d", contact="c"
            ),
        ),
    ],
)
def test_text_at_its_longest_is_saved_and_one_more_is_refused(
    leader, member, facilitator, org_admin, private_things, model, field, call
):
    things = world(leader, member, facilitator, org_admin, private_things)
    longest = model._meta.get_field(field).max_length

    saved = call(things, "é" * longest)  # on PostgreSQL a discussion titled after it must fit too

    assert getattr(saved, field) == "é" * longest
    with pytest.raises(ValidationError, match=f"{longest} characters or fewer"):
        call(things, "é" * (longest + 1))


def test_connect_actions_are_saved_normalised(leader, member, facilitator, org_admin, private_things):
    things = world(leader, member, facilitator, org_admin, private_things)

    action = connect.action_add(pairing=things["pairing"], owner=leader.user, text="A\u0308rzte", due_on=None)

    assert ConnectAction.objects.get(pk=action.pk).content["text"] == "\u00c4rzte"


@pytest.mark.parametrize(("name", "admin_name"), [("Bad\x1bname", "Ada Admin"), ("Northgate", "Ada\x00 Admin")])
def test_the_organisation_command_says_what_is_wrong_with_a_name(name, admin_name):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="contains a"):
        call_command(
            "organisation_create",
            name,
            f"--admin-name={admin_name}",
            "--admin-email=ada@example.test",
            "--site-url=https://attend.example",
            "--not-nhs",
            "--no-email",
        )
