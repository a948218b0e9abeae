import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Every Attend table has a UUID key (nothing guessable in URLs) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def bulk_create(self, objs, *args, **kwargs):
        """Bulk writes (the people import) skip save(), so they are checked here the same way."""
        objs = list(objs)
        for event in objs:
            AuditEvent.check_action(event.action)
        return super().bulk_create(objs, *args, **kwargs)


class AuditActionField(models.CharField):
    """A CharField whose choices live in the code only: `AuditEvent.Action` is the one list of actions.

    Django records a field's choices in migration state, so every new action used to need a migration
    restating all the others (core 0002-0005). The choices change nothing in the database, so this field
    leaves them out of its migrations: adding an action is a one-line change to `AuditEvent.Action`.
    The model still has its choices for `get_action_display()`, the admin's filter and `full_clean()`;
    `AuditEvent.save()` and bulk creation refuse an action not on the list.
    """

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, "django.db.models.CharField", args, kwargs


class AuditEvent(BaseModel):
    """A sensitive action: who did what to whom, and when. Never edited, never deleted by the app."""

    class Action(models.TextChoices):
        ROLE_GRANTED = "role_granted", "Role given"
        ROLE_REMOVED = "role_removed", "Role removed"
        PERSON_INVITED = "person_invited", "Person invited"
        INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
        INVITATION_DECLINED = "invitation_declined", "Invitation declined"
        PERSON_DEACTIVATED = "person_deactivated", "Person deactivated"
        PERSON_REACTIVATED = "person_reactivated", "Person reactivated"
        PEOPLE_IMPORTED = "people_imported", "People imported"
        TEAM_CREATED = "team_created", "Team added"
        TEAM_RENAMED = "team_renamed", "Team renamed"
        DATA_EXPORTED = "data_exported", "Data exported"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PRACTICE_ADDED = "practice_added", "Practice added"
        PRACTICE_CHANGED = "practice_changed", "Practice changed"
        PRACTICE_ARCHIVED = "practice_archived", "Practice archived"
        PRACTICE_RESTORED = "practice_restored", "Practice restored"
        EMAIL_BUDGET_CHANGED = "email_budget_changed", "Email budget changed"
        SUPPORT_SERVICE_ADDED = "support_service_added", "Support service added"
        SUPPORT_SERVICE_CHANGED = "support_service_changed", "Support service changed"
        SUPPORT_SERVICE_REMOVED = "support_service_removed", "Support service removed"
        PULSE_ROUND_OPENED = "pulse_round_opened", "Pulse round opened"
        PULSE_ROUND_CLOSED = "pulse_round_closed", "Pulse round closed"
        PULSE_QUESTION_ADDED = "pulse_question_added", "Pulse question added"
        PULSE_QUESTION_CHANGED = "pulse_question_changed", "Pulse question changed"
        ANONYMITY_THRESHOLD_CHANGED = "anonymity_threshold_changed", "Anonymity threshold changed"
        PROGRAMME_CREATED = "programme_created", "Programme created"
        PROGRAMME_CHANGED = "programme_changed", "Programme changed"
        COHORT_CREATED = "cohort_created", "Cohort created"
        COHORT_CHANGED = "cohort_changed", "Cohort changed"
        PARTICIPANT_INVITED = "participant_invited", "Invited to a cohort"
        PARTICIPANT_ADDED = "participant_added", "Participant added"
        PARTICIPANT_REMOVED = "participant_removed", "Participant removed"
        SESSION_SCHEDULED = "session_scheduled", "Session arranged"
        SESSION_CHANGED = "session_changed", "Session changed"
        SESSION_CANCELLED = "session_cancelled", "Session cancelled"
        ATTENDANCE_RECORDED = "attendance_recorded", "Attendance recorded"
        MATERIAL_ADDED = "material_added", "Material added"
        QUESTIONNAIRE_ASSIGNED = "questionnaire_assigned", "Questionnaire assigned"
        POST_HIDDEN = "post_hidden", "Discussion post hidden"
        POST_RESTORED = "post_restored", "Discussion post restored"
        FIRST_DAY_CHECKLIST_DISMISSED = "first_day_dismissed", "First-day checklist hidden"
        NHS_IDENTITY_CHANGED = "nhs_identity_changed", "NHS identity changed"
        SINGLE_SIGN_ON_CHANGED = "single_sign_on_changed", "Single sign-on settings changed"
        SINGLE_SIGN_ON_REFUSED = "single_sign_on_refused", "Single sign-on refused: another person at the provider"
        SINGLE_SIGN_ON_FORGOTTEN = "single_sign_on_forgotten", "Single sign-on account forgotten"
        TWO_FACTOR_ADDED = "two_factor_added", "Two-factor sign-in set up"
        TWO_FACTOR_REMOVED = "two_factor_removed", "Two-factor sign-in removed"
        TWO_FACTOR_RESET_BY_ADMIN = "two_factor_reset_by_admin", "Two-factor authentication reset"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        RECOVERY_CODES_REPLACED = "recovery_codes_replaced", "New recovery codes made"
        SESSIONS_ENDED = "sessions_ended", "Signed out everywhere else"
        TWO_FACTOR_POLICY_CHANGED = "two_factor_policy_changed", "Two-factor rule changed"

    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = AuditActionField(max_length=40, choices=Action.choices)
    target_description = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target_description}"

    def save(self, *args, **kwargs):
        self.check_action(self.action)
        super().save(*args, **kwargs)

    @classmethod
    def check_action(cls, action: str) -> None:
        """Refuse an action not in `Action`: the database would store any string."""
        if action not in cls.Action.values:
            raise ValueError(f"Unknown audit action {action!r}: add it to AuditEvent.Action in attend/core/models.py.")
