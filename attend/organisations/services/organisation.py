"""Creating an organisation and the choices its admins make for it: NHS identity, who must use security codes,
hiding the first-day checklist."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from attend.accounts.models import User
from attend.core.models import AuditEvent
from attend.core.services import audit_event_record
from attend.core.validators import clean_model_text
from attend.organisations.adding import people_add, people_to_add
from attend.organisations.invitations import invitation_link_mint
from attend.organisations.models import (
    Invitation,
    Organisation,
    Role,
)


@dataclass(frozen=True)
class OrganisationCreated:
    organisation: Organisation
    invitation: Invitation
    link: str  # the admin's invitation link: its token is in this value and, hashed, in the database, nowhere else


@transaction.atomic
def organisation_create(
    *, name: str, is_nhs: bool, admin_name: str, admin_email: str, base_url: str
) -> OrganisationCreated:
    """A new organisation and the invitation for its first organisation admin, who becomes the admin by accepting
    it (an address with an account elsewhere accepts signed in as themselves, like anyone invited).

    `is_nhs` has no default: whether the header may carry the NHS logo is asked of every new organisation.

    Nothing is queued: the caller (manage.py organisation_create) prints the link and may email that same link
    with invitations.invitation_email_deliver, so a self-hoster without a mail server can still start.
    """
    name = clean_model_text(Organisation, "name", name.strip())
    slug = slugify(name)[:70] or "organisation"
    if Organisation.objects.filter(slug=slug).exists():
        slug = f"{slug}-{Organisation.objects.filter(slug__startswith=slug).count() + 1}"
    organisation = Organisation.objects.create(name=name, slug=slug, is_nhs=is_nhs)
    [admin] = people_to_add([(admin_email, admin_name, {Role.ADMIN}, None)])
    [added] = people_add(organisation=organisation, people=[admin], by=None, base_url=base_url, queue_emails=False)
    link = invitation_link_mint(invitation=added.invitation, base_url=base_url)
    return OrganisationCreated(organisation=organisation, invitation=added.invitation, link=link)


def organisation_identity_set(*, organisation: Organisation, is_nhs: bool, by: User) -> Organisation:
    """Whether the organisation is part of the NHS, and so whether its pages carry the NHS logo."""
    return _setting_change(
        organisation, "is_nhs", is_nhs, by=by, action=AuditEvent.Action.NHS_IDENTITY_CHANGED, detail="is_nhs"
    )


def organisation_two_factor_rule_set(*, organisation: Organisation, rule: str, by: User) -> Organisation:
    """Who in the organisation must sign in with a second factor (docs/adr/0028). Enforced on every page by
    `accounts.two_factor.middleware`."""
    return _setting_change(
        organisation,
        "two_factor_required_for",
        rule,
        by=by,
        action=AuditEvent.Action.TWO_FACTOR_POLICY_CHANGED,
        detail="required_for",
    )


@transaction.atomic
def _setting_change(organisation: Organisation, field: str, value, *, by: User, action, detail: str) -> Organisation:
    """One setting of the organisation and its line in the audit log, together; setting it as it is changes
    nothing and logs nothing."""
    # Read again under a lock: two admins changing it at once take turns, and the second finds it already set.
    if getattr(Organisation.objects.select_for_update().only(field).get(pk=organisation.pk), field) == value:
        setattr(organisation, field, value)
        return organisation
    setattr(organisation, field, value)
    organisation.save(update_fields=[field, "updated_at"])
    audit_event_record(
        actor=by, organisation=organisation, action=action, target=organisation.name, details={detail: value}
    )
    return organisation


@transaction.atomic
def first_day_checklist_dismiss(*, organisation: Organisation, by: User) -> Organisation:
    """Hide the first-day checklist for every admin of the organisation. Twice is once."""
    updated = Organisation.objects.filter(pk=organisation.pk, first_day_dismissed_at__isnull=True).update(
        first_day_dismissed_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        audit_event_record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.FIRST_DAY_CHECKLIST_DISMISSED,
            target=organisation.name,
        )
    organisation.refresh_from_db(fields=["first_day_dismissed_at"])
    return organisation
