"""Listen's tables. The anonymity design (ADR 0012) shapes them:

- `Response` holds no user, no invitation, no IP address or user agent, no created/updated timestamps and no time
  finer than the day; its id is random and rewritten when its batch seals. Its comment is encrypted with a
  ciphertext that carries no time either (see `TimelessEncryptedJSONField`).
- `Invitation` records only that it was used: a boolean, no time of use, no auto-updated timestamp.
- Everything else (rounds, settings, items, actions, the leader's own self-view) is ordinary, audited data.
"""

import json
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac

from attend.core import crypto
from attend.core.models import BaseModel
from attend.core.validators import scrub_text
from attend.listen import anonymity, question_bank
from attend.organisations.models import hash_token

# Tokens are stored as a keyed hash: a token read from anywhere it is kept in clear (the notification that carried
# it, say) cannot be matched with its invitation's row without the server's secret key (ADR 0018).
TOKEN_HASH_SALT = "attend.listen.token"


class TimelessEncryptedJSONField(crypto.EncryptedJSONField):
    """Encrypted like any Attend secret, but the ciphertext's own timestamp (Fernet writes the moment of encryption
    into every token, readable without the key) is always zero, so a comment cannot be dated or ordered."""

    description = "JSON encrypted at rest, with no time in the ciphertext"

    def get_prep_value(self, value):
        if value is None:
            return None
        return crypto.fernet().encrypt_at_time(json.dumps(value, separators=(",", ":")).encode(), 0).decode()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ListenSettings(BaseModel):
    """An organisation's thresholds. Absent means the defaults (5 for figures, 10 for comments)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="listen_settings"
    )
    figure_threshold = models.PositiveSmallIntegerField(default=anonymity.DEFAULT_FIGURE_THRESHOLD)
    comment_threshold = models.PositiveSmallIntegerField(default=anonymity.DEFAULT_COMMENT_THRESHOLD)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(figure_threshold__gte=anonymity.MINIMUM_THRESHOLD), name="listen_figure_threshold_min"
            ),
            models.CheckConstraint(
                condition=Q(comment_threshold__gte=models.F("figure_threshold")),
                name="listen_comment_threshold_not_below_figures",
            ),
        ]

    def thresholds(self) -> anonymity.Thresholds:
        return anonymity.Thresholds(figures=self.figure_threshold, comments=self.comment_threshold)


class OrganisationItem(BaseModel):
    """A question an organisation adds to its teams' rounds, under "Your organisation's questions"."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="listen_items"
    )
    key = models.CharField(max_length=40, unique=True)
    text = models.CharField(max_length=200)
    is_archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]

    @staticmethod
    def new_key() -> str:
        return f"{question_bank.ORGANISATION_ITEM_PREFIX}{uuid.uuid4().hex[:12]}"

    def as_item(self) -> question_bank.Item:
        # Scrubbed, so a question saved before the text rules still reads (with U+FFFD) rather than failing
        # every round and answer page of the organisation.
        return question_bank.organisation_item(key=self.key, text=scrub_text(self.text))


class Cadence(models.TextChoices):
    NONE = "none", "Just this once"
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every three months"


class InviteMethod(models.TextChoices):
    EMAIL = "email", "A single-use link by email to each person"
    LINK = "link", "One link for the whole team"


class PulseRoundQuerySet(models.QuerySet):
    def for_teams(self, teams):
        return self.filter(team__in=teams)

    def open_on(self, day):
        return self.filter(is_closed=False, opens_on__lte=day, closes_on__gte=day)


class PulseRound(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="pulse_rounds"
    )
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="pulse_rounds")
    template_key = models.CharField(max_length=40)
    item_keys = models.JSONField(default=list)
    opens_on = models.DateField()
    closes_on = models.DateField()
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.NONE)
    invite = models.CharField(max_length=10, choices=InviteMethod.choices, default=InviteMethod.EMAIL)
    # Asks the people of the team's sub-teams too (all the way down), so a sub-team too small to show results on its
    # own is heard: figures are for the round as a whole, never one sub-team. Single-use links only (ADR 0018).
    includes_sub_teams = models.BooleanField(default=False)
    batch_size = models.PositiveSmallIntegerField()
    comment_threshold = models.PositiveSmallIntegerField()
    invited = models.PositiveIntegerField(default=0)
    # How many of those invited joined the team in the weeks before the round opened: shown with its results, since
    # an admin adding accounts they control just before a round is one way to pad it (ADR 0018).
    joined_before = models.PositiveIntegerField(default=0)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    is_closed = models.BooleanField(default=False)
    next_round_created = models.BooleanField(default=False)

    objects = PulseRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-created_at"]
        # The heatmap's quarters: the distinct days an organisation's rounds opened, read from the index alone.
        indexes = [models.Index(fields=["organisation", "opens_on"], name="listen_round_opens_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(batch_size__gte=anonymity.MINIMUM_THRESHOLD), name="listen_round_batch_size_min"
            ),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="listen_round_dates"),
        ]

    def __str__(self):
        return f"{self.team} from {self.opens_on}"

    def is_open_on(self, day) -> bool:
        return not self.is_closed and self.opens_on <= day <= self.closes_on


