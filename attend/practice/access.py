"""Who may see what in Practice: the one place these rules live.

- A practice session (and its check-in) and a timer preset are their person's alone: no leader, facilitator
  or admin reaches them.
- An organisation's own practice is reached only within that organisation; its facilitators and admins change
  it, and everyone in it may open it while it is not archived. The built-in library is open to everyone.
Anything else is the model's DoesNotExist (and so a 404), whoever asks. An organisation sees nothing of one
person's practice: only counts over at least five people (`selectors.organisation_practice_summary`).
"""

import uuid

from attend.practice import content
from attend.practice.models import OrganisationPractice, PracticeSession, TimerPreset


def session_of_person(person, client_id) -> PracticeSession:
    """Raises PracticeSession.DoesNotExist unless `person` practised it."""
    return person.practice_sessions.get(client_id=client_id)


def preset_of_person(person, preset_id) -> TimerPreset:
    """Raises TimerPreset.DoesNotExist unless the preset is `person`'s."""
    return person.timer_presets.get(pk=preset_id)


def organisation_practice_of(organisation, practice_id) -> OrganisationPractice:
    """Raises OrganisationPractice.DoesNotExist unless it belongs to `organisation` (archived or not)."""
    if organisation is None:
        raise OrganisationPractice.DoesNotExist
    return organisation.practices.get(pk=practice_id)


def practice_for(organisation, key: str) -> content.Practice:
    """A built-in practice by its key, or one of this organisation's current practices by its id.

    Raises OrganisationPractice.DoesNotExist for anything else: an unknown key, another organisation's
    practice, an archived one."""
    built_in = content.built_in_practice(key)
    if built_in:
        return built_in
    if organisation is None:
        raise OrganisationPractice.DoesNotExist
    try:
        practice_id = uuid.UUID(key)
    except ValueError:
        raise OrganisationPractice.DoesNotExist
    try:
        return organisation.practices.current().get(pk=practice_id).practice()
    except content.ScriptError:  # saved before the service checked scripts: not a page anyone can use
        raise OrganisationPractice.DoesNotExist
