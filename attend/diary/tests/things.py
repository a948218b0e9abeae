"""Diary's private things, as URL arguments for the role-by-URL matrix and the axe page sweep."""


def private_things(*, leader, member, facilitator, org_admin) -> dict:
    return {}
