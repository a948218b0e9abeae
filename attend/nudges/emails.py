"""The emails themselves: short, plain, accessible, text and HTML, carrying only what a thing is and a link.

Every email says how to stop it: a one-click unsubscribe (RFC 8058) in its headers and a link in its body,
for the kind of reminder it is (or, for a digest, for all of Attend's reminder emails).
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from attend.core.formatting import counted
from attend.core.mail import Email
from attend.nudges.kinds import LABELS
from attend.nudges.models import EmailDelivery

UNSUBSCRIBE_SALT = "attend.nudges.unsubscribe"
ALL_KINDS = "*"


def unsubscribe_token(person, kind: str | None) -> str:
    """Signed, not stored: it names one person and one kind, and keeps working for as long as emails do."""
    return signing.dumps({"person": str(person.pk), "kind": kind or ALL_KINDS}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str | None]:
    """(person id, kind or None for every kind); raises signing.BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    kind = data["kind"]
    if kind != ALL_KINDS and kind not in LABELS:
        raise signing.BadSignature("unknown kind")
    return data["person"], None if kind == ALL_KINDS else kind


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _subject(delivery: EmailDelivery, notifications) -> str:
    if delivery.kind == EmailDelivery.Kind.TIME_CRITICAL:
        return notifications[0].title
    count = len(notifications)
    return f"Attend: {counted(count, 'thing')} for you"


def email_for(delivery: EmailDelivery) -> EmailMultiAlternatives:
    person = delivery.person
    notifications = list(delivery.notifications.order_by("created_at"))
    single_kind = notifications[0].kind if delivery.kind == EmailDelivery.Kind.TIME_CRITICAL else None
    unsubscribe = _absolute(reverse("nudges:unsubscribe", args=[unsubscribe_token(person, single_kind)]))
    context = {
        "stop": "Stop these emails" if single_kind else "Stop Attend's emails",
        "name": person.first_name,
        "items": [{"title": item.title, "link": _absolute(item.link)} for item in notifications],
        "digest": delivery.kind == EmailDelivery.Kind.DIGEST,
        "about": LABELS[single_kind] if single_kind else "",
        "unsubscribe": unsubscribe,
        "preferences": _absolute(reverse("nudges:preferences")),
    }
    # Email keeps lines whole: mail providers read List-Unsubscribe only as a plain <URL>, never an encoded word.
    message = Email(
        subject=_subject(delivery, notifications),
        body=render_to_string("nudges/email/message.txt", context),
        to=[person.email],
        headers={
            "Message-ID": delivery.message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("nudges/email/message.html", context), "text/html")
    return message
