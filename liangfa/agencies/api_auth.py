"""API authentication: an agency token (Authorization: Bearer …) or a logged-in session (with CSRF)."""

from ninja.security import HttpBearer, django_auth

from liangfa.agencies.tokens import holder_of
from liangfa.core.errors import PermissionDenied


class AgencyToken(HttpBearer):
    def authenticate(self, request, token):
        holder = holder_of(token)
        if holder is None:
            return None
        request.token_agency, request.token_may_read = holder.agency, holder.may_read
        return holder.agency


API_AUTH = [AgencyToken(), django_auth]


def api_user(request):
    """The logged-in user, or None when an agency token authenticated the call."""
    if getattr(request, "token_agency", None) is not None:
        return None
    return request.user


def require_user(request):
    """Endpoints that read across the registry need a person, not a machine token."""
    user = api_user(request)
    if user is None:
        raise PermissionDenied("接口令牌只能用于推送本机关案件；查询请使用登录会话")
    return user


def token_reading(request):
    """The agency whose read-scoped token authenticated the call; a push-only token may not read."""
    agency = token_agency(request)
    if agency is not None and not getattr(request, "token_may_read", False):
        raise PermissionDenied("该接口令牌只能推送案件，不能查询；如需查询，请管理员签发查询权限的令牌")
    return agency


def token_agency(request):
    """The agency whose token authenticated the call, or None for a session."""
    return getattr(request, "token_agency", None)
