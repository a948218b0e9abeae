"""Conversations between a leader and each person in their team, talking points, actions, private notes,
and each person's wellbeing plan.

Only the two people in a pairing see its shared parts; a private note only its author; a wellbeing plan
its owner, and their leader only the sections the owner chooses. Every read goes through `access.py`.
Words people write are encrypted at rest (docs/adr/0006).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from attend.connect import guides
from attend.core.crypto import EncryptedJSONField
from attend.core.models import BaseModel


class Pairing(BaseModel):
    """A leader and one person in a team they lead: where their conversations, points and actions live."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairings_led")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairings_with_leader")
    cadence_days = models.PositiveSmallIntegerField(default=28, choices=guides.CADENCES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "leader", "person"], name="one_pairing_per_leader_person")
        ]

    def __str__(self):
        return f"Pairing {self.pk}"


class Conversation(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="conversations")
    kind = models.CharField(max_length=20, choices=guides.KINDS)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=30)
    place = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    # What both agreed to write down: {"summary": ..., "plan": ...}
    shared = EncryptedJSONField(default=dict)
    # A recurring conversation: every occurrence is a row with the same series id, `every_weeks` apart, so each
    # can be held, cancelled and written up on its own; the .ics file gives calendars the series as one RRULE.
    series = models.UUIDField(null=True, blank=True, db_index=True)
    every_weeks = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"Conversation {self.pk}"


class PrivateNote(BaseModel):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = EncryptedJSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "author"], name="one_private_note_each")]

    def __str__(self):
        return f"Private note {self.pk}"


class TalkingPoint(BaseModel):
    """Something either person wants to talk about; it carries over from conversation to conversation until done."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="talking_points")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = EncryptedJSONField(default=dict)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Talking point {self.pk}"


class Action(BaseModel):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="actions")
    conversation = models.ForeignKey(Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Who wrote it: only they change or delete it. Empty for actions written before authors were kept; the
    # pairing's leader looks after those.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = EncryptedJSONField(default=dict)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Open actions first on every database (SQLite and PostgreSQL sort empty values differently).
        ordering = [models.F("done_at").asc(nulls_first=True), models.F("due_on").asc(nulls_last=True), "created_at"]

    def __str__(self):
        return f"Action {self.pk}"


class QuarterFigure(BaseModel):
    """How many of a team's members had a conversation held with a leader in one calendar quarter, counted once
    when the quarter has ended and never recounted (docs/adr/0023): later joiners and leavers cannot change it,
    so comparing figures cannot single out the person who left. Shown to admins only through
    `connect/quarters.py`, under the organisation's threshold."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="+")
    quarter_start = models.DateField()
    people = models.PositiveIntegerField()
    talked = models.PositiveIntegerField()

    class Meta:
        ordering = ["-quarter_start"]
        constraints = [
            models.UniqueConstraint(fields=["team", "quarter_start"], name="one_figure_per_team_quarter"),
            models.CheckConstraint(condition=models.Q(talked__lte=models.F("people")), name="talked_within_people"),
        ]

    def __str__(self):
        return f"Quarter figure {self.pk}"


class WellbeingPlan(BaseModel):
    """Owned by the person it is about. Their leader sees only the sections listed in `shared_sections`."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_plans")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    sections = EncryptedJSONField(default=dict)
    shared_sections = models.JSONField(default=list, blank=True)
    # The leaders (user ids) the person was sharing with when they saved: consent is to them, not to
    # whoever leads the person next.
    shared_with = models.JSONField(default=list, blank=True)
    review_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "organisation"], name="one_plan_per_person")]

    def __str__(self):
        return f"Wellbeing plan {self.pk}"


class SupportService(BaseModel):
    """Where to turn for help, kept by the organisation admin: occupational health, an employee assistance
    programme, the Freedom to Speak Up guardian, chaplaincy."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="support_services"
    )
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300)
    contact = models.CharField(max_length=200)

    class Meta:
        ordering = [Lower("name")]

    def __str__(self):
        return self.name
