"""How every figure Listen shows reads, on a page or in a CSV: one rounding rule (halves up, one decimal), and the
CSV rows of a population's figures and of the heatmap. Pure, no database."""

import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from attend.listen import anonymity, question_bank
from attend.listen.question_bank import AGREE_SCALE
from attend.listen.results import RoundResults

# CSV: only what the pages show


CSV_HEADER = ["Theme or question", "Kind", "Score (0 to 10)", *AGREE_SCALE.values()]


# Rounding: one rule for every figure Listen shows, on a page or in a CSV. Scores are means of multiples of 2.5, so
# a float can land a hair under a true half (21 / 4 is exact, but a mean of many answers may come out as
# 5.249999999999999): the value is first settled to nine places, then rounded half up to one decimal.
_SETTLE = Decimal("1e-9")
_ONE_DECIMAL = Decimal("0.1")


def one_decimal(value: float) -> Decimal:
    """A figure to one decimal place, halves rounded up (away from zero): 5.25 → 5.3, -0.25 → -0.3."""
    return Decimal(repr(value)).quantize(_SETTLE).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def figure_text(value: float | None) -> str:
    """A 0–10 score as every page and CSV shows it ("5.3"), or "Not enough answers yet" for None."""
    if value is None:
        return anonymity.NOT_ENOUGH_ANSWERS
    if value >= 0:
        # Away from a half, the float rounds as `one_decimal` does (settling moves a figure by under 1e-8 tenths), at a
        # fifth of the cost: a heatmap's CSV has thousands of figures. Near a half, `one_decimal` decides.
        tenths = value * 10 + 0.5
        whole = math.floor(tenths)
        if 1e-6 < tenths - whole < 1 - 1e-6:
            return f"{whole // 10}.{whole % 10}"
    return str(one_decimal(value))


def signed_text(value: float | None) -> str:
    """A difference with its sign ("+0.3", "-1.0"), "0.0" when it rounds to nothing."""
    if value is None:
        return anonymity.NOT_ENOUGH_ANSWERS
    rounded = one_decimal(value)
    return f"{rounded:+}" if rounded else "0.0"


def percent_text(share: float) -> str:
    """A share (0 to 1) as a whole percentage, halves rounded up like every other figure."""
    return str(Decimal(repr(share * 100)).quantize(_SETTLE).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def csv_rows(results: RoundResults) -> list[list[str]]:
    """Rows for a CSV of one population's figures, suppressed exactly as on the page (no comments, ever)."""
    rows = [CSV_HEADER]
    rows.append(["Responses", "count", str(results.responses), *[""] * len(AGREE_SCALE)])
    rows.append(["Responses in these results", "count", str(results.counted), *[""] * len(AGREE_SCALE)])
    if results.response_rate is not None:
        rows.append(["Response rate", "percent", percent_text(results.response_rate), *[""] * len(AGREE_SCALE)])
    for result in results.themes:
        rows.append([result.theme.title, "theme", figure_text(result.score), *[""] * len(AGREE_SCALE)])
    for result in results.sub_themes:
        rows.append([result.theme.title, "sub-theme", figure_text(result.score), *[""] * len(AGREE_SCALE)])
    for result in results.items:
        counts = (
            [str(result.distribution[v]) for v in AGREE_SCALE]
            if result.distribution is not None
            else [anonymity.NOT_ENOUGH_ANSWERS] * len(AGREE_SCALE)
        )
        rows.append([result.item.text, "question", figure_text(result.score), *counts])
    return rows


def heatmap_csv_rows(rows: Iterable[tuple[str, Sequence[float | None]]], *, theme_keys: Sequence[str]) -> list[list]:
    """Rows for a CSV of the heatmap: one row per team (its title, then its score for each theme in order)."""
    header = ["Team", *[question_bank.theme(key).title for key in theme_keys]]
    return [header, *([title, *map(figure_text, scores)] for title, scores in rows)]
