"""What more than one of Connect's journeys uses: finding the asker's pairing, or a 404."""

from attend.connect import access
from attend.connect.models import Pairing
from attend.core.access import current_organisation, or_404


def pairing_or_404(request, pairing_id, *, leader_only=False) -> Pairing:
    """A pairing the asker is in (or leads, with `leader_only`); anything else is a 404, admins included."""
    finder = access.led_pairing_for if leader_only else access.pairing_for
    return or_404(finder, request.user, current_organisation(request), pairing_id)
