"""Every URL in the URLconf, for every role, answers as declared here.

A new URL that is not in EXPECTED fails `test_every_url_is_classified`, so nothing ships unclassified.
Statuses: 200 page, 302 redirect (to sign in, or away), 403 forbidden, 404 not found (or not yours), 405 wrong method.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from attend.diary.tests import url_roles as diary_roles
from attend.listen.tests import url_roles as listen_roles
from attend.organisations.models import Role
from attend.organisations.tests.factories import person_in
from attend.programme.tests import url_roles as programme_roles
from attend.tests.roles import (
    ADMIN_ONLY,
    ADMIN_ONLY_POST,
    AUTHOR_ONLY,
    EVERYONE,
    PAIR_ONLY,
    ROLES,
    SIGNED_IN,
    statuses,
)

EXPECTED = {
    "core:today": SIGNED_IN,
    "core:accessibility": EVERYONE,
    "core:privacy": EVERYONE,
    "accounts:sign_in": statuses(200, 302, 302, 302, 302, 302),
    "accounts:sign_out": statuses(405, 405, 405, 405, 405, 405),
    "accounts:signed_out": EVERYONE,
    "accounts:account": SIGNED_IN,
    "accounts:password_change": SIGNED_IN,
    "accounts:working_pattern": SIGNED_IN,
    "accounts:working_pattern_rota": SIGNED_IN,
    "accounts:working_pattern_shifts": SIGNED_IN,
    "accounts:working_pattern_calendar": SIGNED_IN,
    "accounts:working_pattern_changes": SIGNED_IN,
    "accounts:working_pattern_change_remove": statuses(302, 405, 405, 405, 405, 405),
    "accounts:password_reset": EVERYONE,
    "accounts:password_reset_done": EVERYONE,
    "accounts:password_reset_confirm": EVERYONE,  # an unknown link shows "this link has expired"
    "accounts:password_reset_complete": EVERYONE,
    "sso:start": EVERYONE,
    "sso:callback": statuses(403, 403, 403, 403, 403, 403),  # nothing started: "you are not signed in"
    "sso:organisation": statuses(404, 404, 404, 404, 404, 404),  # this organisation has no single sign-on
    "sso:settings": statuses(302, 404, 404, 404, 404, 200),  # its admins (and superusers) only
    "accounts:passkey_sign_in": statuses(200, 302, 302, 302, 302, 302),
    "accounts:second_step": statuses(302, 302, 302, 302, 302, 302),  # with no right password first, back to sign in
    "accounts:totp_setup": SIGNED_IN,
    "accounts:totp_remove": statuses(302, 302, 302, 302, 302, 302),  # with no app set up, back to the account page
    "accounts:passkey_add": SIGNED_IN,
    "accounts:passkeys_remove": statuses(302, 302, 302, 302, 302, 302),  # with no passkey, back to the account page
    "accounts:recovery_codes_new": statuses(
        302, 302, 302, 302, 302, 302
    ),  # with no second factor, back to the account page
    "accounts:signed_in": SIGNED_IN,
    "accounts:sign_out_everywhere_else": statuses(302, 405, 405, 405, 405, 405),
    "organisations:home": ADMIN_ONLY,
    "organisations:switch": SIGNED_IN,
    "organisations:first_day_dismiss": ADMIN_ONLY_POST,
    "organisations:identity": ADMIN_ONLY,
    "organisations:two_factor_rule": ADMIN_ONLY,
    "organisations:team": ADMIN_ONLY,
    "organisations:teams": ADMIN_ONLY,
    "organisations:team_add": ADMIN_ONLY,
    "organisations:team_rename": ADMIN_ONLY,
    "organisations:my_team": statuses(302, 403, 200, 404, 403, 403),
    "organisations:people": ADMIN_ONLY,
    "organisations:person_invite": ADMIN_ONLY,
    "organisations:people_import": ADMIN_ONLY,
    "organisations:people_import_sample": ADMIN_ONLY,
    # An import's progress: its organisation's admins only (the file names people), 404 for anyone else.
    "organisations:people_import_progress": statuses(302, 404, 404, 404, 404, 200),
    "organisations:person": ADMIN_ONLY,
    "organisations:person_roles": ADMIN_ONLY,
    "organisations:person_deactivate": ADMIN_ONLY,
    "organisations:person_reactivate": ADMIN_ONLY_POST,
    # The admin sees what a reset would do, or (here: the member has no second factor) why it cannot be done.
    "organisations:person_two_factor_reset": ADMIN_ONLY,
    # Likewise for forgetting a single sign-on account (here: the organisation has no single sign-on).
    "organisations:person_sso_forget": ADMIN_ONLY,
    "organisations:invited": ADMIN_ONLY,
    "organisations:invitation_resend": ADMIN_ONLY_POST,
    "organisations:my_invitations": SIGNED_IN,  # each person's own
    "organisations:invitation_answer": statuses(302, 405, 405, 405, 405, 405),
    "organisations:invitation_declined": EVERYONE,
    "organisations:audit_log": ADMIN_ONLY,
    "organisations:invitation_accept": statuses(404, 404, 404, 404, 404, 404),  # an unknown token
    # Reflect: everyone signed in has a journal; an entry is its author's (the leader's here) and no one else's.
    "reflect:index": SIGNED_IN,
    "reflect:new": SIGNED_IN,
    "reflect:shared_with_me": SIGNED_IN,
    "reflect:shared_entry": statuses(302, 200, 404, 404, 404, 404),  # shared with the member only
    "reflect:export": SIGNED_IN,
    "reflect:export_everything": SIGNED_IN,
    "reflect:organisation_templates": statuses(302, 403, 403, 403, 200, 200),
    "reflect:entry": AUTHOR_ONLY,
    "reflect:edit": AUTHOR_ONLY,
    "reflect:autosave": statuses(302, 405, 405, 405, 405, 405),
    "reflect:delete": AUTHOR_ONLY,
    "reflect:share": AUTHOR_ONLY,
    "reflect:share_withdraw": statuses(302, 405, 405, 405, 405, 405),
    "reflect:account": AUTHOR_ONLY,
    "reflect:account_docx": AUTHOR_ONLY,
    # Practice: everyone signed in practises; a session or a saved timer is its owner's (the leader's here).
    "practice:index": SIGNED_IN,
    "practice:player": statuses(302, 200, 200, 404, 200, 200),  # the organisation's own practice
    "practice:timer": SIGNED_IN,
    "practice:timer_start": statuses(302, 302, 302, 302, 302, 302),  # with no settings, back to the timer
    "practice:preset_player": AUTHOR_ONLY,
    "practice:preset_edit": AUTHOR_ONLY,
    "practice:preset_delete": AUTHOR_ONLY,
    "practice:log": statuses(405, 405, 405, 405, 405, 405),  # POST only; signed out, it answers 401
    "practice:check_in": AUTHOR_ONLY,
    "practice:history": SIGNED_IN,
    "practice:streaks": statuses(302, 405, 405, 405, 405, 405),
    "practice:export": SIGNED_IN,
    "practice:organisation_practices": statuses(302, 403, 403, 403, 200, 200),
    "practice:organisation_practice_new": statuses(302, 403, 403, 403, 200, 200),
    "practice:organisation_practice_edit": statuses(302, 403, 403, 403, 200, 200),
    "practice:organisation_practice_archive": statuses(302, 403, 403, 403, 405, 405),
    "practice:offline": EVERYONE,
    # Nudges: each person's own choices and list; the unsubscribe link is its own proof (an unknown one is 404).
    "nudges:preferences": SIGNED_IN,
    "nudges:notifications": SIGNED_IN,
    "nudges:notifications_read": statuses(302, 405, 405, 405, 405, 405),
    "nudges:notification_open": statuses(302, 404, 302, 404, 404, 404),  # the leader's, opened and followed
    "nudges:unsubscribe": statuses(404, 404, 404, 404, 404, 404),
    "nudges:organisation_budget": ADMIN_ONLY,
    # Connect: a pairing (the leader and the member here) is theirs alone; admins see none of it.
    "connect:index": SIGNED_IN,
    "connect:pairing": PAIR_ONLY,
    "connect:pairing_cadence": statuses(302, 405, 405, 405, 405, 405),
    "connect:schedule": statuses(302, 404, 200, 404, 404, 404),  # the leader arranges
    "connect:talking_point_add": statuses(302, 405, 405, 405, 405, 405),
    "connect:action_add": statuses(302, 405, 405, 405, 405, 405),
    "connect:talking_point_done": statuses(302, 405, 405, 405, 405, 405),
    "connect:action_done": statuses(302, 405, 405, 405, 405, 405),
    # Its author changes or deletes it (the leader here); the other person in the pairing may not.
    "connect:action_edit": statuses(302, 403, 200, 404, 404, 404),
    "connect:action_delete": statuses(302, 403, 200, 404, 404, 404),
    "connect:conversation": PAIR_ONLY,
    "connect:conversation_shared": statuses(302, 405, 405, 405, 405, 405),
    "connect:conversation_note": statuses(302, 405, 405, 405, 405, 405),
    "connect:conversation_status": statuses(302, 405, 405, 405, 405, 405),
    "connect:conversation_ics": PAIR_ONLY,
    # The shared conversation is not part of a series, so even its two people get 404 (tested with one in Connect).
    "connect:conversation_series_ics": statuses(302, 404, 404, 404, 404, 404),
    "connect:plan": SIGNED_IN,  # each person's own
    "connect:organisation_figures": ADMIN_ONLY,
    "connect:support": ADMIN_ONLY,
    "connect:support_edit": ADMIN_ONLY,
    "connect:support_delete": ADMIN_ONLY_POST,
    "service_worker": EVERYONE,
    "manifest": EVERYONE,
    **diary_roles.EXPECTED,
    **listen_roles.EXPECTED,
    **programme_roles.EXPECTED,
}
# The Django admin is for superusers only: everyone else is sent to its own sign-in page.
DJANGO_ADMIN_NAMESPACE = "admin"


def named_patterns(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.extend(named_patterns(pattern, inner))
        elif pattern.name:
            found.append((f"{namespace}{pattern.name}", pattern))
    return found


def test_every_url_is_classified():
    names = {name for name, _ in named_patterns() if not name.startswith(f"{DJANGO_ADMIN_NAMESPACE}:")}
    assert names - EXPECTED.keys() == set(), "classify these new URLs in EXPECTED"
    assert EXPECTED.keys() - names == set(), "these classified URLs no longer exist"


@pytest.fixture
def people(team, member, leader, other_leader, facilitator, org_admin):
    return {
        "member": member,
        "leader": leader,
        "other_leader": other_leader,
        "facilitator": facilitator,
        "org_admin": org_admin,
    }


def url_for(name: str, team, member, journal=None) -> str:
    """The URL with real ids from the first organisation, so other organisations' people meet them too."""
    arguments = {
        "team_id": team.pk,
        "membership_id": member.pk,
        "token": "not-a-real-token",
        "uidb64": "MQ",
        "file_format": "json",
        "slug": team.organisation.slug,
        **(journal or {}),
    }
    pattern = dict(named_patterns())[name]
    return reverse(name, kwargs={key: arguments[key] for key in pattern.pattern.converters})


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_by_url(client, people, team, member, journal, private_things, name, role):
    if role != "anonymous":
        client.force_login(people[role].user)
    response = client.get(url_for(name, team, member, {**journal, **private_things}))
    assert response.status_code == EXPECTED[name][role], f"{role} GET {name}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_django_admin_is_for_superusers_only(client, people, role):
    if role != "anonymous":
        client.force_login(people[role].user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_a_superuser_can_open_the_django_admin(client, organisation):
    superuser = person_in(organisation, role=Role.MEMBER).user
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_staff_who_are_not_superusers_cannot_open_the_django_admin(client, organisation):
    staff = person_in(organisation, role=Role.MEMBER).user
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 302
