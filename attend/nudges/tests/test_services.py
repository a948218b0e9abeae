"""Writes for Nudges: telling people things, planning digests and time-critical emails, and people's choices."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from attend.core.models import AuditEvent
from attend.nudges import rules, selectors, services
from attend.nudges.models import EmailBudget, EmailDelivery, Notification, NudgePreference
from attend.nudges.services import email_delivery_deliver
from attend.nudges.tasks import email_delivery_send
from attend.nudges.tests.support import (
    FRIDAY,
    MONDAY,
    SATURDAY,
    SUNDAY,
    TUESDAY,
    WEDNESDAY,
    at,
    invitation_for,
    tell,
)
from attend.organisations.models import Role
from attend.organisations.nudges import expiring_invitations
from attend.organisations.tests.factories import MembershipFactory, person_in
from attend.practice.models import PracticePreference
from attend.practice.nudges import practice_reminders
from attend.reflect.content import built_in_template
from attend.reflect.services import (
    journal_entry_share,
    journal_entry_start,
    journal_entry_update,
    journal_share_withdraw,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(member):
    return member.user


def set_digest(person, *, at_time=time(9), frequency=rules.DAILY, weekday=0, **fields):
    NudgePreference.objects.update_or_create(
        person=person, defaults={"digest": frequency, "digest_at": at_time, "digest_weekday": weekday, **fields}
    )


def digests_of(person):
    return list(EmailDelivery.objects.filter(person=person, kind=EmailDelivery.Kind.DIGEST))


# Creating notifications


def test_an_unknown_kind_is_refused(person):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        tell(person, now=at(MONDAY, 10), kind="lottery_win")

    assert Notification.objects.count() == 0


def test_a_notification_is_kept_with_what_it_was_told(person, organisation):
    expires = at(MONDAY, 18)

    notification = tell(
        person, now=at(MONDAY, 10), organisation=organisation, link="/practice/", expires_at=expires, title="x" * 200
    )

    fresh = Notification.objects.get(pk=notification.pk)
    assert fresh.person == person
    assert fresh.organisation == organisation
    assert fresh.kind == "pulse_invitation"
    assert fresh.title == "x" * 150
    assert fresh.link == "/practice/"
    assert fresh.created_at == at(MONDAY, 10)
    assert fresh.expires_at == expires
    assert fresh.emailed is True
    assert fresh.read_at is None
    assert fresh.delivery is None


def test_the_same_dedupe_key_makes_one_notification(person):
    first = tell(person, now=at(MONDAY, 10), dedupe_key="pulse:42")
    second = tell(person, now=at(MONDAY, 11), dedupe_key="pulse:42", title="Told again")

    assert first is not None
    assert second is None
    assert list(person.notifications.values_list("title", flat=True)) == ["Your team pulse is open"]


def test_a_dedupe_key_is_per_person(person, leader):
    tell(person, now=at(MONDAY, 10), dedupe_key="pulse:42")
    tell(leader.user, now=at(MONDAY, 10), dedupe_key="pulse:42")

    assert Notification.objects.filter(dedupe_key="pulse:42").count() == 2


def test_without_a_dedupe_key_each_is_its_own_notification(person):
    tell(person, now=at(MONDAY, 10))
    tell(person, now=at(MONDAY, 10))

    assert person.notifications.count() == 2


def test_a_kind_switched_off_is_still_told_but_not_emailed(person):
    set_digest(person, email_off=["pulse_invitation"])

    switched_off = tell(person, now=at(MONDAY, 10))
    still_on = tell(person, now=at(MONDAY, 10), kind="session_reminder", title="Programme session tomorrow")

    assert switched_off.emailed is False
    assert still_on.emailed is True
    # Both are there to see, quietly
    assert set(person.notifications.unread()) == {switched_off, still_on}


def test_with_email_turned_off_nothing_is_emailed(person, django_capture_on_commit_callbacks):
    set_digest(person, email_enabled=False)

    with django_capture_on_commit_callbacks(execute=True):
        notification = tell(person, now=at(MONDAY, 10), kind="session_reminder", time_critical=True)
        planned = services.nudges_dispatch(now=at(TUESDAY, 10))

    assert notification.emailed is False
    assert planned == []
    assert EmailDelivery.objects.count() == 0
    assert mail.outbox == []


# Time-critical notifications


def test_a_time_critical_notification_in_working_hours_is_emailed_once_after_commit(
    person, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(MONDAY, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        notification = tell(
            person, now=at(MONDAY, 10), kind="session_reminder", title="Programme session at 11:00", time_critical=True
        )
        # Nothing leaves before the transaction commits
        assert mail.outbox == []

    delivery = EmailDelivery.objects.get()
    assert delivery.person == person
    assert delivery.kind == EmailDelivery.Kind.TIME_CRITICAL
    assert delivery.planned_for == at(MONDAY, 10)
    assert list(delivery.notifications.all()) == [notification]
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at == at(MONDAY, 10)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Programme session at 11:00"
    assert mail.outbox[0].to == [person.email]


def test_a_notification_that_is_not_time_critical_waits_for_the_digest(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = tell(person, now=at(MONDAY, 10))

    assert notification.delivery is None
    assert EmailDelivery.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("moment", [at(MONDAY, 8, 59), at(MONDAY, 17), at(MONDAY, 23), at(SATURDAY, 12)], ids=str)
def test_a_time_critical_notification_in_quiet_hours_waits_for_the_digest(
    person, moment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = tell(person, now=moment, kind="session_reminder", time_critical=True)

    assert EmailDelivery.objects.count() == 0
    assert mail.outbox == []

    # It goes in the next digest instead
    planned = services.nudges_dispatch(now=at(TUESDAY if moment.weekday() == 0 else 22, 9))
    notification.refresh_from_db()
    assert [delivery.kind for delivery in planned] == [EmailDelivery.Kind.DIGEST]
    assert notification.delivery == planned[0]


def test_a_time_critical_notification_over_budget_waits_for_the_digest(person, django_capture_on_commit_callbacks):
    with time_machine.travel(at(MONDAY, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        tell(person, now=at(MONDAY, 10), kind="session_reminder", time_critical=True)
    with time_machine.travel(at(MONDAY, 14), tick=False), django_capture_on_commit_callbacks(execute=True):
        second = tell(person, now=at(MONDAY, 14), kind="invitation_expiring", time_critical=True)

    assert second.delivery is None
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.count() == 1


# Digests


def test_no_digest_before_the_slot(person):
    set_digest(person, at_time=time(10))
    tell(person, now=at(MONDAY, 11))  # after Monday's slot

    # Tuesday 09:30: working hours, but the latest slot is Monday's, and nothing was waiting then
    assert services.nudges_dispatch(now=at(TUESDAY, 9, 30)) == []
    assert services.digest_due(person, now=at(TUESDAY, 9, 59, 59)) is None
    assert EmailDelivery.objects.count() == 0


def test_one_digest_at_the_slot_with_everything_created_before_it(person, django_capture_on_commit_callbacks):
    set_digest(person, at_time=time(10))
    early = tell(person, now=at(MONDAY, 11), title="Your team pulse is open")
    overnight = tell(person, now=at(MONDAY, 23, 30), kind="reflection_shared", title="Lee shared a reflection")
    on_the_dot = tell(person, now=at(TUESDAY, 10), kind="session_reminder", title="Programme session tomorrow")
    after = tell(person, now=at(TUESDAY, 10, 0, 1), kind="conversation_reminder", title="A conversation this week")

    with time_machine.travel(at(TUESDAY, 10, 30), tick=False), django_capture_on_commit_callbacks(execute=True):
        planned = services.nudges_dispatch(now=at(TUESDAY, 10, 30))

    [digest] = planned
    assert digest.kind == EmailDelivery.Kind.DIGEST
    assert digest.planned_for == at(TUESDAY, 10)
    assert set(digest.notifications.all()) == {early, overnight, on_the_dot}
    after.refresh_from_db()
    assert after.delivery is None
    digest.refresh_from_db()
    assert digest.status == EmailDelivery.Status.SENT
    [email] = mail.outbox
    assert email.subject == "Attend: 3 things for you"
    for title in ("Your team pulse is open", "Lee shared a reflection", "Programme session tomorrow"):
        assert title in email.body
    assert "A conversation this week" not in email.body


def test_what_came_after_the_slot_goes_in_the_next_one(person):
    set_digest(person, at_time=time(10))
    tell(person, now=at(MONDAY, 9))
    after = tell(person, now=at(MONDAY, 10, 15))
    [monday] = services.nudges_dispatch(now=at(MONDAY, 10, 30))
    EmailDelivery.objects.filter(pk=monday.pk).update(status=EmailDelivery.Status.SENT, sent_at=at(MONDAY, 10, 30))

    [tuesday] = services.nudges_dispatch(now=at(TUESDAY, 10))

    assert list(tuesday.notifications.all()) == [after]


def test_read_and_expired_notifications_are_left_out_of_the_digest(person):
    waiting = tell(person, now=at(MONDAY, 10))
    read = tell(person, now=at(MONDAY, 10), title="Already read")
    services.notification_read(notification=read, now=at(MONDAY, 12))
    tell(person, now=at(MONDAY, 10), title="Over at nine", expires_at=at(TUESDAY, 9))
    lasting = tell(person, now=at(MONDAY, 10), title="Still open", expires_at=at(TUESDAY, 9, 0, 1))

    digest = services.digest_due(person, now=at(TUESDAY, 9))

    assert set(digest.notifications.all()) == {waiting, lasting}


def test_no_digest_when_everything_waiting_is_read_or_expired(person):
    read = tell(person, now=at(MONDAY, 10))
    services.notification_read(notification=read)
    tell(person, now=at(MONDAY, 10), expires_at=at(MONDAY, 17))

    assert services.nudges_dispatch(now=at(TUESDAY, 9)) == []
    assert EmailDelivery.objects.count() == 0


def test_no_digest_in_quiet_hours_even_after_the_slot(person):
    tell(person, now=at(FRIDAY, 10))

    assert services.nudges_dispatch(now=at(FRIDAY, 17, 30)) == []
    assert services.nudges_dispatch(now=at(SATURDAY, 9, 30)) == []
    assert services.nudges_dispatch(now=at(SUNDAY, 12)) == []
    [digest] = services.nudges_dispatch(now=at(22, 9))
    assert digest.planned_for == at(22, 9)


def test_a_weekly_digest_comes_on_its_day(person):
    set_digest(person, frequency=rules.WEEKLY, at_time=time(10), weekday=2)  # Wednesdays
    tell(person, now=at(MONDAY, 10))

    assert services.nudges_dispatch(now=at(TUESDAY, 10)) == []
    [digest] = services.nudges_dispatch(now=at(WEDNESDAY, 10))
    assert digest.planned_for == at(WEDNESDAY, 10)


def test_dispatch_twice_never_plans_a_second_digest_for_the_same_slot(person, organisation):
    # Two a day allowed, so only the one-digest-per-slot rule can stop a second
    EmailBudget.objects.create(organisation=organisation, per_day=2, per_week=10)
    tell(person, now=at(MONDAY, 8))
    first = services.nudges_dispatch(now=at(MONDAY, 9))
    tell(person, now=at(MONDAY, 9, 10))  # after the slot

    second = services.nudges_dispatch(now=at(MONDAY, 9, 30))
    third = services.nudges_dispatch(now=at(MONDAY, 16, 59))

    assert len(first) == 1
    assert second == third == []
    assert len(digests_of(person)) == 1


def test_two_dispatchers_racing_plan_one_digest(person, organisation):
    EmailBudget.objects.create(organisation=organisation, per_day=2, per_week=10)
    tell(person, now=at(MONDAY, 8))
    first = services.digest_due(person, now=at(MONDAY, 9), planned=set())
    # Something else from before the slot arrives, and a second dispatcher, which read the planned slots
    # before the first wrote, tries the same slot
    tell(person, now=at(MONDAY, 8, 30))

    second = services.digest_due(person, now=at(MONDAY, 9, 1), planned=set())

    assert first is not None
    assert second is None
    assert len(digests_of(person)) == 1


def test_the_budget_blocks_a_digest_when_a_time_critical_email_used_the_day(person, django_capture_on_commit_callbacks):
    set_digest(person, at_time=time(11))
    waiting = tell(person, now=at(MONDAY, 8))
    with time_machine.travel(at(MONDAY, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        tell(person, now=at(MONDAY, 10), kind="session_reminder", time_critical=True)
    assert len(mail.outbox) == 1

    assert services.nudges_dispatch(now=at(MONDAY, 11)) == []
    assert services.nudges_dispatch(now=at(MONDAY, 16, 30)) == []

    # The next day's digest carries it
    [digest] = services.nudges_dispatch(now=at(TUESDAY, 11))
    assert waiting in digest.notifications.all()


def test_a_time_critical_email_waiting_to_be_sent_counts_against_the_budget(person):
    set_digest(person, at_time=time(11))
    tell(person, now=at(MONDAY, 8))
    # Planned at 10:00; the worker has not sent it yet (no on_commit callbacks run)
    tell(person, now=at(MONDAY, 10), kind="session_reminder", time_critical=True)
    assert EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING).count() == 1

    assert services.nudges_dispatch(now=at(MONDAY, 11)) == []
    # Still not sent the next morning, it will go then, and so it counts then
    assert services.nudges_dispatch(now=at(TUESDAY, 11)) == []


def test_an_inviter_with_two_invitations_running_out_gets_one_email_about_both(
    org_admin, organisation, django_capture_on_commit_callbacks
):
    now = at(MONDAY, 10)
    for email in ("new.one@example.test", "new.two@example.test"):
        invited = person_in(organisation, role=Role.MEMBER, email=email)
        invitation_for(invited, by=org_admin.user, expires_at=now + timedelta(hours=20))

    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.nudges_dispatch(now=now)

    [delivery] = EmailDelivery.objects.all()
    assert delivery.kind == EmailDelivery.Kind.TIME_CRITICAL
    assert set(delivery.notifications.all()) == set(org_admin.user.notifications.all())
    assert delivery.notifications.count() == 2
    [email] = mail.outbox
    assert email.to == [org_admin.user.email]


def test_an_email_deferred_overnight_counts_on_the_day_it_goes(person, django_capture_on_commit_callbacks):
    # Monday 16:59:30: an urgent email is planned; the worker reaches it at 17:00:30, in quiet hours
    with time_machine.travel(at(MONDAY, 16, 59, 30), tick=False):
        tell(person, now=at(MONDAY, 16, 59, 30), kind="session_reminder", time_critical=True)
    [deferred] = EmailDelivery.objects.all()
    with time_machine.travel(at(MONDAY, 17, 0, 30), tick=False):
        email_delivery_send.enqueue(str(deferred.pk))
    assert EmailDelivery.objects.get(pk=deferred.pk).status == EmailDelivery.Status.PENDING
    assert mail.outbox == []
    tell(person, now=at(MONDAY, 18))  # for Tuesday's digest

    with time_machine.travel(at(TUESDAY, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        services.nudges_dispatch(now=at(TUESDAY, 9))

    assert len(mail.outbox) <= 1


def test_an_email_deferred_for_quiet_hours_goes_the_next_working_morning(person, django_capture_on_commit_callbacks):
    with time_machine.travel(at(MONDAY, 16, 59, 30), tick=False):
        tell(person, now=at(MONDAY, 16, 59, 30), kind="session_reminder", time_critical=True)
    [deferred] = EmailDelivery.objects.all()
    with time_machine.travel(at(MONDAY, 17, 0, 30), tick=False):
        assert email_delivery_deliver(deferred) is False
    for moment in (at(MONDAY, 20), at(TUESDAY, 8, 59)):
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            services.nudges_dispatch(now=moment)
        assert mail.outbox == []

    with time_machine.travel(at(TUESDAY, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        services.nudges_dispatch(now=at(TUESDAY, 9))

    sent = EmailDelivery.objects.get(pk=deferred.pk)
    assert (sent.status, sent.attempts, sent.sent_at) == (EmailDelivery.Status.SENT, 1, at(TUESDAY, 9))
    assert len(mail.outbox) == 1


# The budget


def test_the_budget_is_the_default_without_any_organisation_budget(person):
    assert services.budget_of(person) == rules.Budget(per_day=1, per_week=5)


def test_the_budget_is_the_strictest_of_the_persons_organisations(member, organisation, other_organisation, org_admin):
    MembershipFactory(organisation=other_organisation, user=member.user)
    services.email_budget_set(organisation=organisation, per_day=2, per_week=3, by=org_admin.user)
    services.email_budget_set(organisation=other_organisation, per_day=1, per_week=8, by=None)

    assert services.budget_of(member.user) == rules.Budget(per_day=1, per_week=3)


def test_an_organisation_the_person_has_left_does_not_limit_them(member, organisation, other_organisation):
    MembershipFactory(organisation=other_organisation, user=member.user, is_active=False)
    EmailBudget.objects.create(organisation=other_organisation, per_day=0, per_week=0)
    EmailBudget.objects.create(organisation=organisation, per_day=2, per_week=4)

    assert services.budget_of(member.user) == rules.Budget(per_day=2, per_week=4)


def test_an_organisation_without_its_own_budget_still_holds_its_people_to_the_default(
    member, organisation, other_organisation
):
    MembershipFactory(organisation=other_organisation, user=member.user)
    EmailBudget.objects.create(organisation=organisation, per_day=2, per_week=10)
    assert services.organisation_budget_of(other_organisation) == rules.Budget(per_day=1, per_week=5)

    assert services.budget_of(member.user) == rules.Budget(per_day=1, per_week=5)


def test_a_zero_budget_sends_nothing(member, organisation, django_capture_on_commit_callbacks):
    EmailBudget.objects.create(organisation=organisation, per_day=0, per_week=5)

    with django_capture_on_commit_callbacks(execute=True):
        tell(member.user, now=at(MONDAY, 8))
        tell(member.user, now=at(MONDAY, 10), kind="session_reminder", time_critical=True)
        planned = services.nudges_dispatch(now=at(TUESDAY, 9))

    assert planned == []
    assert EmailDelivery.objects.count() == 0
    assert mail.outbox == []


def test_setting_an_organisation_budget_is_clamped_and_audited(organisation, org_admin):
    saved = services.email_budget_set(organisation=organisation, per_day=3, per_week=12, by=org_admin.user)

    assert (saved.per_day, saved.per_week) == (2, 10)
    assert services.organisation_budget_of(organisation) == rules.Budget(per_day=2, per_week=10)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EMAIL_BUDGET_CHANGED)
    assert event.actor == org_admin.user
    assert event.organisation == organisation
    assert event.target_description == "2 a day, 10 a week"


def test_setting_a_budget_again_changes_the_one_row(organisation, org_admin):
    services.email_budget_set(organisation=organisation, per_day=2, per_week=4, by=org_admin.user)
    services.email_budget_set(organisation=organisation, per_day=-1, per_week=1, by=org_admin.user)

    assert EmailBudget.objects.filter(organisation=organisation).count() == 1
    assert services.organisation_budget_of(organisation) == rules.Budget(per_day=0, per_week=1)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EMAIL_BUDGET_CHANGED).count() == 2


# People's choices


def test_the_defaults_apply_until_a_person_chooses(person):
    preference = selectors.preference_of(person)

    assert preference.pk is not None  # a UUID, but not saved
    assert not NudgePreference.objects.filter(person=person).exists()
    assert preference.email_enabled is True
    assert preference.digest_choice() == rules.DigestChoice(rules.DAILY, time(9), 0)
    assert preference.email_off == []


def test_preference_save_keeps_the_choices(person):
    services.preference_save(
        person=person,
        email_enabled=True,
        digest=rules.WEEKLY,
        digest_at=time(10, 30),
        digest_weekday=1,
        email_off=["session_reminder", "pulse_invitation", "session_reminder"],
    )
    services.preference_save(
        person=person,
        email_enabled=False,
        digest=rules.WEEKLY,
        digest_at=time(11),
        digest_weekday=3,
        email_off=["session_reminder", "pulse_invitation"],
    )

    preference = NudgePreference.objects.get(person=person)
    assert preference.email_enabled is False
    assert preference.digest_choice() == rules.DigestChoice(rules.WEEKLY, time(11), 3)
    assert preference.email_off == ["pulse_invitation", "session_reminder"]


def test_switching_off_one_kind_stops_its_emails_and_no_others(person):
    waiting_pulse = tell(person, now=at(MONDAY, 10))
    waiting_session = tell(person, now=at(MONDAY, 10), kind="session_reminder")

    services.email_switch_off(person=person, kind="pulse_invitation")
    services.email_switch_off(person=person, kind="pulse_invitation")  # twice is harmless

    preference = NudgePreference.objects.get(person=person)
    assert preference.email_enabled is True
    assert preference.email_off == ["pulse_invitation"]
    waiting_pulse.refresh_from_db()
    waiting_session.refresh_from_db()
    assert (waiting_pulse.emailed, waiting_session.emailed) == (False, True)
    assert tell(person, now=at(MONDAY, 11)).emailed is False
    [digest] = services.nudges_dispatch(now=at(TUESDAY, 9))
    assert list(digest.notifications.all()) == [waiting_session]


def test_switching_off_everything(person):
    tell(person, now=at(MONDAY, 10))
    tell(person, now=at(MONDAY, 10), kind="session_reminder")

    services.email_switch_off(person=person, kind=None)

    preference = NudgePreference.objects.get(person=person)
    assert preference.email_enabled is False
    assert not person.notifications.filter(emailed=True).exists()
    assert tell(person, now=at(MONDAY, 11), kind="reflection_shared").emailed is False
    assert services.nudges_dispatch(now=at(TUESDAY, 9)) == []


def test_choices_apply_to_what_is_still_waiting_both_ways(person):
    pulse = tell(person, now=at(MONDAY, 10))
    session = tell(person, now=at(MONDAY, 10), kind="session_reminder")
    choose = {"email_enabled": True, "digest": rules.DAILY, "digest_at": time(9), "digest_weekday": 0}

    services.preference_save(person=person, email_off=["pulse_invitation"], **choose)
    pulse.refresh_from_db()
    assert pulse.emailed is False

    services.preference_save(person=person, email_off=["session_reminder"], **choose)
    pulse.refresh_from_db()
    session.refresh_from_db()
    assert (pulse.emailed, session.emailed) == (True, False)
    [digest] = services.nudges_dispatch(now=at(TUESDAY, 9))
    assert list(digest.notifications.all()) == [pulse]


def test_choices_do_not_change_what_was_already_emailed(person):
    emailed = tell(person, now=at(MONDAY, 8))
    services.nudges_dispatch(now=at(MONDAY, 9))

    services.email_switch_off(person=person, kind="pulse_invitation")

    emailed.refresh_from_db()
    assert emailed.emailed is True
    assert emailed.delivery is not None


def test_reading_everything(person, leader):
    tell(person, now=at(MONDAY, 10))
    tell(person, now=at(MONDAY, 11))
    theirs = tell(leader.user, now=at(MONDAY, 11))

    assert services.notifications_read_all(person=person, now=at(MONDAY, 12)) == 2

    assert not person.notifications.unread().exists()
    # kept to the day (ADR 0018)
    assert set(person.notifications.values_list("read_at", flat=True)) == {datetime(2026, 6, MONDAY, tzinfo=UTC)}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_keeps_the_first_day_it_was_read_and_never_the_moment(person):
    notification = tell(person, now=at(MONDAY, 10))

    services.notification_read(notification=notification, now=at(MONDAY, 12, 34, 56))
    services.notification_read(notification=notification, now=at(TUESDAY, 15))

    notification.refresh_from_db()
    assert notification.read_at == datetime(2026, 6, MONDAY, tzinfo=UTC)


# What other modules tell people


ENTRY_TITLE = "The night on Larkspur"
ENTRY_TEXT = "Mrs Adebayo's daughter was upset at the handover"


def test_sharing_a_reflection_tells_the_reader_who_shared_and_nothing_of_what_it_says(leader, member, organisation):
    entry = journal_entry_start(author=leader.user, template=built_in_template("free"))
    journal_entry_update(
        entry=entry,
        title=ENTRY_TITLE,
        event_date=None,
        answers={key: {"text": ENTRY_TEXT, "choices": []} for key in ("notes", "description", "what")},
        feelings=[],
        tags=["handover"],
        finish=True,
    )

    share = journal_entry_share(entry=entry, reader=member.user, organisation=organisation)

    [notification] = member.user.notifications.all()
    assert notification.kind == "reflection_shared"
    assert notification.organisation == organisation
    assert notification.title == "Lee Leader shared a reflection with you"
    assert notification.link == reverse("reflect:shared_entry", args=[share.pk])
    for private in (ENTRY_TITLE, ENTRY_TEXT, "Larkspur", "Adebayo", "handover"):
        assert private not in notification.title
        assert private not in notification.link
    assert notification.time_critical is False
    assert not leader.user.notifications.exists()


def test_reading_one_kind(person):
    pulse = tell(person, now=at(MONDAY, 10))
    session = tell(person, now=at(MONDAY, 10), kind="session_reminder")

    assert services.notifications_read_all(person=person, kind="session_reminder") == 1

    assert list(person.notifications.unread()) == [pulse]
    session.refresh_from_db()
    assert session.read_at is not None


def test_what_today_lists_is_unread_and_not_expired(person):
    now = at(WEDNESDAY, 12)
    lasting = tell(person, now=at(MONDAY, 10), expires_at=at(WEDNESDAY, 12, 0, 1))
    forever = tell(person, now=at(MONDAY, 10))
    tell(person, now=at(MONDAY, 10), expires_at=now)
    services.notification_read(notification=tell(person, now=at(MONDAY, 10)))

    assert set(selectors.current_for(person, now=now)) == {lasting, forever}


def test_withdrawing_a_share_takes_its_notification_off_today_and_out_of_the_digest(leader, member, organisation):
    entry = journal_entry_start(author=leader.user, template=built_in_template("free"))
    entry.is_draft = False
    entry.save()
    with time_machine.travel(at(MONDAY, 10), tick=False):
        journal_entry_share(entry=entry, reader=member.user, organisation=organisation)
    assert selectors.current_for(member.user, now=at(MONDAY, 11)).count() == 1

    with time_machine.travel(at(MONDAY, 12), tick=False):
        journal_share_withdraw(entry=entry)

    [notification] = member.user.notifications.all()
    assert notification.expires_at == at(MONDAY, 12)
    assert not selectors.current_for(member.user, now=at(MONDAY, 12, 1)).exists()
    assert services.nudges_dispatch(now=at(TUESDAY, 9)) == []


def test_sharing_again_withdraws_the_earlier_notice(leader, member, organisation):
    entry = journal_entry_start(author=leader.user, template=built_in_template("free"))
    entry.is_draft = False
    entry.save()
    journal_entry_share(entry=entry, reader=member.user, organisation=organisation)
    second = person_in(organisation, role=Role.MEMBER, email="second.reader@example.test")

    journal_entry_share(entry=entry, reader=second.user, organisation=organisation)

    assert not selectors.current_for(member.user).exists()
    assert selectors.current_for(second.user).count() == 1


def test_someone_no_longer_active_gets_no_digest(person):
    tell(person, now=at(MONDAY, 10))
    person.is_active = False
    person.save()

    assert services.nudges_dispatch(now=at(TUESDAY, 9)) == []


@pytest.fixture
def reminded(person):
    PracticePreference.objects.create(person=person, remind_on_working_days=True)
    return person


def test_a_practice_reminder_comes_once_each_working_day(reminded):
    practice_reminders(now=at(MONDAY, 0, 5))
    practice_reminders(now=at(MONDAY, 9, 30))
    practice_reminders(now=at(TUESDAY, 0, 5))

    reminders = reminded.notifications.filter(kind="practice_reminder").order_by("created_at")
    assert [reminder.created_at for reminder in reminders] == [at(MONDAY, 0, 5), at(TUESDAY, 0, 5)]
    assert [reminder.expires_at for reminder in reminders] == [at(TUESDAY, 0), at(WEDNESDAY, 0)]
    assert {reminder.link for reminder in reminders} == {reverse("practice:index")}
    assert not any(reminder.time_critical for reminder in reminders)


def test_no_practice_reminder_on_a_day_off(reminded):
    practice_reminders(now=at(SATURDAY, 10))
    practice_reminders(now=at(SUNDAY, 10))

    assert not reminded.notifications.exists()


def test_no_practice_reminder_for_people_who_did_not_ask(person, leader):
    PracticePreference.objects.create(person=leader.user, remind_on_working_days=False)

    practice_reminders(now=at(MONDAY, 10))

    assert not Notification.objects.exists()


def test_a_practice_reminder_follows_the_persons_own_day(reminded):
    reminded.time_zone = "America/New_York"
    reminded.save()

    # 03:00 UTC on Monday is still Sunday evening in New York
    practice_reminders(now=at(MONDAY, 4))
    assert not reminded.notifications.exists()

    # 04:30 UTC on Tuesday is 00:30 on Tuesday there; the reminder lasts until Wednesday 00:00 there
    practice_reminders(now=at(TUESDAY, 5, 30))
    [reminder] = reminded.notifications.all()
    assert reminder.dedupe_key == "practice-reminder:2026-06-16"
    assert reminder.expires_at == at(WEDNESDAY, 5)  # midnight in New York is 05:00 in London


def test_a_practice_reminder_expires_out_of_the_digest(reminded):
    practice_reminders(now=at(MONDAY, 0, 5))

    # Monday's reminder is not worth an email on Tuesday
    assert services.digest_due(reminded, now=at(TUESDAY, 9)) is None
    # but it is in Monday's digest
    monday = services.digest_due(reminded, now=at(MONDAY, 9))
    assert [item.kind for item in monday.notifications.all()] == ["practice_reminder"]


def test_dispatch_runs_the_producers(reminded):
    services.nudges_dispatch(now=at(MONDAY, 0, 5))
    services.nudges_dispatch(now=at(MONDAY, 0, 35))

    assert reminded.notifications.filter(kind="practice_reminder").count() == 1


def test_no_practice_reminder_for_someone_no_longer_active(reminded):
    reminded.is_active = False
    reminded.save()

    practice_reminders(now=at(MONDAY, 10))

    assert not reminded.notifications.exists()


@pytest.fixture
def invited(organisation):
    return person_in(organisation, role=Role.MEMBER, email="new.starter@example.test", name="Nia Newstarter")


def test_the_inviter_is_told_a_day_before_an_invitation_runs_out(org_admin, invited, organisation):
    now = at(MONDAY, 20)  # quiet hours, so no email at once
    invitation = invitation_for(invited, by=org_admin.user, expires_at=now + timedelta(hours=23))

    expiring_invitations(now=now)
    expiring_invitations(now=now + timedelta(minutes=30))

    [notification] = org_admin.user.notifications.all()
    assert notification.kind == "invitation_expiring"
    assert notification.organisation == organisation
    assert notification.title == "Nia Newstarter has not answered your invitation yet: it ends tomorrow"
    assert notification.link == reverse("organisations:invited")
    assert notification.time_critical is True
    assert notification.expires_at == invitation.expires_at
    assert not invited.user.notifications.exists()


def test_an_inviter_who_has_left_the_organisation_is_not_told(org_admin, invited):
    now = at(MONDAY, 20)
    invitation_for(invited, by=org_admin.user, expires_at=now + timedelta(hours=12))
    org_admin.is_active = False
    org_admin.save()

    expiring_invitations(now=now)

    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("expires_in", "accepted", "told"),
    [
        (timedelta(hours=24), False, True),
        (timedelta(hours=24, seconds=1), False, False),
        (timedelta(days=3), False, False),
        (timedelta(seconds=0), False, False),
        (timedelta(hours=-1), False, False),
        (timedelta(hours=12), True, False),
    ],
    ids=["a day", "just over a day", "three days", "now", "already over", "accepted"],
)
def test_only_invitations_running_out_within_a_day_are_told_about(org_admin, invited, expires_in, accepted, told):
    now = at(MONDAY, 20)
    invitation_for(invited, by=org_admin.user, expires_at=now + expires_in, accepted_at=now if accepted else None)

    expiring_invitations(now=now)

    assert org_admin.user.notifications.exists() is told


def test_an_invitation_running_out_in_working_hours_emails_the_inviter_at_once(
    org_admin, invited, django_capture_on_commit_callbacks
):
    now = at(TUESDAY, 10)
    invitation_for(invited, by=org_admin.user, expires_at=now + timedelta(hours=20))

    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.nudges_dispatch(now=now)

    [email] = mail.outbox
    assert email.to == [org_admin.user.email]
    assert email.subject == "Nia Newstarter has not answered your invitation yet: it ends tomorrow"
