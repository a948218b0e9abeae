"""Programme's invented demo data (see attend.core.management.commands.demo_data.DEMO_LOADERS).

Northfield's facilitator runs "Compassionate leadership, six sessions": a finished cohort with start and end
questionnaires (a plausible, modest improvement) and a running cohort the demo leader takes part in, with
sessions to come, materials and a discussion that has one spam post held for the facilitator. Everyone is
invented; two participants come from Riverside Care Homes, to show a cohort across organisations.
"""

import datetime
import random

from django.conf import settings
from django.utils import timezone

from attend.accounts.models import User
from attend.organisations import invitations
from attend.organisations.models import Invitation, Organisation
from attend.programme import services
from attend.programme.models import Attendance, Cohort, Point

FACILITATOR = "facilitator@northfield.example"
DEMO_LEADER = "leader@northfield.example"
TITLE = "Compassionate leadership, six sessions"
DESCRIPTION = (
    "Six half-day sessions over twelve weeks: attention and presence, self-compassion, taking back time from the "
    "diary, and leading with understanding, empathy and help."
)
# Northfield's own invented people take part (besides the named demo sign-ins); Riverside's accept invitations
# with the accounts they already have, to show a cohort drawn from two organisations.
FINISHED_FROM_NORTHFIELD = 8
RUNNING_FROM_NORTHFIELD = 5
DEMO_SIGN_INS = {"admin@northfield.example", DEMO_LEADER, "member@northfield.example", FACILITATOR}
RIVERSIDE_PEOPLE = ["robin.castell@riverside.example", "lee.anwar@riverside.example"]
SESSIONS = [
    ("Session 1: arriving and attending", "The three-step breathing space, and what scatters our attention."),
    ("Session 2: the kind inner voice", "Self-compassion: mindfulness, common humanity and kindness to oneself."),
    ("Session 3: taking back time", "Looking at our diaries together, and protecting time to connect."),
    ("Session 4: understanding", "Listening with fascination: the cognitive part of compassion."),
    ("Session 5: feeling with", "Empathy without being overwhelmed."),
    ("Session 6: helping", "Taking intelligent action, and what we take forward."),
]
MATERIALS = [
    ("Three-step breathing space", "", "Practise it in Attend: Practice, then the three-step breathing space."),
    ("Reading: compassionate leadership", "https://learning.northfield.example/compassionate-leadership", ""),
    ("Before session 3", "", "Bring a printout or a screenshot of one ordinary week of your diary."),
]
# (who, hours ago, a reply to the first post?, text)
POSTS = [
    ("facilitator", 400, False, "Welcome, everyone. How are you arriving into the programme? A sentence is plenty."),
    (
        "a participant",
        390,
        True,
        "Tired but glad to be here. I tried the breathing space before handover and it helped.",
    ),
    (
        "leader",
        380,
        True,
        "Same here. I noticed how often I check my phone between visits. Going to try the pause before.",
    ),
    (
        "another participant",
        200,
        False,
        "The session on the inner voice stayed with me. I am much harsher on myself than on my team.",
    ),
]
# The kind of advert issue 16 saw published: one link, so only the advert rules hold it (not the link count).
SPAM = "Best cheap SEO services! Buy backlinks now... casino bonuses and viagra https://seo-boost.example/now"


def _northfield_people(organisation: Organisation, count: int, *, skip: int) -> list[User]:
    people = (
        User.objects.filter(memberships__organisation=organisation, memberships__is_active=True, is_active=True)
        .exclude(email__in=DEMO_SIGN_INS)
        .order_by("email")
    )
    return list(people[skip : skip + count])


def _join(cohort, facilitator, people: list[User]):
    """Everyone joins the way anyone does: the facilitator invites their addresses and each accepts, as
    themselves (docs/adr/0020)."""
    services.cohort_people_invite(
        cohort=cohort, by=facilitator, emails=[user.email for user in people], base_url=settings.SITE_URL
    )
    for user in people:
        invitation = Invitation.objects.of(Invitation.Kind.COHORT, cohort.pk).get(email=user.email)
        invitations.invitation_accept(invitation=invitation, user=user)
    return [cohort.participants.get(user=user) for user in people]


def _answers(measure, level: float, rng: random.Random) -> dict[str, int]:
    """Answers around `level` (0 to 1 along the scale), turned round for reverse-scored items."""
    scale = measure.scale
    answers = {}
    for item in measure.items:
        value = scale.min + level * (scale.max - scale.min) + rng.gauss(0, 0.6)
        value = max(scale.min, min(scale.max, round(value)))
        answers[item.key] = scale.reverse(value) if item.reverse else value
    return answers


def _answer(assignment, place, levels: dict[str, float], rng, today) -> None:
    answers = {}
    for measure in services.assignment_measures(assignment):
        key = measure.retrospective_of or measure.key
        level = levels[key] - (0.05 if measure.is_retrospective else 0)
        answers[measure.key] = _answers(measure, max(0.05, min(0.95, level)), rng)
    services.questionnaire_submit(assignment=assignment, place=place, answers=answers, today=today)


