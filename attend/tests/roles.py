"""The roles of the role-by-URL matrix and the shorthand for how a URL answers each of them."""

ROLES = ["anonymous", "member", "leader", "other_leader", "facilitator", "org_admin"]


def statuses(anonymous, member, leader, other_leader, facilitator, org_admin):
    return dict(zip(ROLES, (anonymous, member, leader, other_leader, facilitator, org_admin), strict=True))


EVERYONE = statuses(200, 200, 200, 200, 200, 200)
SIGNED_IN = statuses(302, 200, 200, 200, 200, 200)
ADMIN_ONLY = statuses(302, 403, 403, 403, 403, 200)
ADMIN_ONLY_POST = statuses(302, 403, 403, 403, 403, 405)
AUTHOR_ONLY = statuses(302, 404, 200, 404, 404, 404)
PAIR_ONLY = statuses(302, 200, 200, 404, 404, 404)
