"""The practice log, a person's timer presets, and practices an organisation writes for itself.

A person's practice log is theirs alone: every read goes through `selectors`, by person. Check-in words
and notes are encrypted at rest like the journal (docs/adr/0006).
"""

from django.conf import settings
from django.db import models

from attend.core.crypto import EncryptedJSONField
from attend.core.models import BaseModel
from attend.practice import content
from attend.practice.timing import Stage, TimerSettings


class Kind(models.TextChoices):
    GUIDED = "guided", "Guided practice"
    TIMER = "timer", "Timer"


class PracticeSessionQuerySet(models.QuerySet):
    def started_between(self, start, end):
        return self.filter(started_at__gte=start, started_at__lt=end)


class PracticeSession(BaseModel):
    """One sitting, guided or timed, finished or ended early.

    `client_id` is minted by the browser when the session starts, so a session logged twice (offline, then
    again when the connection returns) is still one row.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions")
    # Only for counts over at least five people (see `selectors.organisation_practice_summary`).
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_id = models.UUIDField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    practice_key = models.CharField(max_length=80)
    title = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    planned_seconds = models.PositiveIntegerField(null=True, blank=True)
    # Logged when the session starts, so the planned end is on record even if the browser never reports back.
    planned_end_at = models.DateTimeField(null=True, blank=True)
    actual_seconds = models.PositiveIntegerField(null=True, blank=True)
    ended = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    check_in = EncryptedJSONField(default=dict)

    objects = PracticeSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["person", "client_id"], name="practice_session_once")]
        indexes = [
            models.Index(fields=["person", "-started_at"]),
            # The organisation's last 30 days (`selectors.organisation_practice_summary`), read from the index
            # alone: a trust logs thousands of sessions a month, and reading each row cost 15 ms on SQLite.
            models.Index(
                fields=["organisation", "started_at", "person", "actual_seconds"], name="practice_organisation_recent"
            ),
        ]

    def __str__(self):
        return f"Practice session {self.client_id}"

    @property
    def practised_seconds(self) -> int:
        return self.actual_seconds or 0

    @property
    def feeling(self) -> str:
        return self.check_in.get("feeling", "")

    @property
    def note(self) -> str:
        return self.check_in.get("note", "")


class PracticePreference(BaseModel):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_preference"
    )
    # Off unless the person turns it on: a count of days in a row can feel like a debt.
    show_streaks = models.BooleanField(default=False)
    # A gentle reminder on working days, through Nudges (in the daily digest and on Today). Off by default.
    remind_on_working_days = models.BooleanField(default=False)

    def __str__(self):
        return f"Practice preferences for {self.person_id}"


class TimerPreset(BaseModel):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timer_presets")
    name = models.CharField(max_length=80)
    preparation_seconds = models.PositiveIntegerField(default=10)
    bell = models.CharField(max_length=10, default="bowl")
    vibrate = models.BooleanField(default=False)
    # [{"name": "Sit", "seconds": 1200 | null, "interval_seconds": 300 | null, "points": [0, 600]}]
    stages = models.JSONField(default=list)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def timer_settings(self) -> TimerSettings:
        return TimerSettings(
            stages=tuple(
                Stage(
                    name=stage["name"],
                    seconds=stage["seconds"],
                    interval_seconds=stage.get("interval_seconds"),
                    points=tuple(stage.get("points", ())),
                )
                for stage in self.stages
            ),
            preparation_seconds=self.preparation_seconds,
            bell=self.bell,
            vibrate=self.vibrate,
        )


class OrganisationPracticeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_archived=False)


class OrganisationPractice(BaseModel):
    """A guided practice a facilitator wrote for their own organisation; the script uses the same cue format."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="practices")
    title = models.CharField(max_length=100)
    purpose = models.CharField(max_length=140)
    when = models.CharField(max_length=140)
    length_seconds = models.PositiveIntegerField()
    script = models.TextField()
    is_archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = OrganisationPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def practice(self) -> content.Practice:
        return content.Practice(
            key=str(self.pk),
            title=self.title,
            length_seconds=self.length_seconds,
            purpose=self.purpose,
            when=self.when,
            cues=content.parse_cues(self.script, length_seconds=self.length_seconds),
            order=1000,
        )
