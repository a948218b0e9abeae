"""Notifications, each person's choices about them, every email sent, and an organisation's email budget.

Modules never send email themselves: they create a Notification through `services.notification_create`,
and the service decides when (and whether) it reaches an inbox.
"""

from datetime import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q

from attend.core.models import BaseModel
from attend.nudges import rules
from attend.nudges.kinds import KINDS


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def awaiting_email(self):
        return self.filter(delivery__isnull=True, emailed=True)


class Notification(BaseModel):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=[(kind.key, kind.label) for kind in KINDS])
    # What it is and where to look: never the private content itself (no journal text, no results).
    title = models.CharField(max_length=150)
    link = models.CharField(max_length=300)
    time_critical = models.BooleanField(default=False)
    # Whether it should reach email at all (False when the person has switched this kind off).
    emailed = models.BooleanField(default=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.ForeignKey(
        "EmailDelivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    # A module's own name for the event, so telling someone the same thing twice makes one notification.
    dedupe_key = models.CharField(max_length=150, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["person", "delivery"])]

    def __str__(self):
        return f"{self.kind} for {self.person_id}"


class NudgePreference(BaseModel):
    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudge_preference")
    email_enabled = models.BooleanField(default=True)
    digest = models.CharField(
        max_length=10, choices=[(rules.DAILY, "Daily"), (rules.WEEKLY, "Weekly")], default=rules.DAILY
    )
    digest_at = models.TimeField(default=time(9, 0))
    digest_weekday = models.PositiveSmallIntegerField(default=0)
    # Kinds the person has switched off for email; they still appear, quietly, on Today.
    email_off = models.JSONField(default=list, blank=True)

    def __str__(self):
        return f"Nudge preferences for {self.person_id}"

    def digest_choice(self) -> rules.DigestChoice:
        return rules.DigestChoice(frequency=self.digest, at=self.digest_at, weekday=self.digest_weekday)

    def emails_about(self, kind: str) -> bool:
        return self.email_enabled and kind not in self.email_off


class EmailDelivery(BaseModel):
    """One email: a digest for a slot, or one time-critical notification. Sent at most once."""

    class Kind(models.TextChoices):
        DIGEST = "digest", "Digest"
        TIME_CRITICAL = "time_critical", "Time-critical"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_deliveries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The digest slot it belongs to, or the moment a time-critical email was decided on.
    planned_for = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-planned_for"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "planned_for"], name="one_email_per_person_slot")
        ]

    def __str__(self):
        return f"{self.kind} email {self.pk}"

    @property
    def message_id(self) -> str:
        host = urlsplit(settings.SITE_URL).hostname or "attend.invalid"
        return f"<{self.pk}@{host}>"


class EmailBudget(BaseModel):
    """An organisation's own, lower, email limits for its people. Held to the ceiling in `rules`."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="email_budget"
    )
    per_day = models.PositiveSmallIntegerField(default=rules.DEFAULT_EMAILS_PER_DAY)
    per_week = models.PositiveSmallIntegerField(default=rules.DEFAULT_EMAILS_PER_WEEK)

    def __str__(self):
        return f"Email budget for {self.organisation_id}"

    def budget(self) -> rules.Budget:
        return rules.organisation_budget(self.per_day, self.per_week)
