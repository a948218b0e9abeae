"""How Listen's figures show in its tables: one decimal, the sign of a difference, and each heatmap colour band also in
words (issue 17). Pure, no database."""

import pytest

from attend.listen import tables


@pytest.mark.parametrize(
    ("value", "said"),
    [(None, "Not enough answers yet"), (8.0, "8.0 high"), (5.0, "5.0 middle"), (2.5, "2.5 low"), (1.0, "1.0 very low")],
)
def test_every_colour_band_is_also_said_in_words(value, said):
    assert tables.heat_cell_text(value) == said


def test_scores_show_one_decimal_or_plain_words():
    assert tables.score(7.26) == "7.3"
    assert tables.score(None) == "Not enough answers yet"
    assert tables.signed(2.5) == "+2.5" and tables.signed(-1.04) == "-1.0"
