"""How every figure reads, on a page or in a CSV: one rounding rule, and CSVs that hold only what the pages show.
Pure, no database."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.listen import question_bank
from attend.listen.anonymity import NOT_ENOUGH_ANSWERS
from attend.listen.figures_text import csv_rows, figure_text, heatmap_csv_rows, one_decimal
from attend.listen.results import round_results
from attend.listen.tests.test_results import DEFAULT, ITEMS, batch

# Rounding


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.floats(min_value=0, max_value=1000, allow_nan=False),
        st.builds(
            lambda k, d: k / 20 + d, st.integers(0, 200), st.sampled_from([0, 1e-12, -1e-12, 4e-10, -4e-10, 6e-10])
        ),
    )
)
def test_a_figures_text_is_its_one_decimal_rounding(value):
    """The quick path of `figure_text` (away from a half) says what `one_decimal` says, near halves included."""
    expected = str(Decimal(repr(value)).quantize(Decimal("1e-9")).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))
    assert figure_text(value) == expected == str(one_decimal(value))


# CSV


def test_the_csv_holds_the_same_suppressed_figures_and_never_comments():
    shown = round_results(batch("a", 4, 4, 4, 4, 4, comment="Secret") * 2, items=ITEMS, thresholds=DEFAULT)
    rows = csv_rows(shown)
    assert rows[0] == [
        "Theme or question",
        "Kind",
        "Score (0 to 10)",
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    assert rows[3][:3] == ["Compassionate leadership", "theme", "6.7"]
    assert rows[-1][0] == question_bank.item("wellbeing-1").text and rows[-1][2:] == ["5.0", "0", "0", "10", "0", "0"]
    assert "Secret" not in str(rows)

    hidden = round_results(batch(None, 4, 4), items=ITEMS, thresholds=DEFAULT, invited=20)
    rows = csv_rows(hidden)
    assert rows[3][:3] == ["Response rate", "percent", "10"]
    figures = [row for row in rows if row[1] in ("theme", "sub-theme", "question")]
    assert figures and all(row[2] == NOT_ENOUGH_ANSWERS for row in figures)
    assert all(row[3:] == [NOT_ENOUGH_ANSWERS] * 5 for row in figures if row[1] == "question")


def test_the_heatmap_csv_shows_a_row_per_team():
    rows = heatmap_csv_rows([("Ward 7", [6.25]), ("Ward 8", [None])], theme_keys=["wellbeing"])
    assert rows == [["Team", "Wellbeing"], ["Ward 7", "6.3"], ["Ward 8", NOT_ENOUGH_ANSWERS]]
