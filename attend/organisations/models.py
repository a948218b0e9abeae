import hashlib
import math
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from attend.core.models import BaseModel


class Role(models.TextChoices):
    MEMBER = "member", "Team member"
    LEADER = "leader", "Leader"
    FACILITATOR = "facilitator", "Facilitator"
    ADMIN = "admin", "Organisation admin"


TEAM_ROLES = (Role.MEMBER, Role.LEADER)
ORGANISATION_ROLES = (Role.FACILITATOR, Role.ADMIN)


class TwoFactorRule(models.TextChoices):
    """Who must sign in with a second factor as well as a password (docs/adr/0028)."""

    NOBODY = "nobody", "Nobody has to"
    ADMINS_AND_FACILITATORS = "admins_facilitators", "Admins and facilitators"
    EVERYONE = "everyone", "Everyone"


class Organisation(BaseModel):
    """A tenant. Everything an organisation owns is reached through it, so organisations never mix."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    # NHS identity guidelines reserve the NHS logo for NHS organisations: the header shows it only when this is
    # set. Organisations that existed before the choice was asked start as not NHS (ADR 0019).
    is_nhs = models.BooleanField("NHS organisation", default=False)
    # When an admin hid the first-day checklist (audited). Empty while it is still offered.
    first_day_dismissed_at = models.DateTimeField(null=True, blank=True)
    two_factor_required_for = models.CharField(
        max_length=20, choices=TwoFactorRule.choices, default=TwoFactorRule.NOBODY
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TeamQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Team(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(max_length=200)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("name"), name="unique_team_name_per_organisation"),
        ]

    def __str__(self):
        return self.name

    def ancestors(self) -> list["Team"]:
        chain, team = [], self.parent
        while team is not None:
            chain.insert(0, team)
            team = team.parent
        return chain

    @property
    def path(self) -> str:
        return " › ".join([t.name for t in self.ancestors()] + [self.name])


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_people(self):
        # The team places with their teams in one query (their ordering joins the team anyway), not two.
        places = models.Prefetch("team_memberships", queryset=TeamMembership.objects.select_related("team"))
        return self.select_related("user").prefetch_related(places)


class Membership(BaseModel):
    """A person's place in one organisation, with the organisation-wide roles they hold."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField("organisation admin", default=False)
    is_facilitator = models.BooleanField("facilitator", default=False)
    is_active = models.BooleanField(default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_organisation")]

    def __str__(self):
        return f"{self.user} at {self.organisation}"

    @property
    def roles(self) -> set[str]:
        roles = {tm.role for tm in self.team_memberships.all()}
        if self.is_admin:
            roles.add(Role.ADMIN)
        if self.is_facilitator:
            roles.add(Role.FACILITATOR)
        return roles

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.roles.intersection(roles))

    def teams_led(self):
        return teams_led_by(membership=self.pk, organisation=self.organisation_id)


def teams_led_by(*, membership, organisation):
    """The teams of `organisation` that the membership (by id) leads: `Membership.teams_led`, from ids."""
    return Team.objects.filter(
        organisation=organisation, team_memberships__membership=membership, team_memberships__role=Role.LEADER
    )


class TeamMembership(BaseModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="team_memberships")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(max_length=20, choices=[(r.value, r.label) for r in TEAM_ROLES], default=Role.MEMBER)

    class Meta:
        ordering = ["team__name"]
        constraints = [models.UniqueConstraint(fields=["team", "membership"], name="one_place_per_team")]

    def __str__(self):
        return f"{self.membership.user} — {self.get_role_display()}, {self.team}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        """Sent, not yet answered, and not expired: the invitations whose links work."""
        return self.filter(status=Invitation.Status.SENT, expires_at__gt=timezone.now())

    def of(self, kind: str, target_id):
        return self.filter(kind=kind, target_id=target_id)

    def for_invitee(self, user):
        """What `user` has been invited to and not answered: matched on their email address, the only thing the
        inviter gave."""
        return self.usable().filter(email=user.email.lower())


class Invitation(BaseModel):
    """An offer, sent to an email address, to join an organisation or a cohort (docs/adr/0020).

    The inviter gives only an address (and, for an organisation, a name and the roles on offer). Nothing is granted
    and nothing of the person's is shown to the inviter until the person accepts, signed in as themselves; whether
    the address has an account anywhere never changes what the inviter sees. Only a hash of the link's token is
    stored (docs/adr/0005).
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        COHORT = "cohort", "Cohort"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting list"  # held back until a place frees; nothing sent yet
        SENT = "sent", "Invited"
        ACCEPTED = "accepted", "Joined"
        DECLINED = "declined", "Declined"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The organisation's id, or the cohort's: organisations never imports the apps that offer places.
    target_id = models.UUIDField()
    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=150, blank=True)  # as the inviter typed it, never the account's
    # What accepting grants. Organisation: {"roles": ["admin", ...], "places": {team id: "member" | "leader"}}.
    offer = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "target_id", "email"], name="one_invitation_per_address")
        ]
        indexes = [models.Index(fields=["email", "status"]), models.Index(fields=["kind", "target_id", "status"])]

    def __str__(self):
        return f"Invitation {self.pk}"

    TOKEN_BYTES = 32
    # What new_token gives: base64url of TOKEN_BYTES random bytes, unpadded (43 characters).
    TOKEN_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{math.ceil(TOKEN_BYTES * 4 / 3)}}}")

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(Invitation.TOKEN_BYTES)

    @staticmethod
    def token_looks_whole(token: str) -> bool:
        """Whether a link's token has the shape of a real one. Decided without the database, so it tells
        nothing about which tokens exist: a link cut short in an email is told apart from a spent one."""
        return Invitation.TOKEN_SHAPE.fullmatch(token) is not None

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.SENT and self.expires_at is not None and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.SENT and not self.is_usable


class PeopleImport(BaseModel):
    """One people CSV import, checked in the request and written by the background worker (issue 21): all of it
    or none, then what it did, for the progress page its admin watches."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Could not be imported"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people_imports")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # The uploaded file, encrypted (names and addresses) with attend.core.crypto, until the import has run: then
    # emptied, whether it worked or not.
    payload = models.BinaryField(default=bytes, blank=True)
    # Where the invitation links point: the site the admin uploaded on.
    base_url = models.CharField(max_length=200)
    people_total = models.PositiveIntegerField(default=0)
    # The outcome, once done.
    people = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    teams_created = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)  # why it failed, in words for the admin
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self):
        return f"People import {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
