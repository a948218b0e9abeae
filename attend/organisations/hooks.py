"""What other apps do when people's places in teams change, named by dotted path (as `attend.core.periodic` names
its jobs), so organisations never imports the apps that build on it.

A hook takes `teams` (a list, each team once) and runs inside the transaction that changed them; it must be safe
to run twice. Connect makes the pairings between each team's leaders and members here, so that opening Connect
only ever reads.
"""

from collections.abc import Callable, Iterable

from django.utils.module_loading import import_string

TEAM_PLACES_CHANGED = [
    "attend.connect.services.pairings_for_teams_ensure",
]


def team_places_changed(*, teams: Iterable) -> None:
    """Tell every hook that who leads or belongs to `teams` may have changed."""
    unique = list({team.pk: team for team in teams}.values())
    if not unique:
        return
    for path in TEAM_PLACES_CHANGED:
        hook: Callable[..., object] = import_string(path)
        hook(teams=unique)
