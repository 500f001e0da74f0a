def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_is_admin": user.is_platform_admin,
        "nav_agency": user.agency,
    }
