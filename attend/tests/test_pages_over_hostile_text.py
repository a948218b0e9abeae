"""Every page a person can open, over hostile-but-allowed text written through the services of every module.

The text is what people really write, and what an attacker would: markup and script, template syntax,
spreadsheet formulas, right-to-left marks and overrides, emoji joined with zero-width joiners, stacks of
combining marks, words too long to wrap, and every field at its longest. It is written through the services (so
under the one set of text rules in `core/validators.py`); then every URL of the role-by-URL table is opened by
every role with Django's test client. Each answers as the table says (never 500), the script marker only ever
appears escaped, and no text in the database breaks the rules: nothing refused got in.
"""

import datetime
import random
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils import timezone

from attend.accounts.services import user_profile_update
from attend.connect import services as connect
from attend.connect.guides import PLAN_KEYS
from attend.connect.models import Conversation, Pairing, SupportService
from attend.core.crypto import EncryptedJSONField
from attend.core.validators import text_problem
from attend.diary import services as diary
from attend.diary.models import DiaryCalendar
from attend.diary.tests.support import at, this_monday
from attend.listen import services as listen
from attend.listen.models import Action as ListenAction
from attend.listen.models import OrganisationItem, PulseRound
from attend.listen.tests.support import pulse_token_for
from attend.nudges.services import notification_create
from attend.organisations import services as organisations
from attend.practice import services as practice
from attend.practice.models import OrganisationPractice, PracticeSession, TimerPreset
from attend.practice.timing import Stage, TimerSettings
from attend.programme import services as programme
from attend.programme.models import Cohort, Session, Thread
from attend.reflect import services as reflect
from attend.reflect.models import JournalEntry
from attend.tests.roles import ROLES
from attend.tests.test_url_roles import EXPECTED, url_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MARKER = "<script>alert(1)</script>"
ESCAPED_MARKER = "&lt;script&gt;alert(1)&lt;/script&gt;"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FRAGMENTS = [
    '"><img src=x onerror=alert(2)>',
    "{{ 7*7 }} {% debug %} ${7*7}",
    '=HYPERLINK("https://example.test","x")',
    "+SUM(A1:A9)",
    "@cmd",
    "-2+3",
    "\u202egnp.exe\u202c",
    "\u200fשלום עולם\u200f",
    "مرحبا بالعالم",
    "👩🏽‍⚕️👨‍👩‍👧‍👦🏳️‍🌈",
    "Z̷̢͓̈a̶̗͝l̵̰̈́g̸̱̈́ö̴̜",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
    "&amp; &lt;b&gt; &#x27;",
    'O\'Brien "quoted" `back`',
    "\\x00 \\u0000 %00",
    "zero\u200bwidth\u200djoin\ufeffbom",
    "Zoë Ångström Łukasz Ñandú",
]


def hostile(rng: random.Random, length: int, *, multiline: bool = False, marker: bool = True) -> str:
    """Hostile text exactly `length` characters long (when the field allows that much), starting with the
    script marker so each page that shows it can be checked."""
    parts = [MARKER] if marker else []
    while sum(len(part) + 1 for part in parts) < length:
        parts.append(rng.choice(FRAGMENTS))
    text = ("\n" if multiline else " ").join(parts)[:length]
    return text.rstrip() + "x" * (length - len(text.rstrip()))


