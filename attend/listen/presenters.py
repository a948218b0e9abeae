"""What Listen's pages show: display values built from models and from `results` (already suppressed)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from markupsafe import escape

from attend.core.formatting import counted, day_and_month, long_date
from attend.core.presenters import TodayPanel
from attend.listen import anonymity, figures_text, question_bank, results, selectors
from attend.listen.models import InviteMethod, PulseRound

NOT_ENOUGH = anonymity.NOT_ENOUGH_ANSWERS


# One rounding rule everywhere (halves up, one decimal): the page says what the CSV says.
score = figures_text.figure_text
signed = figures_text.signed_text


def status(pulse_round: PulseRound, today: datetime.date) -> str:
    if pulse_round.is_closed or pulse_round.closes_on < today:
        return "Closed"
    if pulse_round.opens_on > today:
        return "Not open yet"
    return "Open"


def response_rate(figures: results.RoundResults, pulse_round: PulseRound) -> str:
    """ "7 of 12 answered" (email), or "7 answers, from a team of 12" (a team link, which cannot count people)."""
    answered = figures.responses
    if pulse_round.invite == InviteMethod.LINK:
        return f"{counted(answered, 'answer')}, from a team of {pulse_round.invited}"
    return f"{answered} of {pulse_round.invited} answered"


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _open_with_sub_teams(team) -> dict:
    href = f"{reverse('listen:round_open')}?team={team.pk}&sub_teams=1"
    return {"href": href, "text": f"Open a round for {team.name} that includes its sub-teams"}


def what_works(team, *, may_open=frozenset(), with_sub_teams: int | None = None, needed: int = 0) -> dict:
    """Where a small team's people can be counted so their answers show, without anyone being picked out: the team's
    own round with its sub-teams included, when that asks enough people (`with_sub_teams`); else the parent team's
    round with its sub-teams included. A link to open it when the reader may (`may_open`, team ids); else who to
    ask. {"text": ..., "link": {"href", "text"} or None}."""
    if with_sub_teams is not None and with_sub_teams >= needed and team.pk in may_open:
        return {
            "text": (
                f"With its sub-teams included, a round for {team.name} would ask "
                f"{counted(with_sub_teams, 'person', 'people')}, enough to show results."
            ),
            "link": _open_with_sub_teams(team),
        }
    if not team.parent_id:
        return {
            "text": (
                f"Talk to your organisation's admin about asking {team.name}'s people together with another team's, "
                "in one round big enough to show results."
            ),
            "link": None,
        }
    parent = team.parent
    heard = (
        f"Its people can be heard as part of {parent.name}'s round instead, where their answers count with more "
        "people's and results are never shown for one sub-team."
    )
    if parent.pk in may_open:
        href = f"{reverse('listen:round_open')}?team={parent.pk}&sub_teams=1"
        return {
            "text": heard,
            "link": {"href": href, "text": f"Open a round for {parent.name} that includes its sub-teams"},
        }
    leaders = selectors.leader_names(parent)
    who = (
        f"{_names(leaders)}, who {'leads' if len(leaders) == 1 else 'lead'} {parent.name},"
        if leaders
        else "your organisation's admin"
    )
    return {"text": f"{heard} Ask {who} to open {parent.name}'s round with its sub-teams included.", "link": None}


def too_small_warnings(small_teams, *, may_open=frozenset(), with_sub_teams=None) -> list[dict]:
    """Said before a round opens: which teams could never show results, and what works instead. `with_sub_teams`:
    team id -> how many a round including its sub-teams would ask (`selectors.asked_with_sub_teams`)."""
    with_sub_teams = with_sub_teams or {}
    return [
        {
            "said": (
                f"A round for {small.team.name} would ask {counted(small.asked, 'person', 'people')}, and results "
                f"show only when {small.needed} have answered, so it would never show results."
            ),
            "instead": what_works(
                small.team, may_open=may_open, with_sub_teams=with_sub_teams.get(small.team.pk), needed=small.needed
            ),
        }
        for small in small_teams
    ]


def sub_team_recommendations(helped) -> str:
    """The open form's hint: which teams' rounds should include their sub-teams, and why."""
    return " ".join(
        f"Recommended for {h.team.name}: {_names_and([t.name for t in h.small])} "
        f"{'is' if len(h.small) == 1 else 'are'} too small to show results on "
        f"{'its' if len(h.small) == 1 else 'their'} own. In {h.team.name}'s round "
        f"{'its' if len(h.small) == 1 else 'their'} people's answers count with everyone else's."
        for h in helped
    )


def _names_and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def includes_sub_teams_message(pulse_round: PulseRound) -> str:
    """Said on a round that asked its team's sub-teams too: whose people, and that figures are for them together."""
    if not pulse_round.includes_sub_teams:
        return ""
    names = selectors.included_team_names(pulse_round)
    below = _names_and(names) if names else "none yet"
    return (
        f"This round asked the people of {pulse_round.team.name} and of its sub-teams: {below}. Results are for "
        "everyone it asked together, never for one sub-team."
    )


