"""How Listen's figures show on a page: rows of scores, answers, self-view gaps and trends, the heatmap's cells, and
the dicts the NHS.UK table macro takes. Built from `results` (already suppressed), every figure through the one
rounding rule of `figures_text`."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from markupsafe import escape

from attend.listen import anonymity, figures_text, question_bank, results

NOT_ENOUGH = anonymity.NOT_ENOUGH_ANSWERS


# One rounding rule everywhere (halves up, one decimal): the page says what the CSV says.
score = figures_text.figure_text
signed = figures_text.signed_text


def theme_rows(figures: results.RoundResults) -> list[dict]:
    return [
        {"key": r.theme.key, "title": r.theme.title, "score": r.score, "shown": score(r.score)} for r in figures.themes
    ]


def sub_theme_rows(figures: results.RoundResults) -> list[dict]:
    return [
        {"title": r.theme.title, "parent": r.theme.parent, "score": r.score, "shown": score(r.score)}
        for r in figures.sub_themes
    ]


def item_rows(figures: results.RoundResults) -> list[dict]:
    rows = []
    for result in figures.items:
        counts = [result.distribution[value] for value in question_bank.AGREE_SCALE] if result.distribution else None
        rows.append({"text": result.item.text, "shown": score(result.score), "counts": counts})
    return rows


def gap_rows(gaps) -> list[dict]:
    return [
        {
            "title": gap.behaviour.title,
            "self": score(gap.self_score),
            "team": score(gap.team_score),
            "gap": signed(gap.gap),
        }
        for gap in gaps
    ]


def trend_rows(trend) -> list[dict]:
    return [
        {"title": row.theme.title, "points": [(label, score(value)) for label, value in row.points]} for row in trend
    ]


HEAT_BANDS = ((7.5, "high"), (5, "middle"), (2.5, "low"), (0, "very low"))


def heat_cell_text(value: float | None) -> str:
    """The score and its band in words ("7.5 high"): the colour is never the only way to tell."""
    if value is None:
        return NOT_ENOUGH
    return f"{score(value)} {next(word for floor, word in HEAT_BANDS if value >= floor)}"


def heat_band(value: float | None) -> str:
    """An NHS.UK tag colour for a heatmap cell: a reading aid only; the number is always there too."""
    if value is None:
        return "nhsuk-tag--grey"
    if value >= 7.5:
        return "nhsuk-tag--green"
    if value >= 5:
        return "nhsuk-tag--blue"
    if value >= 2.5:
        return "nhsuk-tag--yellow"
    return "nhsuk-tag--orange"


# Tables for the NHS.UK table macro (responsive: each cell carries its column's heading for narrow screens)


def _bar(value: float | None):
    """The score in words for everyone, and a bar for sighted readers (hidden from screen readers: the number is
    already there)."""
    if value is None:
        return {"text": NOT_ENOUGH}
    return {
        "html": format_html(
            '{} <meter class="app-score-bar" min="0" max="10" value="{}" aria-hidden="true"></meter>',
            score(value),
            score(value),
        )
    }


def score_table(caption: str, label: str, rows: list[dict]) -> dict:
    head = [{"text": label}, {"text": "Score out of 10"}]
    body = [
        [{"header": label, "text": row["title"]}, {"header": "Score out of 10", **_bar(row["score"])}] for row in rows
    ]
    return {"caption": caption, "responsive": True, "head": head, "rows": body}


def distribution_table(figures: results.RoundResults) -> dict:
    labels = list(question_bank.AGREE_SCALE.values())
    head = [{"text": "Question"}, {"text": "Score"}, *[{"text": label} for label in labels]]
    body = []
    for row in item_rows(figures):
        counts = row["counts"] or [NOT_ENOUGH] * len(labels)
        cells = [{"header": "Question", "text": row["text"]}, {"header": "Score", "text": row["shown"]}]
        cells += [{"header": label, "text": str(count)} for label, count in zip(labels, counts, strict=True)]
        body.append(cells)
    return {"caption": "How many chose each answer", "responsive": True, "head": head, "rows": body}


def gap_table(gaps) -> dict:
    columns = ["Behaviour", "Your view", "Your team's view", "Difference"]
    body = [
        [
            {"header": column, "text": value}
            for column, value in zip(columns, (r["title"], r["self"], r["team"], r["gap"]), strict=True)
        ]
        for r in gap_rows(gaps)
    ]
    return {
        "caption": "The four behaviours, 0 to 10",
        "responsive": True,
        "head": [{"text": column} for column in columns],
        "rows": body,
    }


def trend_table(labels: list[str], trend) -> dict:
    head = [{"text": "Theme"}, *[{"text": label} for label in labels]]
    body = [
        [{"header": "Theme", "text": row["title"]}]
        + [{"header": label, "text": shown} for label, shown in row["points"]]
        for row in trend_rows(trend)
    ]
    return {"caption": "Score by theme, round by round (0 to 10)", "responsive": True, "head": head, "rows": body}


def _against_organisation(value: float | None, benchmark: float | None) -> str:
    if value is None or benchmark is None:
        return ""
    difference = figures_text.one_decimal(value - benchmark)
    if difference > 0:
        return f"{difference} above the organisation"
    if difference < 0:
        return f"{-difference} below the organisation"
    return "the same as the organisation"


def _since(value: float | None, change: float | None, previous: str) -> str:
    if value is None:
        return ""
    if change is None:
        return f"No figure for {previous} to compare with"
    difference = figures_text.one_decimal(change)
    if difference > 0:
        return f"up {difference} since {previous}"
    if difference < 0:
        return f"down {-difference} since {previous}"
    return f"no change since {previous}"


_SOME_TEAM = "00000000-0000-4000-8000-000000000000"


def heatmap_table(themes, rows, *, previous: str | None = None) -> dict:
    """The organisation's row first, as the benchmark; each cell's band in words as well as colour, how it
    compares with the organisation, and (for a quarter) its change since `previous`."""
    head = [{"text": "Team"}, *[{"text": theme.title} for theme in themes]]
    trend_href = reverse("listen:trend", args=[_SOME_TEAM])  # once, not once a row
    benchmark = rows[0].scores if rows else []
    body = []
    for index, row in enumerate(rows):
        title = ("— " * row.depth) + row.title
        cells = [{"header": "Team", "text": title}]
        if row.team is not None:  # each team's row leads to its results over time
            href = trend_href.replace(_SOME_TEAM, str(row.team.pk))
            link = f'{"— " * row.depth}<a href="{escape(href)}">{escape(row.title)}</a>'
            cells = [{"header": "Team", "html": mark_safe(link)}]  # noqa: S308 - every piece is escaped
        for column, (theme, value) in enumerate(zip(themes, row.scores, strict=True)):
            notes = [
                _against_organisation(value, benchmark[column]) if index else "",
                _since(value, row.changes[column], previous) if previous else "",
            ]
            cells.append({"header": theme.title, "html": heat_cell(value, [note for note in notes if note])})
        body.append(cells)
    return {"caption": "Score by team and theme (0 to 10)", "responsive": True, "head": head, "rows": body}


def heat_cell(value: float | None, notes: list[str]):
    # Plain (markupsafe's) escaping rather than format_html per piece: a page has hundreds of cells (issue 21).
    tag = f'<strong class="nhsuk-tag {escape(heat_band(value))}">{escape(heat_cell_text(value))}</strong>'
    tag += "".join(f'<br><span class="nhsuk-body-s">{escape(note)}</span>' for note in notes)
    return mark_safe(tag)  # noqa: S308 - every piece above is escaped
