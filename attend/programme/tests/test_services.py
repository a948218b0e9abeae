"""Programme's writes and the privacy rules around them, against the database."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from attend.core.models import AuditEvent
from attend.programme import access, selectors, services
from attend.programme.models import Attendance, Cohort, Post, QuestionnaireResponse
from attend.programme.tests.conftest import add_people, full_answers
from attend.programme.tests.support import participant_add

pytestmark = pytest.mark.django_db

SPAM = (
    "Huge discount, buy now! Click here https://cheap-deals.example/a https://cheap-deals.example/b "
    "https://casino-bonus.example/c https://seo.example/d"
)


def test_a_cohort_comes_with_its_discussion_and_is_audited(cohort, facilitator):
    assert cohort.threads.filter(session=None).count() == 1
    actions = set(AuditEvent.objects.for_organisation(facilitator.organisation).values_list("action", flat=True))
    assert {AuditEvent.Action.PROGRAMME_CREATED, AuditEvent.Action.COHORT_CREATED} <= actions


def test_participants_come_from_the_facilitators_organisation_or_another(cohort, facilitator, leader, other_leader):
    own = participant_add(cohort=cohort, by=facilitator.user, email=leader.user.email.upper())
    other = participant_add(cohort=cohort, by=facilitator.user, email=other_leader.user.email)
    assert own.organisation == facilitator.organisation
    assert other.organisation == other_leader.organisation


def test_adding_someone_already_in_the_cohort_changes_nothing(cohort, facilitator, place):
    result = services.cohort_people_invite(
        cohort=cohort, by=facilitator.user, emails=[place.user.email.upper()], base_url="https://attend.example/"
    )
    assert (result.invited, result.waiting, result.already) == (0, 0, 1)
    assert cohort.participants.count() == 1


def test_removing_a_participant_is_audited(cohort, facilitator, place):
    services.participant_remove(place=place, by=facilitator.user)
    assert not cohort.participants.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PARTICIPANT_REMOVED).count() == 1


def test_participants_are_told_about_a_session_once(session, place):
    reminders = place.user.notifications.filter(kind="session_reminder")
    assert reminders.count() == 1
    assert session.title in reminders.get().title


def test_someone_added_later_is_told_about_sessions_still_to_come(session, cohort, facilitator, member):
    participant_add(cohort=cohort, by=facilitator.user, email=member.user.email)
    assert member.user.notifications.filter(kind="session_reminder").count() == 1


def test_a_video_link_must_be_https(cohort, facilitator):
    with pytest.raises(services.ProgrammeError):
        services.session_schedule(
            cohort=cohort,
            by=facilitator.user,
            title="Online",
            starts_at=timezone.now() + datetime.timedelta(days=1),
            minutes=60,
            video_link="http://meet.example/room",
        )
    assert not cohort.sessions.exists()


def test_attendance_is_saved_for_everyone_or_no_one(session, place, facilitator, other_leader):
    outsider_cohort = Cohort.objects.create(
        programme=session.cohort.programme,
        name="Other",
        starts_on=session.cohort.starts_on,
        ends_on=session.cohort.ends_on,
    )
    outsider = outsider_cohort.participants.create(user=other_leader.user, organisation=other_leader.organisation)
    with pytest.raises(services.ProgrammeError):
        services.attendance_record(
            session=session, by=facilitator.user, statuses={str(place.pk): "present", str(outsider.pk): "present"}
        )
    with pytest.raises(services.ProgrammeError):
        services.attendance_record(session=session, by=facilitator.user, statuses={str(place.pk): "asleep"})
    assert not Attendance.objects.exists()
    services.attendance_record(session=session, by=facilitator.user, statuses={str(place.pk): "apologies"})
    services.attendance_record(session=session, by=facilitator.user, statuses={str(place.pk): "present"})
    assert selectors.attendance_of(session) == {str(place.pk): "present"}


def test_material_needs_a_safe_link_or_text(cohort, facilitator):
    with pytest.raises(services.ProgrammeError):
        services.material_add(cohort=cohort, by=facilitator.user, title="Reading", link="javascript:alert(1)")
    with pytest.raises(services.ProgrammeError):
        services.material_add(cohort=cohort, by=facilitator.user, title="Nothing")
    services.material_add(cohort=cohort, by=facilitator.user, title="Notes", text="Bring your diary.")
    assert [m.title for m in selectors.materials_of(cohort)] == ["Notes"]


# ---- Discussion and moderation ----


def _view(user, membership, cohort):
    return access.cohort_for(user, membership, cohort.pk)


def test_an_ordinary_post_shows_to_everyone_in_the_cohort(thread, place, cohort, facilitator):
    post = services.post_create(thread=thread, author=place.user, text="The breathing space helped before handover.")
    assert post.status == Post.Status.SHOWN
    other = add_people(cohort, facilitator, 1)[0]
    assert post in access.visible_posts(thread, other.user, _view(other.user, None, cohort))


def test_spam_is_held_and_seen_only_by_its_author_and_facilitators(thread, place, cohort, facilitator):
    post = services.post_create(thread=thread, author=place.user, text=SPAM)
    assert post.status == Post.Status.HELD
    assert post.reasons
    other = add_people(cohort, facilitator, 1)[0]
    assert post not in access.visible_posts(thread, other.user, _view(other.user, None, cohort))
    assert post in access.visible_posts(thread, place.user, _view(place.user, None, cohort))
    assert post in access.visible_posts(thread, facilitator.user, _view(facilitator.user, facilitator, cohort))
    assert post in selectors.moderation_queue(cohort)


def test_a_hidden_post_is_seen_only_by_facilitators_until_restored(thread, place, cohort, facilitator):
    post = services.post_create(thread=thread, author=place.user, text="Something I regret writing.")
    services.post_hide(post=post, by=facilitator.user)
    assert post not in access.visible_posts(thread, place.user, _view(place.user, None, cohort))
    assert post in access.visible_posts(thread, facilitator.user, _view(facilitator.user, facilitator, cohort))
    services.post_restore(post=post, by=facilitator.user)
    assert post in access.visible_posts(thread, place.user, _view(place.user, None, cohort))
    actions = list(AuditEvent.objects.filter(action__startswith="post_").values_list("action", flat=True))
    assert sorted(actions) == ["post_hidden", "post_restored"]


def test_posting_too_fast_is_refused_and_nothing_is_saved(thread, place):
    now = timezone.now()
    for second in range(3):
        services.post_create(thread=thread, author=place.user, text=f"Thought number {second}", now=now)
    with pytest.raises(services.ProgrammeError, match="post again in"):
        services.post_create(thread=thread, author=place.user, text="One more thought", now=now)
    assert thread.posts.count() == 3


def test_a_post_can_be_changed_by_its_author_for_15_minutes(thread, place, facilitator):
    posted = timezone.now() - datetime.timedelta(minutes=20)
    post = services.post_create(thread=thread, author=place.user, text="First thoughts", now=posted)
    services.post_edit(post=post, by=place.user, text="Second thoughts", now=posted + datetime.timedelta(minutes=14))
    post.refresh_from_db()
    assert post.text == "Second thoughts" and post.edited_at is not None
    with pytest.raises(services.ProgrammeError, match="15 minutes"):
        services.post_edit(post=post, by=place.user, text="Third", now=posted + datetime.timedelta(minutes=16))
    with pytest.raises(services.ProgrammeError, match="your own"):
        services.post_edit(post=post, by=facilitator.user, text="Not mine", now=posted)


def test_only_the_author_reaches_their_post_to_change_it(thread, place, facilitator):
    post = services.post_create(thread=thread, author=place.user, text="Mine")
    assert access.own_post(place.user, None, post.pk) == post
    with pytest.raises(Cohort.DoesNotExist):
        access.own_post(facilitator.user, facilitator, post.pk)


def test_a_reported_post_waits_for_a_facilitator_and_hiding_it_resolves_the_report(thread, place, cohort, facilitator):
    other = add_people(cohort, facilitator, 1)[0]
    post = services.post_create(thread=thread, author=place.user, text="An unkind remark")
    services.post_report(post=post, by=other.user, reason="It is unkind")
    assert selectors.moderation_queue(cohort) == [post]
    services.post_hide(post=post, by=facilitator.user)
    assert selectors.moderation_queue(cohort) == []


def test_a_reply_must_be_in_the_same_discussion(thread, session, place):
    post = services.post_create(thread=thread, author=place.user, text="Top")
    with pytest.raises(services.ProgrammeError):
        services.post_create(thread=selectors.session_thread(session), author=place.user, text="Reply", parent=post)


# ---- Questionnaires ----


@pytest.fixture
def assignment(cohort, facilitator):
    today = timezone.localdate()
    return services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today + datetime.timedelta(days=7)
    )


def test_one_questionnaire_per_point_and_dates_in_order(cohort, facilitator, assignment):
    today = timezone.localdate()
    with pytest.raises(services.ProgrammeError):
        services.questionnaire_assign(
            cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today
        )
    with pytest.raises(services.ProgrammeError):
        services.questionnaire_assign(
            cohort=cohort,
            by=facilitator.user,
            point="end",
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )


def test_answers_are_saved_whole_with_their_scores(assignment, place):
    responses = services.questionnaire_submit(assignment=assignment, place=place, answers=full_answers(assignment))
    keys = [measure.key for measure in selectors.assignment_measures(assignment)]
    assert sorted(r.measure_key for r in responses) == sorted(keys)
    assert "scs-sf" in keys
    stored = QuestionnaireResponse.objects.get(participant=place, measure_key="scs-sf")
    assert stored.scores["total"] == 3  # all 3s: reversing 3 on 1 to 5 leaves 3


def test_one_missing_answer_saves_nothing(assignment, place):
    answers = full_answers(assignment)
    last = list(answers)[-1]
    answers[last].pop(next(iter(answers[last])))
    with pytest.raises(services.ProgrammeError, match="no answer"):
        services.questionnaire_submit(assignment=assignment, place=place, answers=answers)
    assert not QuestionnaireResponse.objects.exists()


def test_a_questionnaire_is_answered_once_and_only_while_open(assignment, place):
    services.questionnaire_submit(assignment=assignment, place=place, answers=full_answers(assignment))
    with pytest.raises(services.ProgrammeError, match="already answered"):
        services.questionnaire_submit(assignment=assignment, place=place, answers=full_answers(assignment))
    later = assignment.closes_on + datetime.timedelta(days=1)
    with pytest.raises(services.ProgrammeError, match="not open"):
        services.questionnaire_submit(assignment=assignment, place=place, answers={}, today=later)


def test_looking_back_is_asked_only_when_the_facilitator_chose_it(cohort, facilitator):
    today = timezone.localdate()
    end = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="end", opens_on=today, closes_on=today
    )
    assert not any(m.is_retrospective for m in selectors.assignment_measures(end))
    end.retrospective = True
    assert any(m.is_retrospective for m in selectors.assignment_measures(end))


def test_answers_and_scores_are_encrypted_at_rest(assignment, place):
    services.questionnaire_submit(assignment=assignment, place=place, answers=full_answers(assignment))
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers, scores FROM programme_questionnaireresponse")
        for answers, scores in cursor.fetchall():
            assert "scs" not in answers and "total" not in scores


def test_facilitators_cannot_read_one_participants_answers(assignment, place, facilitator, org_admin):
    services.questionnaire_submit(assignment=assignment, place=place, answers=full_answers(assignment))
    assert access.own_responses(place.user, place).count() == len(selectors.assignment_measures(assignment))
    for reader in (facilitator, org_admin):
        with pytest.raises(QuestionnaireResponse.DoesNotExist):
            access.own_responses(reader.user, place)
        with pytest.raises(Cohort.DoesNotExist):
            access.place_in(reader.user, place.cohort_id)
        with pytest.raises(Cohort.DoesNotExist):
            access.assignment_for_participant(reader.user, assignment.pk)


def test_a_cohort_is_open_to_its_participants_and_facilitators_only(
    cohort, place, facilitator, member, org_admin, other_leader
):
    assert access.cohort_for(place.user, None, cohort.pk).place == place
    assert access.cohort_for(facilitator.user, facilitator, cohort.pk).facilitating
    for outsider in (member, org_admin, other_leader):
        with pytest.raises(Cohort.DoesNotExist):
            access.cohort_for(outsider.user, outsider, cohort.pk)


def test_a_participant_from_another_organisation_opens_the_cohort(cohort, facilitator, other_leader):
    participant_add(cohort=cohort, by=facilitator.user, email=other_leader.user.email)
    assert access.cohort_for(other_leader.user, other_leader, cohort.pk).place is not None
    with pytest.raises(Cohort.DoesNotExist):
        access.cohort_for_facilitator(other_leader, cohort.pk)


def test_moving_a_session_tells_everyone_the_new_time_and_withdraws_the_old(session, place, facilitator):
    later = session.starts_at + datetime.timedelta(days=1)
    services.session_change(
        session=session, by=facilitator.user, title=session.title, starts_at=later, minutes=90, place="Room 3"
    )
    reminders = place.user.notifications.filter(kind="session_reminder").order_by("created_at")
    assert reminders.count() == 2
    assert reminders.first().expires_at <= timezone.now()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SESSION_CHANGED).count() == 1


def test_changing_only_the_place_tells_no_one_again(session, place, facilitator):
    services.session_change(
        session=session,
        by=facilitator.user,
        title=session.title,
        starts_at=session.starts_at,
        minutes=120,
        place="Room 4",
    )
    assert place.user.notifications.filter(kind="session_reminder").count() == 1


def test_a_reply_needs_a_post_everyone_can_see(thread, place, facilitator):
    held = services.post_create(thread=thread, author=place.user, text=SPAM)
    with pytest.raises(services.ProgrammeError, match="once a facilitator has shown it"):
        services.post_create(thread=thread, author=place.user, text="Reply", parent=held)
    services.post_restore(post=held, by=facilitator.user)
    held.refresh_from_db()
    assert services.post_create(thread=thread, author=facilitator.user, text="Reply", parent=held).parent == held


# ---- Held before anyone sees it (issue 16) ----


def test_a_post_reported_by_two_people_is_hidden_from_others_until_a_facilitator_looks(
    thread, place, cohort, facilitator
):
    first, second, bystander = add_people(cohort, facilitator, 3)
    post = services.post_create(thread=thread, author=place.user, text="Something two people find hurtful")
    services.post_report(post=post, by=first.user, reason="Hurtful")
    assert post in access.visible_posts(thread, bystander.user, _view(bystander.user, None, cohort))
    services.post_report(post=post, by=first.user, reason="Reporting again does not count twice")
    assert post in access.visible_posts(thread, bystander.user, _view(bystander.user, None, cohort))

    services.post_report(post=post, by=second.user, reason="Hurtful to me too")

    assert post not in access.visible_posts(thread, bystander.user, _view(bystander.user, None, cohort))
    assert post in access.visible_posts(thread, place.user, _view(place.user, None, cohort))
    assert post in selectors.moderation_queue(cohort)
    post.refresh_from_db()
    assert post.status == Post.Status.HELD and post.reasons == ["Two people in the cohort reported it."]
    services.post_restore(post=post, by=facilitator.user)
    assert post in access.visible_posts(thread, bystander.user, _view(bystander.user, None, cohort))


def test_the_first_post_with_a_link_from_someone_new_is_held_and_their_next_one_is_not(thread, place, facilitator):
    text = "My notes from the first session: https://my-notes.example/one"
    first = services.post_create(thread=thread, author=place.user, text=text)
    assert first.status == Post.Status.HELD
    services.post_restore(post=first, by=facilitator.user)

    later = services.post_create(thread=thread, author=place.user, text="And session two: https://my-notes.example/two")

    assert later.status == Post.Status.SHOWN


def test_the_advert_from_the_issue_is_held_even_from_someone_who_has_posted_before(thread, place):
    services.post_create(thread=thread, author=place.user, text="Glad to be here.")
    post = services.post_create(
        thread=thread, author=place.user, text="Best cheap SEO services! Buy backlinks now... casino bonuses and viagra"
    )
    assert post.status == Post.Status.HELD


def test_spam_edited_into_a_shown_post_is_held(thread, place):
    post = services.post_create(thread=thread, author=place.user, text="Thank you for today's session.")
    services.post_edit(
        post=post, by=place.user, text="Thank you! Instant loans, no credit check: https://quickcash.example"
    )
    post.refresh_from_db()
    assert post.status == Post.Status.HELD
