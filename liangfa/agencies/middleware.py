"""Between the password and the site: the one-time code (when needed) and a forced password change."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from liangfa.agencies.access import subtrees_remembered
from liangfa.agencies.second_factor import needs_second_factor

OPEN_PATHS = ("/login/", "/logout/", "/account/", "/static/")


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(OPEN_PATHS):
            if needs_second_factor(request) and not user.is_verified():
                return self._stop(request, "account_otp", "请先输入动态口令（双因素认证）。")
            if user.must_change_password:
                return self._stop(request, "account_password", "管理员重置了您的密码，请先设置新密码。")
        return self.get_response(request)

    @staticmethod
    def _stop(request, url_name: str, message: str):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return redirect(f"{reverse(url_name)}?next={request.get_full_path()}")


class AgencyTreeMiddleware:
    """Each organ's subtree (who sees what) is looked up once per request (agencies/access.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with subtrees_remembered():
            return self.get_response(request)
