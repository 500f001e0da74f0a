def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    from liangfa.clock.models import Notification
    from liangfa.cooperation.services import unread_count

    return {
        "nav_is_admin": user.is_platform_admin,
        "nav_agency": user.agency,
        "nav_unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        "nav_unread_messages": unread_count(user) if user.agency_id else 0,
    }