def never_shows_message(pulse_round: PulseRound) -> str:
    return (
        f"This round asked {counted(pulse_round.invited, 'person', 'people')}, and results show only when "
        f"{pulse_round.batch_size} have answered, so it will never show results. It still counts how many answered. "
        + what_works(pulse_round.team)["text"]
    )


def waiting_message(figures: results.RoundResults, pulse_round: PulseRound) -> str:
    """Why no figures show yet, or why some answers are in none, said plainly."""
    size = pulse_round.batch_size
    if selectors.never_shows(pulse_round):
        return never_shows_message(pulse_round)
    if figures.withheld == results.WITHHELD_OVER_ROSTER:
        return (
            f"This round has {counted(figures.responses, 'answer')} from a team of {pulse_round.invited}: more "
            "answers than people. Some people answered more than once, so no results are shown."
        )
    if figures.withheld == results.WITHHELD_TEAM_LINK:
        return (
            "A team link round shows how many answered, but never any results. A team link cannot tell people "
            "apart, so anyone with it, you included, could answer many times and work out a colleague's answers "
            "from the results. Use single-use links by email to see results."
        )
    if not figures.visible:
        if figures.hidden_by_threshold or size < figures.thresholds.figures:
            return (
                f"Not enough answers yet: your organisation now asks for {figures.thresholds.figures} answers "
                f"before results show, and this round counts answers in groups of {size}, so its results "
                "are not shown."
            )
        if pulse_round.is_closed:
            return f"This round closed with fewer than {size} answers, so nobody's answers can be shown."
        return f"Not enough answers yet: results appear when {size} people have answered."
    hidden = (
        f" {figures.hidden_by_threshold} earlier answers were counted in groups smaller than your organisation now "
        "asks for, so they are not shown."
        if figures.hidden_by_threshold
        else ""
    )
    return _counted_message(figures, pulse_round) + hidden


def roster_changes(pulse_round: PulseRound) -> str | None:
    """Who joined the team just before the round: accounts added then could be someone answering for others."""
    if not pulse_round.joined_before:
        return None
    joined = counted(pulse_round.joined_before, "person", "people")
    return (
        f"{joined} joined the team in the 4 weeks before this round opened. If you do not know "
        f"{'them' if pulse_round.joined_before > 1 else 'who that is'}, ask your organisation's admin before you "
        "read the results."
    )


def _counted_message(figures: results.RoundResults, pulse_round: PulseRound) -> str:
    size = pulse_round.batch_size
    if figures.pending:
        more = size - figures.pending
        if pulse_round.is_closed:
            return (
                f"{figures.pending} of the answers are not in these results: answers are counted in groups of "
                f"{size}, so nobody can be picked out, and the round closed before the group was full."
            )
        return (
            f"The results below rest on {figures.counted} answers. They update when "
            f"{counted(more, 'more person answers', 'more people answer')}: answers are counted in groups of {size}."
        )
    return f"The results below rest on {figures.counted} answers."


def team_round_sections(views, team=None) -> list[dict]:
    """Each round whose figures show, as the team reads it: when, how many answers, and the scores by theme. A round
    of a team above `team` that included its sub-teams is titled as that team's, its figures the whole round's."""
    return [_team_round_section(view, team) for view in views]


def _team_round_section(view, team) -> dict:
    pulse_round, opened = view.round, long_date(view.round.opens_on)
    title, caption = f"Pulse from {opened}", f"Score by theme, pulse from {opened}"
    rests_on = f"These results rest on {view.results.counted} answers."
    if team is not None and pulse_round.team_id != team.pk:
        title = f"{pulse_round.team.name}'s pulse from {opened}, with its sub-teams"
        caption = f"Score by theme, {title}"
        rests_on = (
            f"These results rest on {view.results.counted} answers from everyone it asked in {pulse_round.team.name} "
            f"and its sub-teams, never from {team.name} alone."
        )
    return {
        "title": title,
        "rests_on": rests_on,
        "theme_table": score_table(caption, "Theme", theme_rows(view.results)),
    }


def owner_of(action) -> str:
    if action.owner:
        return action.owner
    return action.by.name if action.by else "A leader who has left"


def action_rows(actions) -> list[dict]:
    titles = {theme.key: theme.title for theme in question_bank.themes()}
    return [
        {
            "text": action.text,
            "status": action.get_status_display(),
            "owner": owner_of(action),
            "due": f"Due {long_date(action.due_on)}" if action.due_on else "",
            "about": titles.get(action.theme, "") if action.theme else "",
            "round": f"After the pulse from {long_date(action.round.opens_on)}",
        }
        for action in actions
    ]


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


def today_panels(request) -> list[TodayPanel]:
    """A quiet line for a leader whose team has a round open."""
    membership = request.membership
    if membership is None:
        return []
    today = timezone.localdate()
    panels = []
    for pulse_round in selectors.open_rounds_led_by(membership, today=today):
        answered = pulse_round.answered
        panels.append(
            TodayPanel(
                heading=f"Your team's pulse: {pulse_round.team_name}",
                description=(f"{counted(answered, 'answer')} so far, closes {day_and_month(pulse_round.closes_on)}."),
                href=reverse("listen:round", args=[pulse_round.pk]),
            )
        )
    return panels


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
