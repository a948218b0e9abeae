"""A cohort report as CSV, for commissioners. Pure: takes a `CohortReport`, returns text. Aggregates only."""

import csv
import io

from attend.core.formatting import csv_cell
from attend.programme.reports import CohortReport, MeasureChange

# The effect size is d_av (Lakens 2013; docs/adr/0013): named in the header so no one reads it as d_z or Cohen's d.
CSV_COLUMNS = ("section", "item", "people", "mean_difference", "ci_low", "ci_high", "effect_size_d_av", "note")
NOT_ENOUGH = "Not enough pairs yet"


def _cell(value) -> str:
    """Figures to two decimal places; everything else as `csv_cell` writes it (text guarded against formulas)."""
    return f"{value:.2f}" if isinstance(value, float) else csv_cell(value)


def _change_row(section: str, row: MeasureChange) -> dict:
    change = row.change
    if change is None:
        return {"section": section, "item": row.title, "people": row.pairs, "note": NOT_ENOUGH}
    return {
        "section": section,
        "item": row.title,
        "people": change.n,
        "mean_difference": change.mean_difference,
        "ci_low": change.ci_low,
        "ci_high": change.ci_high,
        "effect_size_d_av": change.effect_size,
        "note": change.description,
    }


def _rows(report: CohortReport):
    yield {"section": "cohort", "item": report.cohort.name, "people": report.people}
    for row in report.start_to_end:
        yield _change_row("change from start to end", row)
    for row in report.looking_back:
        yield _change_row("change looking back at the end", row)
    for count in report.attendance:
        yield {
            "section": "attendance",
            "item": count.session.title,
            "people": count.present,
            "note": f"{count.apologies} sent apologies, {count.absent} absent",
        }
    if report.activity is None:
        yield {"section": "activity", "item": "practice and reflection", "note": "Fewer than 5 people in the cohort"}
    else:
        yield {
            "section": "activity",
            "item": "practice minutes",
            "people": report.activity.people,
            "note": str(report.activity.practice_minutes),
        }
        yield {
            "section": "activity",
            "item": "reflections saved",
            "people": report.activity.people,
            "note": str(report.activity.reflections),
        }
    for title, citation in report.citations:
        yield {"section": "citation", "item": title, "note": citation}


def report_csv(report: CohortReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in _rows(report):
        writer.writerow({key: _cell(row.get(key)) for key in CSV_COLUMNS})
    return out.getvalue()
