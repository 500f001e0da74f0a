"""What the header of every page shows: the menu this person may use and their unread counts."""

from liangfa.agencies.permissions import is_admin, may_import
from liangfa.clock.models import Notification
from liangfa.cooperation.services import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_is_admin": is_admin(user),
        "nav_may_import": is_admin(user) or (user.agency_id is not None and may_import(user, user.agency)),
        "nav_agency": user.agency,
        "nav_unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        "nav_unread_messages": unread_count(user) if user.agency_id else 0,
    }
