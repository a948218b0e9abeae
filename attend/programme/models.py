"""Programmes, cohorts, sessions, materials, attendance, discussion, and questionnaire answers.

A programme belongs to the organisation that runs it; its cohorts may hold people from several organisations.
Participants see their cohort and their own answers and scores. Facilitators run the cohort and see only
aggregates, never one person's answers (docs/adr/0013). Every read goes through `access.py`.
Answers and scores are encrypted at rest, like other private writing (docs/adr/0006).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from attend.core.crypto import EncryptedJSONField
from attend.core.models import BaseModel


class Programme(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="programmes")
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = [Lower("title")]

    def __str__(self):
        return self.title


class Cohort(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    # How many people it has places for (none: no limit). Invitations beyond it wait on a waiting list.
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after")
        ]

    def __str__(self):
        return self.name


class Participant(BaseModel):
    """A person's place in a cohort, with the organisation they take part from (it may not own the programme)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_places")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = [Lower("user__name")]
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="one_place_per_cohort")]

    def __str__(self):
        return f"Participant {self.pk}"


class Session(BaseModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=150)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=120)
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    description = models.TextField(blank=True)
    # The meeting request's SEQUENCE (RFC 5545): one more each time the session moves or is cancelled, so a
    # calendar replaces the event it holds under the same UID instead of keeping the old one (docs/adr/0024).
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class SessionReply(BaseModel):
    """Whether a participant says they will come to a session: for its facilitator's list and the register."""

    class Answer(models.TextChoices):
        ATTENDING = "attending", "Attending"
        NOT_ATTENDING = "not_attending", "Not attending"
        MAYBE = "maybe", "Maybe"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="replies")
    participant = models.ForeignKey("Participant", on_delete=models.CASCADE, related_name="session_replies")
    answer = models.CharField(max_length=15, choices=Answer.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="one_reply_each")]

    def __str__(self):
        return f"Reply {self.pk}"


class Material(BaseModel):
    """Something to read, watch or keep: for the whole cohort, or for one of its sessions."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="materials")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=150)
    link = models.URLField(blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.title


class Attendance(BaseModel):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="one_attendance_each")]

    def __str__(self):
        return f"Attendance {self.pk}"


class Thread(BaseModel):
    """A cohort's discussion (no session) or one session's."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="threads")
    session = models.OneToOneField(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="thread")
    title = models.CharField(max_length=150)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort"], condition=models.Q(session__isnull=True), name="one_cohort_thread"
            )
        ]

    def __str__(self):
        return self.title


class Post(BaseModel):
    class Status(models.TextChoices):
        SHOWN = "shown", "Shown"
        HELD = "held", "Waiting for a facilitator"
        HIDDEN = "hidden", "Hidden by a facilitator"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_posts")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SHOWN)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Why moderation held it, in words a facilitator reads.
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self):
        return f"Post {self.pk}"


class PostReport(BaseModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    # Set when a facilitator hides or restores the post: the report has been looked at.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "by"], name="one_report_per_person")]

    def __str__(self):
        return f"Report {self.pk}"


class Point(models.TextChoices):
    START = "start", "Start of the programme"
    END = "end", "End of the programme"
    FOLLOW_UP = "follow_up", "Follow-up"


class QuestionnaireAssignment(BaseModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    point = models.CharField(max_length=10, choices=Point.choices)
    opens_on = models.DateField()
    closes_on = models.DateField()
    # At the end, participants may also rate how they were before the programme, looking back.
    retrospective = models.BooleanField(default=False)

    class Meta:
        ordering = ["opens_on"]
        constraints = [models.UniqueConstraint(fields=["cohort", "point"], name="one_assignment_per_point")]

    def __str__(self):
        return f"{self.get_point_display()} questionnaire"


class QuestionnaireResponse(BaseModel):
    """One participant's answers to one measure at one point. Read only by that participant; reports use
    the scores in aggregate, without names."""

    assignment = models.ForeignKey(QuestionnaireAssignment, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    measure_key = models.CharField(max_length=60)
    answers = EncryptedJSONField(default=dict)
    # {"total": float, "subscales": {name: float}}
    scores = EncryptedJSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "participant", "measure_key"], name="one_response_each")
        ]

    def __str__(self):
        return f"Response {self.pk}"
