"""Answers for input no view should see, and the Permissions-Policy header."""

import json
import re
from decimal import InvalidOperation

from django.conf import settings
from django.db import DataError
from django.http import HttpResponse, JsonResponse

NUL_OR_SURROGATE = re.compile(r"[\x00\ud800-\udfff]")
# A JSON body may spell them as escapes: \u0000 or a UTF-16 half (\ud800–\udfff).
JSON_ESCAPES = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
BAD_CHARACTER = "提交的内容含有不允许的字符（空字符或无效的 Unicode 代理字符），请删除后重试。"
OUT_OF_RANGE = "提交的数值或日期超出允许范围（如过大的数字、9999 年以后的日期），请检查后重试。"


def _bad_request(request, message: str, status: int = 400):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(f"<!doctype html><meta charset=utf-8><title>请求有误</title><p>{message}</p>",
                        status=status, content_type="text/html; charset=utf-8")


def _has_bad_character(querydict) -> bool:
    return any(NUL_OR_SURROGATE.search(key) or any(NUL_OR_SURROGATE.search(v) for v in values)
               for key, values in querydict.lists())


class BadInputMiddleware:
    """NUL bytes and lone surrogates cannot be stored (PostgreSQL refuses them, UTF-8 cannot encode them):
    refuse them at the door with a Chinese 400. Values out of every range (1e999999, year 10000, a
    20-digit period) that a form or schema missed end as a 400 too, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL_OR_SURROGATE.search(request.path) or _has_bad_character(request.GET):
            return _bad_request(request, BAD_CHARACTER)
        if request.method == "POST":
            content_type = request.content_type or ""
            if content_type == "application/json" and JSON_ESCAPES.search(request.body):
                return _bad_request(request, BAD_CHARACTER)
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data") and \
                    _has_bad_character(request.POST):
                return _bad_request(request, BAD_CHARACTER)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | InvalidOperation | DataError):
            return _bad_request(request, OUT_OF_RANGE)
        if isinstance(exception, UnicodeError | json.JSONDecodeError):
            return _bad_request(request, BAD_CHARACTER)
        return None


class PermissionsPolicyMiddleware:
    """Tells the browser the platform uses no camera, microphone, location… (Permissions-Policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
