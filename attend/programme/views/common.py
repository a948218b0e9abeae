"""What every Programme page shares: the role checks, the submitted form data and the link back to a cohort."""

from django.urls import reverse

from attend.organisations.models import Role
from attend.organisations.permissions import role_required

facilitator_required = role_required(Role.FACILITATOR)
report_reader_required = role_required(Role.FACILITATOR, Role.ADMIN)


def programme_back_link() -> dict:
    return {"href": reverse("programme:index"), "text": "Programme"}


def cohort_back_link(cohort) -> dict:
    return {"href": reverse("programme:cohort", args=[cohort.pk]), "text": cohort.name}
