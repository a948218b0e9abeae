"""The demo programme loads once, with the data its pages need."""

import numpy as np
import pytest
from django.urls import reverse
from scipy import stats

from attend.accounts.models import User
from attend.accounts.tests.two_factor_support import force_login_with_second_factor
from attend.demo import organisations as organisations_demo
from attend.demo import programme as demo
from attend.programme import reports
from attend.programme.models import Cohort, Post, Programme, QuestionnaireResponse

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_a_finished_and_a_running_cohort():
    organisations_demo.load()
    assert "Loaded" in demo.load()
    assert "already" in demo.load()
    assert Programme.objects.count() == 1
    finished = Cohort.objects.get(status=Cohort.Status.FINISHED)
    running = Cohort.objects.get(status=Cohort.Status.RUNNING)
    report = reports.cohort_report(finished)
    shown = [row for row in report.start_to_end if row.change]
    assert shown and all(row.change.n >= 8 for row in shown)
    assert all(row.change.mean_difference > 0 for row in shown)
    assert running.participants.filter(user__email="leader@northfield.example").exists()
    assert running.sessions.count() == 6
    held = Post.objects.filter(thread__cohort=running, status=Post.Status.HELD)
    assert held.count() == 1
    # Held as the advert it is, not only for its link count (issue 16).
    assert any(reason.startswith("It looks like an advert") for reason in held.get().reasons)
    assert "viagra" in held.get().text
    assert Post.objects.filter(thread__cohort=running, status=Post.Status.SHOWN).count() >= 3
    assert {p.organisation.slug for p in finished.participants.all()} == {"northfield", "riverside"}


def test_the_demo_pages_show_change_to_the_facilitator_and_hold_the_spam_back(client):
    organisations_demo.load()
    demo.load()
    finished = Cohort.objects.get(status=Cohort.Status.FINISHED)
    running = Cohort.objects.get(status=Cohort.Status.RUNNING)
    thread = running.threads.get(session=None)

    force_login_with_second_factor(client, User.objects.get(email="facilitator@northfield.example"))
    report = client.get(reverse("programme:report", args=[finished.pk])).content.decode()
    assert "Scores rose" in report
    assert "seo-boost.example" in client.get(reverse("programme:thread", args=[thread.pk])).content.decode()

    force_login_with_second_factor(client, User.objects.get(email="leader@northfield.example"))
    page = client.get(reverse("programme:thread", args=[thread.pk])).content.decode()
    assert "I am much harsher on myself" in page
    assert "seo-boost.example" not in page
    assert client.get(reverse("programme:cohort", args=[running.pk])).status_code == 200
    assert client.get(reverse("programme:report", args=[finished.pk])).status_code == 403


def test_the_demo_report_agrees_with_scipys_paired_t_test():
    """Each figure of the finished cohort's report, recomputed from the stored answers with scipy."""
    organisations_demo.load()
    demo.load()
    finished = Cohort.objects.get(status=Cohort.Status.FINISHED)
    totals = {}
    for response in QuestionnaireResponse.objects.filter(assignment__cohort=finished):
        totals[(response.assignment.point, response.measure_key, response.participant_id)] = response.scores["total"]
    report = reports.cohort_report(finished)
    assert report.start_to_end
    for row in report.start_to_end:
        people = [p for (point, key, p) in totals if point == "start" and key == row.key]
        both = [p for p in people if ("end", row.key, p) in totals]
        before = np.array([totals[("start", row.key, p)] for p in both])
        after = np.array([totals[("end", row.key, p)] for p in both])
        test = stats.ttest_rel(after, before)
        interval = test.confidence_interval(0.95)
        assert row.change.n == len(both) == 8
        assert row.change.mean_difference == pytest.approx(float(np.mean(after - before)))
        assert (row.change.ci_low, row.change.ci_high) == pytest.approx((interval.low, interval.high))
        d_av = np.mean(after - before) / ((np.std(before, ddof=1) + np.std(after, ddof=1)) / 2)
        assert row.change.effect_size == pytest.approx(float(d_av))
        assert row.change.effect_size_dz * np.sqrt(len(both)) == pytest.approx(float(test.statistic))