def _finished_cohort(programme, facilitator, people, now, rng) -> Cohort:
    today = now.date()
    cohort = services.cohort_create(
        programme=programme,
        by=facilitator,
        name="Autumn cohort",
        starts_on=today - datetime.timedelta(days=130),
        ends_on=today - datetime.timedelta(days=45),
        status=Cohort.Status.FINISHED,
    )
    places = _join(cohort, facilitator, people)
    for index, (title, description) in enumerate(SESSIONS):
        session = services.session_schedule(
            cohort=cohort,
            by=facilitator,
            title=title,
            starts_at=(now - datetime.timedelta(days=130 - index * 17)).replace(hour=9, minute=30, second=0),
            minutes=210,
            place="Training room 1, Northfield Hub",
            description=description,
        )
        statuses = {
            str(place.pk): rng.choice([Attendance.Status.PRESENT] * 8 + [Attendance.Status.APOLOGIES])
            for place in places
        }
        services.attendance_record(session=session, by=facilitator, statuses=statuses)
    start = services.questionnaire_assign(
        cohort=cohort,
        by=facilitator,
        point=Point.START,
        opens_on=cohort.starts_on,
        closes_on=cohort.starts_on + datetime.timedelta(days=14),
    )
    end = services.questionnaire_assign(
        cohort=cohort,
        by=facilitator,
        point=Point.END,
        opens_on=cohort.ends_on,
        closes_on=cohort.ends_on + datetime.timedelta(days=14),
        retrospective=True,
    )
    keys = [measure.key for measure in services.assignment_measures(start)]
    for index, place in enumerate(places):
        before = {key: rng.uniform(0.35, 0.6) for key in keys}
        _answer(start, place, before, rng, start.opens_on)
        if index < len(places) - 2:  # two people did not answer at the end: their start answers pair with nothing
            after = {key: level + rng.uniform(0.02, 0.14) for key, level in before.items()}
            _answer(end, place, after, rng, end.opens_on)
    return cohort


def _running_cohort(programme, facilitator, people, now, rng) -> Cohort:
    today = now.date()
    cohort = services.cohort_create(
        programme=programme,
        by=facilitator,
        name="Spring cohort",
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=70),
        status=Cohort.Status.RUNNING,
    )
    places = _join(cohort, facilitator, people)
    sessions = []
    for index, (title, description) in enumerate(SESSIONS):
        sessions.append(
            services.session_schedule(
                cohort=cohort,
                by=facilitator,
                title=title,
                starts_at=(now + datetime.timedelta(days=index * 16 - 18)).replace(
                    hour=9, minute=30, second=0, microsecond=0
                ),
                minutes=210,
                place="Training room 1, Northfield Hub" if index % 2 == 0 else "",
                video_link="" if index % 2 == 0 else "https://meet.northfield.example/compassionate-leadership",
                description=description,
            )
        )
    first = sessions[0]
    services.attendance_record(
        session=first, by=facilitator, statuses={str(place.pk): Attendance.Status.PRESENT for place in places}
    )
    for title, link, text in MATERIALS:
        services.material_add(cohort=cohort, by=facilitator, title=title, link=link, text=text)
    start = services.questionnaire_assign(
        cohort=cohort,
        by=facilitator,
        point=Point.START,
        opens_on=cohort.starts_on,
        closes_on=today + datetime.timedelta(days=10),
    )
    keys = [measure.key for measure in services.assignment_measures(start)]
    for place in places:
        if place.user.email != DEMO_LEADER:  # the demo leader still has it to answer
            _answer(start, place, {key: rng.uniform(0.35, 0.6) for key in keys}, rng, today)
    others = [place.user for place in places if place.user.email != DEMO_LEADER]
    _discussion(cohort, facilitator, others, now)
    return cohort


def _discussion(cohort, facilitator, others: list[User], now) -> None:
    thread = services.cohort_thread(cohort)
    leader = User.objects.get(email=DEMO_LEADER)
    authors = {
        "facilitator": facilitator,
        "leader": leader,
        "a participant": others[0],
        "another participant": others[1],
    }
    first = None
    for who, hours, is_reply, text in POSTS:
        post = services.post_create(
            thread=thread,
            author=authors[who],
            text=text,
            parent=first if is_reply else None,
            now=now - datetime.timedelta(hours=hours),
        )
        first = first or post
    services.post_create(thread=thread, author=others[-1], text=SPAM, now=now - datetime.timedelta(hours=3))


def load() -> str:
    facilitator = User.objects.filter(email=FACILITATOR).first()
    if facilitator is None:
        return "Programme: load the demo organisations first."
    organisation = facilitator.memberships.filter(is_facilitator=True).first().organisation
    if organisation.programmes.filter(title=TITLE).exists():
        return "Demo programme is already loaded."
    riverside = list(User.objects.filter(email__in=RIVERSIDE_PEOPLE))
    finished_people = _northfield_people(organisation, FINISHED_FROM_NORTHFIELD, skip=0) + riverside
    running_people = [User.objects.get(email=DEMO_LEADER)] + _northfield_people(
        organisation, RUNNING_FROM_NORTHFIELD, skip=FINISHED_FROM_NORTHFIELD
    )
    rng = random.Random(2026)  # the same invented answers every time
    now = timezone.now()
    programme = services.programme_create(
        organisation=organisation, by=facilitator, title=TITLE, description=DESCRIPTION
    )
    _finished_cohort(programme, facilitator, finished_people, now, rng)
    _running_cohort(programme, facilitator, running_people, now, rng)
    # Past sessions are not news: keep only reminders for sessions still to come.
    for user in finished_people + running_people:
        user.notifications.filter(kind="session_reminder", expires_at__lt=now).delete()
    return f"Loaded {TITLE}: a finished cohort of {len(finished_people)} and a running cohort of {len(running_people)}."