def write_hostile_text(people: dict, things: dict, journal: dict, rng: random.Random) -> None:
    """Hostile text into what each module's pages show, through that module's services."""
    leader, member, facilitator, org_admin = (people[role] for role in ("leader", "member", "facilitator", "org_admin"))
    organisation = leader.organisation
    for membership in people.values():
        user = membership.user
        user_profile_update(
            user=user,
            name=hostile(rng, 150),
            time_zone=user.time_zone,
            working_days=user.working_days,
            working_day_start=user.working_day_start,
            working_day_end=user.working_day_end,
        )

    # Organisations: the team everyone is in, and a new one.
    team = leader.teams_led().first()
    organisations.team_rename(team=team, name=hostile(rng, 200), by=org_admin.user)
    organisations.team_create(organisation=organisation, name=hostile(rng, 199), parent=team, by=org_admin.user)

    # Practice: the organisation's own practice, a saved timer, a check-in.
    own = OrganisationPractice.objects.get(pk=things["practice_id"])
    cue = hostile(rng, 280).replace("\n", " ")
    practice.organisation_practice_save(
        organisation=organisation,
        by=facilitator.user,
        practice=own,
        title=hostile(rng, 100),
        purpose=hostile(rng, 140),
        when=hostile(rng, 140),
        length_seconds=60,
        script=f"0:00 {cue}\n0:30 {hostile(rng, 200)}",
    )
    preset = TimerPreset.objects.get(pk=things["preset_id"])
    practice.timer_preset_save(
        person=leader.user,
        preset=preset,
        name=hostile(rng, 80),
        settings=TimerSettings(stages=(Stage(hostile(rng, 40), 600), Stage(hostile(rng, 40), 300))),
    )
    session = PracticeSession.objects.get(client_id=things["client_id"])
    practice.practice_session_check_in(session=session, feeling="", note=hostile(rng, 1000, multiline=True))

    # Reflect: the leader's entry (shared with the member), and an organisation template.
    entry = JournalEntry.objects.get(pk=journal["entry_id"])
    reflect.journal_entry_update(
        entry=entry,
        title=hostile(rng, 150),
        event_date=None,
        answers={
            prompt["key"]: {"text": hostile(rng, 3000, multiline=True), "choices": []}
            for prompt in entry.content["prompts"]
        },
        feelings=[],
        tags=[hostile(rng, 40), hostile(rng, 40, marker=False)],
        finish=True,
    )
    reflect.organisation_template_create(
        organisation=organisation,
        by=facilitator.user,
        name=hostile(rng, 80),
        summary=hostile(rng, 200),
        prompts=[(hostile(rng, 200), hostile(rng, 200))],
    )

    # Connect: the pairing's conversation, notes, points, actions, the member's plan, a support service.
    pairing = Pairing.objects.get(pk=things["pairing_id"])
    conversation = Conversation.objects.get(pk=things["conversation_id"])
    connect.conversation_shared_save(
        conversation=conversation, summary=hostile(rng, 5000, multiline=True), plan=hostile(rng, 500, multiline=True)
    )
    connect.private_note_save(conversation=conversation, author=leader.user, text=hostile(rng, 5000, multiline=True))
    connect.talking_point_add(pairing=pairing, by=member.user, text=hostile(rng, 300))
    connect.action_add(pairing=pairing, owner=leader.user, text=hostile(rng, 300), due_on=timezone.localdate())
    connect.conversation_schedule(
        pairing=pairing,
        kind="wellbeing",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        minutes=30,
        place=hostile(rng, 120),
    )
    connect.wellbeing_plan_save(
        person=member.user,
        organisation=organisation,
        sections={key: hostile(rng, 3000, multiline=True) for key in PLAN_KEYS},
        shared_sections=list(PLAN_KEYS),
        shared_with=[leader.user],
        review_on=timezone.localdate() + datetime.timedelta(days=200),
    )
    connect.support_service_save(
        organisation=organisation,
        by=org_admin.user,
        service=SupportService.objects.get(pk=things["service_id"]),
        name=hostile(rng, 100),
        description=hostile(rng, 300),
        contact=hostile(rng, 200),
    )

    # Diary: the calendar's name, and an import whose events have hostile titles.
    calendar = DiaryCalendar.objects.get(pk=things["diary_calendar_id"])
    diary.diary_calendar_rename(calendar=calendar, name=hostile(rng, 100))
    monday = this_monday()
    events = [(hostile(rng, 300), at(monday + datetime.timedelta(days=day), 10), at(monday, 11)) for day in range(1)]
    events += [
        (hostile(rng, 120), at(monday + datetime.timedelta(days=2), 9), at(monday + datetime.timedelta(days=2), 17))
    ]
    diary.diary_import_start(calendar=calendar, data=ics_with(events), file_name=hostile(rng, 200), run_now=True)

    # Listen: an organisation question, a "you said, we did" action, an anonymous comment.
    listen.listen_item_edit(
        item=OrganisationItem.objects.get(pk=things["listen_item_id"]), by=org_admin.user, text=hostile(rng, 200)
    )
    listen.pulse_action_update(
        action=ListenAction.objects.get(pk=things["listen_action_id"]),
        text=hostile(rng, 500, multiline=True),
        status="planned",
    )
    pulse_round = PulseRound.objects.get(pk=things["pulse_round_id"])
    listen.pulse_response_submit(
        token=pulse_token_for(pulse_round),
        answers=dict.fromkeys(pulse_round.item_keys, 3),
        comment=hostile(rng, 1000, multiline=True),
        today=timezone.localdate(),
    )

    # Programme: a new programme, the session, a material, a post.
    cohort = Cohort.objects.get(pk=things["cohort_id"])
    programme.programme_create(
        organisation=organisation,
        by=facilitator.user,
        title=hostile(rng, 150),
        description=hostile(rng, 3000, multiline=True),
    )
    session = Session.objects.get(pk=things["session_id"])
    programme.session_change(
        session=session,
        by=facilitator.user,
        title=hostile(rng, 150),
        starts_at=session.starts_at,
        minutes=120,
        place=hostile(rng, 200),
        description=hostile(rng, 3000, multiline=True),
    )
    programme.material_add(
        cohort=cohort, by=facilitator.user, title=hostile(rng, 150), text=hostile(rng, 5000, multiline=True)
    )
    programme.post_create(
        thread=Thread.objects.get(pk=things["thread_id"]), author=leader.user, text=hostile(rng, 4000, multiline=True)
    )

    # Nudges: a notification whose title quotes what someone wrote.
    notification_create(person=leader.user, kind="reflection_shared", title=hostile(rng, 150), link="/reflect/")


