"""A person's calendars, the events read from them, each import with its progress, and the protected time
they chose.

A diary belongs to the person, not to their organisation: only its owner ever reaches it (see access.py).
Titles, organisers, links and passwords are encrypted at rest (docs/adr/0006, docs/adr/0011).
Working hours, days and time zone are the person's own (User.time_zone, working_days, working_day_*), shared
with Nudges, so there is one place to change them.
"""

from django.conf import settings
from django.db import models

from attend.core.crypto import EncryptedJSONField
from attend.core.models import BaseModel


class DiaryCalendar(BaseModel):
    """Where a person's events come from: an uploaded file, a subscription link or a CalDAV calendar."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded file"
        SUBSCRIPTION = "subscription", "Subscription link"
        CALDAV = "caldav", "CalDAV calendar"

    class Status(models.TextChoices):
        NEW = "new", "Waiting for its first import"
        READY = "ready", "Up to date"
        FAILED = "failed", "Last refresh failed"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_calendars")
    source = models.CharField(max_length=20, choices=Source.choices)
    name = models.CharField(max_length=100)
    # {"url": ...} for a subscription; {"url", "username", "password"} for CalDAV. Secrets: never shown back.
    connection = EncryptedJSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    # The import whose events are the calendar's events now. A new import replaces it only when it succeeds.
    current_import = models.ForeignKey(
        "DiaryImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refreshed_at = models.DateTimeField(null=True, blank=True)
    next_refresh_at = models.DateTimeField(null=True, blank=True)
    # Why the last reading failed: it may name an event, so it is kept encrypted like the event's title.
    last_error = EncryptedJSONField(default="", blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["source", "next_refresh_at"])]

    def __str__(self):
        return f"Diary calendar {self.pk}"

    @property
    def is_linked(self) -> bool:
        return self.source in (self.Source.SUBSCRIPTION, self.Source.CALDAV)


class DiaryImport(BaseModel):
    """One reading of a calendar: queued, read, saved (or failed, changing nothing), with its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        READING = "reading", "Reading the calendar"
        SAVING = "saving", "Saving events"
        DONE = "done", "Finished"
        FAILED = "failed", "Could not be read"

    # None only for a new calendar's first import that failed: the calendar is removed (no ghost calendar,
    # issue 18), and the import stays a day so its progress page can say why, to `owner` alone.
    calendar = models.ForeignKey(DiaryCalendar, null=True, on_delete=models.CASCADE, related_name="imports")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    file_name = models.CharField(max_length=200, blank=True)
    # The uploaded or fetched bytes, encrypted, until the import has run (then emptied).
    payload = models.BinaryField(default=bytes, blank=True)
    events_total = models.PositiveIntegerField(default=0)
    events_done = models.PositiveIntegerField(default=0)
    # What went wrong (it may name an event: encrypted like the event's title).
    message = EncryptedJSONField(default="", blank=True)
    line = models.PositiveIntegerField(null=True, blank=True)
    # The events left out because they could not be read: [{"line", "title", "why"}], titles kept encrypted
    # like every event's (at most SKIPPED_KEPT; `skipped_count` says how many in all).
    skipped = EncryptedJSONField(default=list)
    skipped_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Diary import {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class DiaryEvent(BaseModel):
    """One occurrence (recurrences expanded) inside the stored window. Read only through the calendar's
    current import; the events of a failed or replaced import are deleted."""

    diary_import = models.ForeignKey(DiaryImport, on_delete=models.CASCADE, related_name="events")
    uid = models.TextField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    busy = models.BooleanField(default=True)
    recurring = models.BooleanField(default=False)
    series_uid = models.TextField(blank=True)
    attendees = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, default="confirmed")
    free_reason = models.CharField(max_length=10, blank=True)
    # {"title": ..., "organiser": ...}: what the event says about people and work stays ciphertext.
    details = EncryptedJSONField(default=dict)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["diary_import", "starts_at"])]

    def __str__(self):
        return f"Diary event {self.pk}"


class ProtectedTimeChoice(BaseModel):
    """A protected-time block the person chose, kept as it was proposed so the .ics can be written again."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="protected_time")
    key = models.CharField(max_length=100)
    kind = models.CharField(max_length=20)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    link = models.CharField(max_length=100, blank=True)
    # {"title": ..., "reason": ...}
    details = EncryptedJSONField(default=dict)

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="one_choice_per_owner_key")]

    def __str__(self):
        return f"Protected time {self.pk}"


class PeopleTimeRule(BaseModel):
    """How the person's diary finds time with people (diary/people_time.py): their own rule, their own page.
    No row means the engine's defaults."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people_time_rule")
    title_words = models.JSONField(default=list)  # ["1:1", "one to one", ...]
    small_meeting = models.PositiveSmallIntegerField(default=4)  # at most this many attendees; 0 = not used
    connect = models.BooleanField(default=True)

    def __str__(self):
        return f"Time-for-people rule {self.pk}"


class DiaryWeekFigures(BaseModel):
    """One week's figures for the person, kept so a page need not analyse every event again (diary/kept_figures.py,
    docs/adr/0029). Read only when `inputs` (a digest of everything the figures depend on) still matches; deleted
    with the owner, a removed calendar or a new import. The figures name meetings: they stay ciphertext."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    inputs = models.CharField(max_length=64)
    week = EncryptedJSONField(default=dict)  # figures.WeekFigures, plain
    days = EncryptedJSONField(default=list)  # figures.DayFigures of the week, plain (with the meetings behind them)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "week_start"], name="one_kept_week_per_owner")]

    def __str__(self):
        return f"Kept diary week {self.pk}"
