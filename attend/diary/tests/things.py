"""Diary's private things, as URL arguments for the role-by-URL matrix and the axe page sweep."""

from attend.diary.tests.factories import leader_diary


def private_things(*, leader, member, facilitator, org_admin) -> dict:
    """The leader's calendar (a few events this week), its import and a chosen protected-time block."""
    calendar, diary_import = leader_diary(leader.user)
    return {"diary_calendar_id": calendar.pk, "diary_import_id": diary_import.pk}