def ics_with(events) -> bytes:
    """A calendar whose SUMMARY lines hold the text as iCalendar escapes it."""

    def escaped(text: str) -> str:
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Attend hostile tests//EN"]
    for index, (title, start, end) in enumerate(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:hostile-{index}@example.org",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART:{start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
            f"DTEND:{max(end, start + datetime.timedelta(minutes=30)).astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{escaped(title)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def refused_writes(people: dict, things: dict) -> None:
    """What the services must refuse: none of it may reach the database."""
    leader = people["leader"]
    attempts = [
        lambda: connect.talking_point_add(
            pairing=Pairing.objects.get(pk=things["pairing_id"]), by=leader.user, text="refused\x00"
        ),
        lambda: organisations.team_create(
            organisation=leader.organisation, name="refused\x1b", parent=None, by=people["org_admin"].user
        ),
        lambda: programme.post_create(
            thread=Thread.objects.get(pk=things["thread_id"]), author=leader.user, text="refused \ud800"
        ),
        lambda: practice.organisation_practice_save(
            organisation=leader.organisation,
            by=people["facilitator"].user,
            title="refused",
            purpose="p",
            when="w",
            length_seconds=60,
            script="no cue times",
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def text_breaking_the_rules() -> list[str]:
    """Every text value in every Attend table (encrypted ones decrypted) that breaks the text rules."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("attend."):
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField | EncryptedJSONField)
        ]
        for row in model.objects.values_list(*fields) if fields else ():
            for name, value in zip(fields, row, strict=True):
                for text in strings_in(value):
                    if text_problem(text, multiline=True):
                        found.append(f"{model.__name__}.{name}: {text[:60]!r}")
    return found


def test_every_page_answers_over_hostile_text_and_shows_it_escaped(
    team, member, leader, other_leader, facilitator, org_admin, journal, private_things
):
    people = {
        "member": member,
        "leader": leader,
        "other_leader": other_leader,
        "facilitator": facilitator,
        "org_admin": org_admin,
    }
    write_hostile_text(people, private_things, journal, random.Random(14))
    refused_writes(people, private_things)

    wrong, shown_escaped = [], set()
    arguments = {**journal, **private_things}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(people[role].user)
        for name in sorted(EXPECTED):
            response = client.get(url_for(name, team, member, arguments))
            if response.status_code != EXPECTED[name][role]:
                wrong.append(f"{role} GET {name}: {response.status_code}, expected {EXPECTED[name][role]}")
            if response.status_code != 200 or response.streaming:
                continue
            if "html" in response.get("Content-Type", ""):
                body = response.content.decode("utf-8")
                assert MARKER not in body, f"{role} GET {name} shows the script marker unescaped"
                assert not CONTROL.search(body), f"{role} GET {name} sends a control character"
                if ESCAPED_MARKER in body:
                    shown_escaped.add(name)

    assert wrong == []
    # The pages that show what people wrote really did show it (escaped): the sweep is not vacuous.
    assert {
        "core:today",
        "organisations:teams",
        "organisations:people",
        "practice:index",
        "practice:player",
        "practice:preset_player",
        "reflect:entry",
        "reflect:shared_entry",
        "reflect:index",
        "connect:pairing",
        "connect:conversation",
        "connect:plan",
        "connect:support",
        "listen:items",
        "nudges:notifications",
        "programme:index",
        "programme:cohort",
        "programme:session",
        "programme:thread",
        "diary:index",
        "diary:calendar",
        "diary:week",
        "listen:round",
    } - shown_escaped == set(), sorted(shown_escaped)
    assert text_breaking_the_rules() == []
