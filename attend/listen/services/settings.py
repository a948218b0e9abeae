"""Listen's settings: the organisation's anonymity thresholds and its own questions."""

from django.db import transaction

from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.listen import anonymity, question_bank
from attend.listen.models import ListenSettings, OrganisationItem

# Settings


@transaction.atomic
def listen_settings_update(*, organisation, by, figure_threshold: int, comment_threshold: int) -> ListenSettings:
    """Raises ValueError (from anonymity.Thresholds) when the thresholds break the rules; nothing is saved."""
    thresholds = anonymity.Thresholds(figures=figure_threshold, comments=comment_threshold)
    saved, _ = ListenSettings.objects.get_or_create(organisation=organisation)
    before = {"figures": saved.figure_threshold, "comments": saved.comment_threshold}
    saved.figure_threshold, saved.comment_threshold = thresholds.figures, thresholds.comments
    saved.save()
    after = {"figures": thresholds.figures, "comments": thresholds.comments}
    if before != after:
        audit_event_record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.ANONYMITY_THRESHOLD_CHANGED,
            target=f"Listen thresholds: {thresholds.figures} for figures, {thresholds.comments} for comments",
            details={"before": before, "after": after},
        )
    return saved


# Organisation items


@transaction.atomic
def listen_item_add(*, organisation, by, text: str) -> OrganisationItem:
    """Raises question_bank.BankError when the text is empty or too long."""
    key = OrganisationItem.new_key()
    checked = question_bank.organisation_item(key=key, text=text)
    item = OrganisationItem.objects.create(organisation=organisation, key=key, text=checked.text)
    audit_event_record(actor=by, organisation=organisation, action=AuditEvent.Action.PULSE_QUESTION_ADDED, target=text)
    return item


@transaction.atomic
def listen_item_edit(*, item: OrganisationItem, by, text: str) -> OrganisationItem:
    checked = question_bank.organisation_item(key=item.key, text=text)
    before = item.text
    item.text = checked.text
    item.save(update_fields=["text", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=item.organisation,
        action=AuditEvent.Action.PULSE_QUESTION_CHANGED,
        target=item.text,
        details={"before": before},
    )
    return item


@transaction.atomic
def listen_item_archive(*, item: OrganisationItem, by, archived: bool = True) -> OrganisationItem:
    item.is_archived = archived
    item.save(update_fields=["is_archived", "updated_at"])
    audit_event_record(
        actor=by,
        organisation=item.organisation,
        action=AuditEvent.Action.PULSE_QUESTION_CHANGED,
        target=item.text,
        details={"archived": archived},
    )
    return item
