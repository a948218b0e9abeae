"""Who may see what in Nudges: the one place these rules live.

A notification is its recipient's alone: reached only through the person it was written for. Anything else is
Notification.DoesNotExist (and so a 404), whoever asks.
"""

from attend.nudges.models import Notification


def notification_for(user, notification_id) -> Notification:
    """Raises Notification.DoesNotExist unless the notification was written for `user`."""
    return user.notifications.get(pk=notification_id)