class Invitation(models.Model):
    """A single-use link. Only a keyed hash of the token, and whether it was used: never when, never by whom.

    Rows are created in a random order with random ids, so neither says whose invitation is whose; the flag is
    set in a transaction of its own, never the one that writes the answer (ADR 0018)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    def __str__(self):
        return f"Invitation to {self.round}"

    @staticmethod
    def hash(token: str) -> str:
        return salted_hmac(TOKEN_HASH_SALT, token, algorithm="sha256").hexdigest()

    @staticmethod
    def hashes(token: str) -> list[str]:
        """Every stored form a token may have: the keyed hash (under the current key or one being rotated out,
        `SECRET_KEY_FALLBACKS`), and the plain hash of rounds opened before tokens were keyed."""
        keyed = [
            salted_hmac(TOKEN_HASH_SALT, token, secret=secret, algorithm="sha256").hexdigest()
            for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        ]
        return [*keyed, hash_token(token)]


class TeamLink(models.Model):
    """One link for a whole team without email. It cannot stop one person answering twice; the leader is told."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.OneToOneField(PulseRound, on_delete=models.CASCADE, related_name="team_link")
    token_hash = models.CharField(max_length=64, unique=True)
    # Kept (encrypted) so the leader can copy the link again: it is shared with the whole team anyway.
    token = crypto.EncryptedJSONField()

    def __str__(self):
        return f"Team link for {self.round}"


class Response(models.Model):
    """One person's answers. Nothing here can lead back to them, or to when they answered beyond the day."""

    id = models.UUIDField(primary_key=True, default=anonymity.new_response_id, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses")
    batch = models.PositiveIntegerField(null=True, blank=True)
    answered_on = models.DateField()
    answers = models.JSONField()
    comment = TimelessEncryptedJSONField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "batch"])]

    def __str__(self):
        return "An anonymous response"


class SealedBatch(models.Model):
    """What one sealed batch of a round adds up to, written by the sealing itself (ADR 0026), so the heatmap, the
    trend and the team's page read a few small rows rather than rescoring every answer on every request.

    Sums and counts only (`kept_figures.BatchFigures`): never a comment, never a single response's answers, and no time
    (its batch's responses already share the day it sealed). Every figure read from these rows still goes through
    `anonymity` (whole batches of at least the current threshold), exactly as a figure read from the answers."""

    id = models.UUIDField(primary_key=True, default=anonymity.new_response_id, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="sealed_batches")
    batch = models.PositiveIntegerField()
    size = models.PositiveSmallIntegerField()
    # theme or sub-theme key -> [respondents who answered one of its items, the sum of their 0–10 scores]
    themes = models.JSONField(default=dict)
    # item key -> [how many chose 1, 2, 3, 4, 5]
    items = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "batch"], name="one_kept_figure_per_batch")]

    def __str__(self):
        return f"Batch {self.batch} of {self.round}"


class PooledTeamFigure(models.Model):
    """What one team's rounds add up to for one theme or sub-theme, over all its rounds (`period` "") or those opened
    in one quarter (`period` "2026 Q4"), per batch size: the heatmap's cells as a few plain numbers the database can
    read in one query, one row a team and theme however many rounds (ADR 0026, "Pooled per team").

    Rebuilt from the team's kept batches (`SealedBatch`) in the transaction that seals one of them
    (`services.sealing.team_figures_keep`), so the two never disagree. Exact, and no weaker than the batches: a round
    seals every batch at its own `batch_size`, whether a batch counts depends only on its size, so batches pooled by
    size are hidden or counted exactly as one by one under any later threshold. Team-link rounds are left out, as
    from every heatmap cell (ADR 0018)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="pooled_listen_figures")
    period = models.CharField(max_length=10, blank=True)  # "" for all rounds, or the quarter the rounds opened in
    theme = models.CharField(max_length=40)  # a theme or sub-theme key
    batch_size = models.PositiveSmallIntegerField()  # every batch pooled here holds this many responses
    batches = models.PositiveIntegerField()  # sealed batches that asked the theme
    # Over the batches in which every response answered one of the theme's items only (`kept_figures.PooledFigures`):
    answering = models.PositiveIntegerField()  # respondents
    total = models.FloatField()  # the sum of their 0–10 scores

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "period", "theme", "batch_size"], name="one_pooled_figure_per_team_period_theme_size"
            )
        ]
        # Every column the heatmap reads, so SQLite answers from the index alone (a few thousand rows a request at a
        # trust's size: 5 ms read from the table, 2 ms from the index).
        indexes = [
            models.Index(
                fields=["organisation", "period", "theme", "team", "batch_size", "batches", "answering", "total"],
                name="listen_pooled_by_period_all",
            )
        ]

    def __str__(self):
        return f"{self.theme} of {self.team} ({self.period or 'all rounds'})"


class SelfView(BaseModel):
    """The leader's answers about themselves: theirs, not anonymous, shown only to them."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="self_views")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulse_self_views")
    answers = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "leader"], name="one_self_view_per_leader")]


class Action(BaseModel):
    """You said, we did: what the team's leader did about a theme or a comment, shown on the next round's page."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDERWAY = "underway", "Under way"
        DONE = "done", "Done"

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="actions")
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="listen_actions")
    theme = models.CharField(max_length=40, blank=True)
    # The comment it answers, as the leader saw it: a copy of a comment, so encrypted at rest like the comment itself.
    quote = crypto.EncryptedJSONField(default="", blank=True)
    text = models.TextField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Who is doing it, as the leader wrote it (a name or a role, someone outside Attend too); blank means `by`.
    owner = models.CharField(max_length=100, blank=True)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class AskedItem(models.Model):
    """An item some round of the organisation asked by single-use links, over all rounds (`period` "") or those opened
    in one quarter: which themes the heatmap has columns for, read as a few dozen rows instead of every round's
    questions (ADR 0029). Kept as a round opens (`services.rounds.asked_items_keep`), and again as one of its batches
    seals; never removed, so a theme asked once keeps its column (cells with too few answers say so). Team-link rounds
    are left out, as from every heatmap cell (ADR 0018)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10, blank=True)  # "" for all rounds, or the quarter the rounds opened in
    item_key = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period", "item_key"], name="one_asked_item_per_period")
        ]

    def __str__(self):
        return f"{self.item_key} ({self.period or 'all rounds'})"
