"""Programme's pages with Django's test client: forms, errors, and what each person sees."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attend.core.tests.pages import page
from attend.programme import selectors, services
from attend.programme.models import Post, Programme, QuestionnaireAssignment, QuestionnaireResponse, Thread
from attend.programme.tests.conftest import add_people, full_answers, participant_add
from attend.programme.tests.test_services import SPAM

pytestmark = pytest.mark.django_db
ERROR_SUMMARY = "nhsuk-error-summary"


def _client(client, membership):
    client.force_login(membership.user)
    return client


def test_a_facilitator_sets_up_a_programme(facilitator_client, facilitator):
    response = facilitator_client.post(reverse("programme:programme_new"), {"title": "Compassionate leadership"})
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:programme", args=[programme.pk])
    assert programme.organisation == facilitator.organisation


def test_a_programme_without_a_name_is_refused_with_the_error_summary(facilitator_client):
    response = facilitator_client.post(reverse("programme:programme_new"), {"title": ""})
    assert response.status_code == 422
    assert ERROR_SUMMARY in response.content.decode()
    assert not Programme.objects.exists()


def test_a_cohort_cannot_end_before_it_starts(facilitator_client, programme):
    response = facilitator_client.post(
        reverse("programme:cohort_new", args=[programme.pk]),
        {"name": "Spring", "starts_on": "2026-04-10", "ends_on": "2026-04-01", "status": "planned"},
    )
    assert response.status_code == 422
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_a_session_with_an_http_video_link_is_refused(facilitator_client, cohort):
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    form = {"title": "Online", "day": day, "at": "10:00", "minutes": "60", "video_link": "http://meet.example/x"}
    response = facilitator_client.post(reverse("programme:session_new", args=[cohort.pk]), form)
    assert response.status_code == 422
    assert "starts with https://" in response.content.decode()
    form["video_link"] = "https://meet.example/x"
    response = facilitator_client.post(reverse("programme:session_new", args=[cohort.pk]), form)
    assert response.status_code == 302
    assert cohort.sessions.get().video_link == "https://meet.example/x"


def test_the_session_invitation_is_an_ics_file(leader_client, session):
    response = leader_client.get(reverse("programme:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and session.title in body and "Room 2" in body


def test_the_facilitator_records_attendance(facilitator_client, session, place):
    response = facilitator_client.post(
        reverse("programme:attendance", args=[session.pk]), {f"p{place.pk.hex}": "present"}
    )
    assert response.status_code == 302
    assert session.attendances.get().status == "present"
    response = facilitator_client.post(reverse("programme:attendance", args=[session.pk]), {f"p{place.pk.hex}": "x"})
    assert response.status_code == 422
    assert session.attendances.get().status == "present"


def test_an_empty_post_is_refused_with_the_error_summary(leader_client, thread, place):
    response = leader_client.post(reverse("programme:thread", args=[thread.pk]), {"text": "  "})
    assert response.status_code == 422
    assert ERROR_SUMMARY in response.content.decode()


def test_posting_too_fast_is_a_clear_form_error(leader_client, thread, place):
    for number in range(3):
        leader_client.post(reverse("programme:thread", args=[thread.pk]), {"text": f"Thought {number}"})
    response = leader_client.post(reverse("programme:thread", args=[thread.pk]), {"text": "And another"})
    assert response.status_code == 422
    assert "You can post again in" in response.content.decode()
    assert thread.posts.count() == 3


def test_a_held_post_is_shown_to_its_author_as_waiting_and_to_no_other_participant(
    client, leader_client, thread, place, cohort, facilitator
):
    response = leader_client.post(reverse("programme:thread", args=[thread.pk]), {"text": SPAM}, follow=True)
    page = response.content.decode()
    assert "waiting for a facilitator" in page.lower()
    assert "cheap-deals.example/a" in page
    other = add_people(cohort, facilitator, 1)[0]
    client.force_login(other.user)
    assert "cheap-deals.example" not in client.get(reverse("programme:thread", args=[thread.pk])).content.decode()


def test_the_facilitator_hides_a_post_from_the_queue(facilitator_client, leader_client, thread, place, cohort):
    post = services.post_create(thread=thread, author=place.user, text=SPAM)
    queue = facilitator_client.get(reverse("programme:moderation", args=[cohort.pk])).content.decode()
    assert "cheap-deals.example/a" in queue
    facilitator_client.post(reverse("programme:post_hide", args=[post.pk]), {"next": "moderation"})
    post.refresh_from_db()
    assert post.status == Post.Status.HIDDEN
    assert "cheap-deals" not in leader_client.get(reverse("programme:thread", args=[thread.pk])).content.decode()


def test_links_in_posts_are_escaped_and_only_http_links_are_clickable(leader_client, thread, place):
    services.post_create(
        thread=thread, author=place.user, text="<script>x</script> javascript:alert(1) see https://www.nhs.uk/"
    )
    page = leader_client.get(reverse("programme:thread", args=[thread.pk])).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert 'href="https://www.nhs.uk/"' in page
    assert 'href="javascript' not in page


def test_a_participant_answers_the_questionnaire_with_radios_and_sees_the_citation(
    leader_client, cohort, facilitator, place
):
    today = timezone.localdate()
    assignment = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today
    )
    page = leader_client.get(reverse("programme:questionnaire", args=[assignment.pk])).content.decode()
    assert 'type="radio"' in page and "<fieldset" in page
    assert "Raes" in page

    answers = full_answers(assignment, 4)
    form = {}
    for m_index, measure in enumerate(selectors.assignment_measures(assignment), start=1):
        for i_index, item in enumerate(measure.items, start=1):
            form[f"m{m_index}i{i_index}"] = str(answers[measure.key][item.key])
    incomplete = dict(form)
    incomplete.pop("m1i1")
    response = leader_client.post(reverse("programme:questionnaire", args=[assignment.pk]), incomplete)
    assert response.status_code == 422
    assert ERROR_SUMMARY in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()

    response = leader_client.post(reverse("programme:questionnaire", args=[assignment.pk]), form)
    assert response["Location"] == reverse("programme:my_results", args=[cohort.pk])
    results = leader_client.get(response["Location"]).content.decode()
    assert "4.0" in results


def test_the_report_never_names_a_participant(facilitator_client, org_admin_client, cohort, facilitator):
    places = add_people(cohort, facilitator, 5)
    today = timezone.localdate()
    start = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today
    )
    for place in places:
        services.questionnaire_submit(assignment=start, place=place, answers=full_answers(start, 3))
    for reader in (facilitator_client, org_admin_client):
        for name in ("programme:report", "programme:report_print", "programme:report_csv"):
            body = reader.get(reverse(name, args=[cohort.pk])).content.decode()
            assert all(place.user.name not in body for place in places), name
    page = facilitator_client.get(reverse("programme:report", args=[cohort.pk])).content.decode()
    assert "Change is shown once the end-of-programme questionnaire has closed" in page


def test_the_facilitator_cannot_open_a_participants_questionnaire_or_results(
    facilitator_client, cohort, place, facilitator
):
    today = timezone.localdate()
    assignment = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today
    )
    services.questionnaire_submit(assignment=assignment, place=place, answers=full_answers(assignment))
    assert facilitator_client.get(reverse("programme:questionnaire", args=[assignment.pk])).status_code == 404
    assert facilitator_client.get(reverse("programme:my_results", args=[cohort.pk])).status_code == 404


def test_everyone_has_an_empty_state(member_client, facilitator_client):
    assert "not taking part in a programme" in member_client.get(reverse("programme:index")).content.decode()
    assert "not set up a programme yet" in facilitator_client.get(reverse("programme:index")).content.decode()


def test_today_shows_a_participant_their_next_session_and_an_open_questionnaire(leader_client, session, facilitator):
    today = timezone.localdate()
    services.questionnaire_assign(
        cohort=session.cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today
    )
    page = leader_client.get(reverse("core:today")).content.decode()
    assert f"Next session: {session.title}" in page
    assert "A questionnaire is open for you." in page


def test_today_reads_each_place_with_its_next_session_and_what_it_has_not_answered(
    session, place, cohort, facilitator, leader, programme
):
    """Today's programme panel: one query for every cohort; a session passed, cancelled or of another cohort is not
    next, and a questionnaire answered, not yet open or of another cohort is not open for this place."""
    now, today = timezone.now(), timezone.localdate()
    later = services.cohort_create(
        programme=programme,
        by=facilitator.user,
        name="Autumn cohort",
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=90),
        status="running",
    )
    second = participant_add(cohort=later, by=facilitator.user, email=leader.user.email)
    sooner = services.session_schedule(
        cohort=cohort, by=facilitator.user, title="Session 1", starts_at=now + datetime.timedelta(days=1), minutes=60
    )
    services.session_schedule(
        cohort=cohort, by=facilitator.user, title="Past", starts_at=now - datetime.timedelta(days=1), minutes=60
    )
    services.session_cancel(session=sooner, by=facilitator.user)
    answered = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today
    )
    services.questionnaire_submit(assignment=answered, place=place, answers=full_answers(answered))
    services.questionnaire_assign(
        cohort=later, by=facilitator.user, point="start", opens_on=today, closes_on=today + datetime.timedelta(days=1)
    )

    with CaptureQueriesContext(connection) as queries:
        places = selectors.today_places(leader.user, now=now, today=today)
    assert len(queries) == 1
    assert [(p.pk, p.next_title, p.next_starts_at, p.questionnaire_open) for p in places] == [
        (second.pk, None, None, True),  # the newer cohort first
        (place.pk, session.title, session.starts_at, False),
    ]


def test_today_tells_a_facilitator_about_posts_waiting_for_them(facilitator_client, thread, place):
    assert "waiting for you to look at" not in facilitator_client.get(reverse("core:today")).content.decode()
    services.post_create(thread=thread, author=place.user, text=SPAM)
    assert "1 post is waiting for you to look at." in facilitator_client.get(reverse("core:today")).content.decode()


def test_the_facilitator_changes_a_session(facilitator_client, session):
    page = facilitator_client.get(reverse("programme:session_edit", args=[session.pk])).content.decode()
    assert session.title in page
    local = timezone.localtime(session.starts_at)
    form = {
        "title": "Session 2, moved",
        "day": local.date().isoformat(),
        "at": "14:00",
        "minutes": "90",
        "place": "Room 9",
    }
    response = facilitator_client.post(reverse("programme:session_edit", args=[session.pk]), form)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.minutes, session.place) == ("Session 2, moved", 90, "Room 9")
    form["place"] = ""
    response = facilitator_client.post(reverse("programme:session_edit", args=[session.pk]), form)
    assert response.status_code == 422


def test_a_participant_reports_a_post_and_the_facilitator_sees_why(
    client, facilitator_client, thread, place, cohort, facilitator
):
    post = services.post_create(thread=thread, author=place.user, text="Something sharp")
    other = add_people(cohort, facilitator, 1)[0]
    client.force_login(other.user)
    response = client.post(reverse("programme:post_report", args=[post.pk]), {})
    assert response.status_code == 422
    response = client.post(
        reverse("programme:post_report", args=[post.pk]), {"reason": "unkind", "details": "Not kind to a colleague"}
    )
    assert response.status_code == 302
    queue = facilitator_client.get(reverse("programme:moderation", args=[cohort.pk])).content.decode()
    assert "It is unkind, abusive or discriminatory. Not kind to a colleague" in queue
    facilitator_client.post(reverse("programme:post_restore", args=[post.pk]), {"next": "moderation"})
    assert (
        "Nothing to look at"
        in facilitator_client.get(reverse("programme:moderation", args=[cohort.pk])).content.decode()
    )


def test_a_participant_replies_and_changes_their_reply(leader_client, thread, place, facilitator):
    post = services.post_create(thread=thread, author=facilitator.user, text="How are you arriving?")
    response = leader_client.post(reverse("programme:post_reply", args=[post.pk]), {"text": "Tired, but here."})
    reply = post.replies.get()
    assert response.status_code == 302
    response = leader_client.post(reverse("programme:post_edit", args=[reply.pk]), {"text": "Tired, but glad."})
    assert response.status_code == 302
    page = leader_client.get(reverse("programme:thread", args=[thread.pk])).content.decode()
    assert "Tired, but glad." in page and "(edited)" in page


def test_the_facilitator_marks_a_cohort_finished(facilitator_client, leader_client, cohort, place):
    facilitator_client.post(reverse("programme:cohort_status", args=[cohort.pk]), {"status": "finished"})
    cohort.refresh_from_db()
    assert cohort.status == "finished"
    assert (
        leader_client.post(reverse("programme:cohort_status", args=[cohort.pk]), {"status": "planned"}).status_code
        == 403
    )
    cohort.refresh_from_db()
    assert cohort.status == "finished"


@pytest.mark.django_db
def test_the_header_offers_programme_to_participants_and_facilitators_only(
    place, leader_client, facilitator_client, member_client
):
    def offered(client) -> bool:
        links = page(client.get(reverse("core:today"))).select("a", cls="nhsuk-header__navigation-link")
        return "Programme" in [link.text for link in links]

    assert offered(leader_client)  # the leader has a place on the cohort
    assert offered(facilitator_client)
    assert not offered(member_client)


def test_a_link_in_capitals_is_saved_not_a_server_error(facilitator_client, cohort):
    # The scheme is case-insensitive: the form let "HTTPS://" through and the service used to raise (a 500).
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    form = {"title": "Online", "day": day, "at": "10:00", "minutes": "60", "video_link": "HTTPS://meet.example/x"}
    response = facilitator_client.post(reverse("programme:session_new", args=[cohort.pk]), form)
    assert response.status_code == 302
    assert cohort.sessions.get().video_link == "HTTPS://meet.example/x"
    response = facilitator_client.post(
        reverse("programme:material_new", args=[cohort.pk]), {"title": "Reading", "link": "HTTPS://read.example/"}
    )
    assert response.status_code == 302
    assert cohort.materials.get().link == "HTTPS://read.example/"


def test_no_one_replies_to_a_held_or_hidden_post(leader_client, facilitator_client, thread, place, facilitator):
    held = services.post_create(thread=thread, author=place.user, text=SPAM)
    hidden = services.post_create(thread=thread, author=facilitator.user, text="Taken down later.")
    services.post_hide(post=hidden, by=facilitator.user)
    assert held.status == Post.Status.HELD
    # The author still sees their held post, the facilitator both; neither may reply under them.
    for reader, post in ((leader_client, held), (facilitator_client, held), (facilitator_client, hidden)):
        assert reader.get(reverse("programme:post_reply", args=[post.pk])).status_code == 404
        assert reader.post(reverse("programme:post_reply", args=[post.pk]), {"text": "A reply"}).status_code == 404
    assert not Post.objects.filter(parent__isnull=False).exists()


def test_the_report_csv_and_print_show_no_change_below_five_pairs_and_cite_the_scs_sf(
    facilitator_client, cohort, facilitator
):
    places = add_people(cohort, facilitator, 4)
    today = timezone.localdate()
    start, end = (
        services.questionnaire_assign(cohort=cohort, by=facilitator.user, point=point, opens_on=today, closes_on=today)
        for point in ("start", "end")
    )
    for place in places:
        services.questionnaire_submit(assignment=start, place=place, answers=full_answers(start, 2))
        services.questionnaire_submit(assignment=end, place=place, answers=full_answers(end, 4))
    # The end questionnaire closed yesterday, so the change is final and the report would show it.
    yesterday = today - datetime.timedelta(days=1)
    QuestionnaireAssignment.objects.filter(cohort=cohort).update(opens_on=yesterday, closes_on=yesterday)
    for name in ("programme:report", "programme:report_print", "programme:report_csv"):
        body = facilitator_client.get(reverse(name, args=[cohort.pk])).content.decode()
        assert "Not enough pairs yet" in body, name
        assert "Scores rose" not in body and "2.00" not in body, name
        assert "Raes, F., Pommier, E., Neff, K. D., &amp; Van Gucht, D. (2011)" in body or (
            name.endswith("csv") and "Raes, F., Pommier, E., Neff, K. D., & Van Gucht, D. (2011)" in body
        ), name


def test_answering_again_saves_nothing_and_goes_back_to_the_page_that_says_so(
    leader_client, cohort, facilitator, place
):
    today = timezone.localdate()
    assignment = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today
    )
    services.questionnaire_submit(assignment=assignment, place=place, answers=full_answers(assignment, 2))
    url = reverse("programme:questionnaire", args=[assignment.pk])
    response = leader_client.post(url, {})
    assert (response.status_code, response["Location"]) == (302, url)
    assert "You have answered this questionnaire" in leader_client.get(url).content.decode()
    assert QuestionnaireResponse.objects.filter(participant=place).count() == len(
        selectors.assignment_measures(assignment)
    )


def test_the_end_questionnaire_with_looking_back_does_not_ask_for_now_only(leader_client, cohort, facilitator, place):
    today = timezone.localdate()
    end = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="end", opens_on=today, closes_on=today, retrospective=True
    )
    start = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="start", opens_on=today, closes_on=today
    )
    looking_back = leader_client.get(reverse("programme:questionnaire", args=[end.pk])).content.decode()
    assert "except where a section asks you to think back to before the programme" in looking_back
    assert "Thinking back to before the programme" in looking_back
    plain = leader_client.get(reverse("programme:questionnaire", args=[start.pk])).content.decode()
    assert "think back" not in plain


def test_once_the_evaluation_is_final_the_people_page_offers_no_changes_and_says_why(
    facilitator_client, cohort, facilitator, other_leader
):
    answered, silent = add_people(cohort, facilitator, 2)
    people_url = reverse("programme:participants", args=[cohort.pk])
    end = services.questionnaire_assign(
        cohort=cohort, by=facilitator.user, point="end", opens_on=timezone.localdate(), closes_on=timezone.localdate()
    )
    services.questionnaire_submit(assignment=end, place=answered, answers=full_answers(end, 3))
    while_open = facilitator_client.get(people_url).content.decode()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    QuestionnaireAssignment.objects.filter(pk=end.pk).update(opens_on=yesterday, closes_on=yesterday)

    final = facilitator_client.get(people_url).content.decode()
    refused = [
        facilitator_client.post(reverse("programme:participant_remove", args=[cohort.pk, place.pk]), follow=True)
        for place in (answered, silent)
    ]
    add_refused = facilitator_client.post(people_url, {"addresses": other_leader.user.email})

    assert while_open.count(">Remove<") == 2 and "Invite people" in while_open
    assert ">Remove<" not in final and "Invite people" not in final
    assert "no one can join or leave this cohort now" in final
    # The same answer for someone who answered and someone who did not: it says nothing about either
    banners = [page(response).one(cls="nhsuk-notification-banner").text for response in refused]
    assert banners[0] == banners[1] and "no one can join or leave it now" in banners[0]
    assert "no one can join or leave it now" in add_refused.content.decode()
    assert cohort.participants.count() == 2


def test_opening_a_cohort_or_a_session_writes_nothing(facilitator_client, leader_client, cohort, session, place):
    threads = Thread.objects.count()
    pages = [reverse("programme:cohort", args=[cohort.pk]), reverse("programme:session", args=[session.pk])]
    with CaptureQueriesContext(connection) as queries:
        for client in (facilitator_client, leader_client):
            for address in pages:
                assert client.get(address).status_code == 200
    writes = [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and "programme_" in query["sql"]
    ]
    assert writes == []
    assert Thread.objects.count() == threads


def test_a_cohort_without_a_discussion_opens_without_starting_one(leader_client, cohort, place):
    address = reverse("programme:cohort", args=[cohort.pk])
    assert "Open the cohort discussion" in leader_client.get(address).content.decode()
    cohort.threads.all().delete()
    response = leader_client.get(address)
    assert response.status_code == 200
    assert "Open the cohort discussion" not in response.content.decode()
    assert not cohort.threads.exists()
