"""One rounding rule for every figure (issue 17): halves round up to one decimal, the same on the page, in the CSV
and in the heatmap's CSV, however the float arithmetic behind a mean happened to land."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from attend.accounts.models import User
from attend.demo import listen as demo
from attend.demo import organisations as organisations_demo
from attend.listen import figures_text, tables
from attend.listen.models import PulseRound


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (5.25, "5.3"),
        (6.25, "6.3"),
        (0.05, "0.1"),
        (9.95, "10.0"),
        (5.249999999999999, "5.3"),  # a mean of scores that is 5.25 exactly, as floats compute it
        (21 / 4, "5.3"),
        (5.24, "5.2"),
        (7.5, "7.5"),
        (0.0, "0.0"),
        (10.0, "10.0"),
    ],
)
def test_halves_round_up_to_one_decimal_everywhere(value, shown):
    assert figures_text.figure_text(value) == shown
    assert tables.score(value) == shown
    assert figures_text.csv_rows.__module__ == figures_text.figure_text.__module__


def test_differences_round_the_same_way_with_their_sign():
    assert tables.signed(0.25) == "+0.3"
    assert tables.signed(-0.25) == "-0.3"
    assert tables.signed(0.04) == "0.0"
    assert tables.signed(None) == tables.NOT_ENOUGH


class Cells(HTMLParser):
    """Every table row's cells, as text, with the headings for narrow screens left out."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.skip = [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "span" and ("class", "nhsuk-table__heading") in attrs:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "span" and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.cell is not None and not self.skip:
            self.cell.append(data)


def csv_cells(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def page_rows(html: str) -> dict[str, list[str]]:
    parser = Cells()
    parser.feed(html)
    found: dict[str, list[str]] = {}
    for row in parser.rows:  # the first table a title is in: the self-view's table repeats the behaviours later
        if len(row) > 1:
            found.setdefault(row[0], row[1:])
    return found


@pytest.mark.django_db
def test_every_figure_of_the_demo_rounds_reads_the_same_on_the_page_and_in_the_csv():
    organisations_demo.load()
    demo.load()
    browser = Client()
    browser.force_login(User.objects.get(email=demo.DEMO_LEADER))
    compared = 0
    for pulse_round in PulseRound.objects.all():
        page = page_rows(browser.get(reverse("listen:round", args=[pulse_round.pk])).content.decode())
        csv = csv_cells(browser.get(reverse("listen:round_csv", args=[pulse_round.pk])))
        for title, kind, score, *counts in csv[1:]:
            if kind not in ("theme", "sub-theme", "question") or score == tables.NOT_ENOUGH:
                continue
            assert page[title][0] == score, (pulse_round, title)
            if kind == "question":
                assert page[title][1:] == counts, (pulse_round, title)
            compared += 1
    assert compared > 100
