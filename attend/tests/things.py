"""The private things the role-by-URL matrix opens (a journal entry, a session, a pairing, a round, a cohort...),
as URL arguments, built for given people through each app's services. The test fixtures (attend/conftest.py),
the query growth test and the page benchmark (bench/pages.py) share them."""

import datetime
import uuid

from django.utils import timezone

from attend.connect import services as connect_services
from attend.connect.models import Pairing
from attend.diary.tests.support import private_things as diary_things
from attend.listen.tests.support import private_things as listen_things
from attend.nudges.services import notification_create
from attend.practice import services as practice_services
from attend.practice.timing import Stage, TimerSettings
from attend.programme.tests.support import private_things as programme_things
from attend.reflect.content import built_in_template
from attend.reflect.services import journal_entry_share, journal_entry_start


def journal(*, leader, member) -> dict:
    """The leader's entry, shared with the member; other roles must never reach either."""
    entry = journal_entry_start(author=leader.user, template=built_in_template("free"))
    entry.is_draft = False
    entry.save()
    share = journal_entry_share(entry=entry, reader=member.user, organisation=leader.organisation)
    return {"entry_id": entry.pk, "share_id": share.pk}


def organisation_invitation(org_admin):
    """An invitation from the admin's organisation to an address with no account, not yet answered."""
    from attend.organisations.invitations import ToOffer, invitations_offer
    from attend.organisations.models import Invitation

    organisation = org_admin.organisation
    [offered] = invitations_offer(
        organisation=organisation,
        kind=Invitation.Kind.ORGANISATION,
        target_id=organisation.pk,
        people=[ToOffer(email="invited.person@example.test", name="Ivy Invited")],
        by=org_admin.user,
        base_url="https://attend.example/",
        queue_emails=False,
    )
    return offered.invitation


def people_import(org_admin):
    """A people import the admin started, written (three people in one team)."""
    from attend.organisations.services import people_import_run, people_import_start

    data = b"name,email,team,role\n" + b"".join(
        f"Imp {n},imp{n}@example.test,Imported team,team member\n".encode() for n in range(3)
    )
    started = people_import_start(
        organisation=org_admin.organisation, data=data, by=org_admin.user, base_url="https://attend.example/"
    )
    return people_import_run(people_import=started.people_import)


def private_things(*, leader, member, facilitator, org_admin) -> dict:
    """The leader's own things (a logged session, a saved timer, a notification) and an organisation's own
    practice, as URL arguments."""
    session = practice_services.practice_session_record(
        person=leader.user,
        organisation=leader.organisation,
        client_id=uuid.uuid4(),
        kind="guided",
        practice_key="breathing-space",
        title="Three-step breathing space",
        started_at=timezone.now() - datetime.timedelta(hours=1),
        planned_seconds=180,
        actual_seconds=180,
        ended=True,
        completed=True,
    )
    preset = practice_services.timer_preset_save(
        person=leader.user,
        name="Sit, walk, sit",
        settings=TimerSettings(stages=(Stage("Sit", 1200), Stage("Walk", 600))),
    )
    practice = practice_services.organisation_practice_save(
        organisation=facilitator.organisation,
        by=facilitator.user,
        title="Arriving on shift",
        purpose="A minute to arrive before the handover.",
        when="At the start of a shift.",
        length_seconds=60,
        script="0:00 Stand or sit, and feel your feet on the floor.\n0:30 Take one slower breath.",
    )
    notification = notification_create(
        person=leader.user, kind="reflection_shared", title="Ade Admin shared a reflection with you", link="/reflect/"
    )
    connect_services.pairings_ensure(membership=leader)
    pairing = Pairing.objects.get(leader=leader.user, person=member.user)
    conversation = connect_services.conversation_schedule(
        pairing=pairing, kind="wellbeing", starts_at=timezone.now() + datetime.timedelta(days=2), minutes=30, place=""
    )
    point = connect_services.talking_point_add(pairing=pairing, by=member.user, text="Rota changes")
    action = connect_services.action_add(pairing=pairing, owner=leader.user, text="Ask about training", due_on=None)
    service = connect_services.support_service_save(
        by=None,
        organisation=leader.organisation,
        name="Occupational health",
        description="Confidential advice.",
        contact="x",
    )
    people = {"leader": leader, "member": member, "facilitator": facilitator, "org_admin": org_admin}
    return {
        **diary_things(**people),
        **listen_things(**people),
        **programme_things(**people),
        "pairing_id": pairing.pk,
        "conversation_id": conversation.pk,
        "point_id": point.pk,
        "action_id": action.pk,
        "service_id": service.pk,
        "client_id": session.client_id,
        "preset_id": preset.pk,
        "practice_id": practice.pk,
        "key": str(practice.pk),
        "notification_id": notification.pk,
        "invitation_id": organisation_invitation(org_admin).pk,
        "people_import_id": people_import(org_admin).pk,
    }
