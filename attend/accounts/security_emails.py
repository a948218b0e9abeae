"""Security emails: a person is told at once about a change to how they sign in (docs/adr/0028). Sent by the
`accounts.tasks.security_email_send` task, never as a nudge, so they cannot be switched off or held back."""

import datetime
import zoneinfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from attend.accounts.models import User
from attend.core.mail import Email

SECURITY_EMAILS = {
    "recovery_codes_replaced": (
        "New recovery codes for your Attend account",
        "accounts/email/recovery_codes_replaced.txt",
    ),
    "two_factor_reset_by_admin": (
        "Your Attend two-factor authentication has been reset",
        "accounts/email/two_factor_reset_by_admin.txt",
    ),
    "single_sign_on_forgotten": (
        "Your Attend account will be linked to your work account again",
        "accounts/email/single_sign_on_forgotten.txt",
    ),
}


def security_email_deliver(*, user_id: str, what: str, about: dict | None = None) -> None:
    """Send one security email to an active account, now, in this process (the worker calls it).

    `about` is what the email says happened, as the task's JSON arguments: names and counts, never a secret. Its
    "at" (an ISO 8601 time) is shown in the person's own time zone."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    subject, template = SECURITY_EMAILS[what]
    site = settings.SITE_URL.rstrip("/")
    context = {
        **(about or {}),
        "user": user,
        "account_link": site + reverse("accounts:account"),
        "sign_in_link": site + reverse("accounts:sign_in"),
    }
    if "at" in context:
        context["at"] = timezone.localtime(
            datetime.datetime.fromisoformat(context["at"]), zoneinfo.ZoneInfo(user.time_zone)
        )
    Email(subject=subject, body=render_to_string(template, context), to=[user.email]).send()
