"""Reads that decide what a person may reach. Every tenant read starts from a membership."""

import operator
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import connection, router
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from attend.accounts.models import User
from attend.core.prepared import PreparedRead
from attend.organisations.models import Invitation, Membership, Team, TeamMembership, hash_token, teams_led_by

CURRENT_ORGANISATION_SESSION_KEY = "current_organisation_id"


def memberships_for_user(user):
    return user.memberships.active().select_related("organisation").prefetch_related("team_memberships")


def membership_for_request(request) -> Membership | None:
    """The active membership for the organisation chosen in this session, or the person's first one."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = memberships_for_user(user)
    chosen = request.session.get(CURRENT_ORGANISATION_SESSION_KEY)
    if chosen:
        membership = memberships.filter(organisation_id=chosen).first()
        if membership:
            return membership
    return memberships.order_by("created_at").first()


def people_in_organisation(organisation):
    return organisation.memberships.with_people().order_by("user__name")


class PeopleListed:
    """An organisation's people by name, a page at a time, for `pagination.page_of`: memberships with their users,
    their team places read apart by `team_places_of`. A page is found by walking the people's names in order and
    stopping at the page (the users' name index, then a check that each is in the organisation): sorting every
    membership's name, as a join ordered by name made SQLite do, cost 5 to 8 ms at a trust's size for 50 rows.
    `query` keeps those whose name or email holds it."""

    FIELDS = ("is_active", "is_admin", "is_facilitator", "user__name", "user__email", "user__password")

    def __init__(self, organisation, query: str = ""):
        self.memberships = organisation.memberships.all()
        here = Membership.objects.filter(user=OuterRef("pk"), organisation=organisation)
        self.users = User.objects.filter(Exists(here)).order_by("name")
        if query:
            self.memberships = self.memberships.filter(Q(user__name__icontains=query) | Q(user__email__icontains=query))
            self.users = self.users.filter(Q(name__icontains=query) | Q(email__icontains=query))

    def count(self) -> int:
        return self.memberships.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, items: slice) -> list:
        if not isinstance(items, slice):
            raise TypeError("a page of people is a slice")
        user_ids = list(self.users.values_list("pk", flat=True)[items])
        found = {
            membership.user_id: membership
            for membership in self.memberships.filter(user__in=user_ids).select_related("user").only(*self.FIELDS)
        }
        return [found[user_id] for user_id in user_ids if user_id in found]


def people_listed(organisation, query: str = "") -> PeopleListed:
    return PeopleListed(organisation, query)


def team_places_of(memberships) -> dict:
    """Each membership's team places as (team name, role), by team name: {membership pk: [(name, role), ...]}."""
    places: dict = {membership.pk: [] for membership in memberships}
    rows = TeamMembership.objects.filter(membership__in=list(places)).values_list("membership_id", "team__name", "role")
    for membership_id, team_name, role in rows.order_by("team__name"):
        places[membership_id].append((team_name, role))
    return places


@dataclass(frozen=True)
class TreeTeam:
    """A team as a list or select of every team needs it: read as three plain columns, not a model (a trust has
    hundreds of teams, and building a model for each cost more than the query)."""

    pk: object
    name: str
    parent_id: object
    path: str  # its ancestors' names and its own, "Division › Ward", for exports


# Each process keeps the last few organisations' team trees, each with the digest of the teams it was built from
# (ADR 0029): a trust has hundreds of teams, and reading and ordering them cost 4 ms on every page with a team list
# or select, while the digest costs a tenth of that. Teams are never deleted (a parent is protected, an
# organisation goes with its teams), and every create and rename saves the team, so a new count or a newer
# `updated_at` tells any change.
_TREES: OrderedDict = OrderedDict()
_TREES_KEPT = 16
_TREES_LOCK = threading.Lock()


@dataclass(frozen=True)
class _KeptTree:
    digest: tuple
    tree: tuple
    choices: tuple
    text_tree: tuple  # the same teams with their ids as the database writes them out as text (`id_as_text`)


def _teams_digest(organisation) -> tuple:
    found = organisation.teams.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    return (found["count"], found["latest"])


def tree_of(rows) -> list[tuple[int, TreeTeam]]:
    """(depth, team) in tree order, siblings by name, from (id, name, parent id) rows: ids of any kind (Listen's
    heatmap reads them as text)."""
    children: dict = {}
    for pk, name, parent_id in rows:
        children.setdefault(parent_id, []).append((pk, name))
    ordered: list[tuple[int, TreeTeam]] = []

    def walk(parent_id, depth, above: str):
        for pk, name in sorted(children.get(parent_id, []), key=lambda team: team[1].lower()):
            path = f"{above} › {name}" if above else name
            ordered.append((depth, TreeTeam(pk=pk, name=name, parent_id=parent_id, path=path)))
            walk(pk, depth + 1, path)

    walk(None, 0, "")
    return ordered


def _build_tree(organisation) -> list[tuple[int, TreeTeam]]:
    return tree_of(organisation.teams.values_list("pk", "name", "parent_id"))


def _kept_tree(organisation) -> _KeptTree:
    key = (router.db_for_read(Team), organisation.pk)
    digest = _teams_digest(organisation)
    with _TREES_LOCK:
        kept = _TREES.get(key)
        if kept is not None and kept.digest == digest:
            _TREES.move_to_end(key)
            return kept
    tree = tuple(_build_tree(organisation))
    choices = tuple((str(team.pk), "\u2002" * depth * 2 + team.name) for depth, team in tree)
    as_text = id_as_text()
    text_tree = tuple(
        (depth, replace(team, pk=as_text(team.pk), parent_id=team.parent_id and as_text(team.parent_id)))
        for depth, team in tree
    )
    kept = _KeptTree(digest=digest, tree=tree, choices=choices, text_tree=text_tree)
    with _TREES_LOCK:
        _TREES[key] = kept
        while len(_TREES) > _TREES_KEPT:
            _TREES.popitem(last=False)
    return kept


def teams_as_tree(organisation, *, ids_as_text: bool = False) -> list[tuple[int, TreeTeam]]:
    """Every team once, parents before children (by name), with its depth, for indented lists and selects; with
    `ids_as_text`, each id as the database writes it out as text (Listen's heatmap matches its figures by it)."""
    kept = _kept_tree(organisation)
    return list(kept.text_tree if ids_as_text else kept.tree)


def id_as_text():
    """How a UUID reads when the database writes it out as text (`Cast(..., CharField())`): 32 hex digits on
    SQLite, the dashed form on PostgreSQL (as `UUIDField.get_db_prep_value` stores it)."""
    return str if connection.features.has_native_uuid_field else operator.attrgetter("hex")


def teams_as_choices(organisation) -> list[tuple[str, str]]:
    """Every team as a select's choice, in tree order: its pk as text, its name indented by its depth."""
    return list(_kept_tree(organisation).choices)


def roles_of(membership: Membership | None) -> set[str]:
    return set() if membership is None else membership.roles


@dataclass(frozen=True)
class TeamSize:
    pk: object
    name: str
    size: int


def _teams_led_with_sizes_query(*, membership, organisation):
    active_places = (
        TeamMembership.objects.filter(team=OuterRef("pk"), membership__is_active=True)
        .order_by()
        .values("team")
        .annotate(count=Count("pk"))
        .values("count")
    )
    size = Coalesce(Subquery(active_places, output_field=IntegerField()), Value(0))
    return (
        teams_led_by(membership=membership, organisation=organisation)
        .annotate(size=size)
        .order_by("name")
        .values("pk", "name", "size")
    )


# Built once (core/prepared.py): Today asks it on every visit of a leader.
_teams_led_with_sizes = PreparedRead(
    _teams_led_with_sizes_query,
    Team,
    membership=Membership._meta.pk,
    organisation=Team._meta.get_field("organisation"),
)


def teams_led_with_sizes(membership: Membership) -> list[TeamSize]:
    """The teams `membership` leads, by name, each with `size`: its active people. One query however many teams.
    (A sub-select: counted over the join `teams_led` filters on, it would count the leader alone.)"""
    rows = _teams_led_with_sizes(membership=membership.pk, organisation=membership.organisation_id)
    return [TeamSize(**row) for row in rows]


def team_people(team):
    return (
        team.team_memberships.filter(membership__is_active=True)
        .select_related("membership__user")
        .order_by("-role", "membership__user__name")
    )


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token names, usable or not (the caller decides what a spent one shows)."""
    return Invitation.objects.select_related("organisation", "invited_by").filter(token_hash=hash_token(token)).first()


def account_for_invitation(invitation: Invitation):
    """The account that may accept `invitation`: one with its address that can sign in, or None. Only for the
    invitation's own page, shown to whoever holds its link (the address's owner); never for the inviter."""
    user = User.objects.filter(email__iexact=invitation.email).first()
    return user if user is not None and user.has_usable_password() and user.is_active else None


def invitations_for_invitee(user):
    """What `user` has been invited to and has not answered yet, newest first."""
    return Invitation.objects.for_invitee(user).select_related("organisation", "invited_by").order_by("-created_at")


def organisation_invitations(organisation):
    """Invitations to join this organisation that have not been accepted (those people are on People now)."""
    return (
        organisation.invitations.of(Invitation.Kind.ORGANISATION, organisation.pk)
        .exclude(status=Invitation.Status.ACCEPTED)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def people_csv_sample() -> bytes:
    return (settings.BASE_DIR / "docs" / "people-import-sample.csv").read_bytes()
