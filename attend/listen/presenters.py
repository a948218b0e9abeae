"""What Listen's pages say: a round's status and response rate, why no figures show yet, what works for a team too
small to show results, the team's rounds, its actions and the today panel. Built from models and from `results`
(already suppressed); the figures' rows and tables are `tables`."""

import datetime

from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import counted, day_and_month, long_date
from attend.core.presenters import TodayPanel
from attend.listen import question_bank, results, selectors, tables
from attend.listen.models import InviteMethod, PulseRound


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
        "theme_table": tables.score_table(caption, "Theme", tables.theme_rows(view.results)),
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
