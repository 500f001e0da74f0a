"""The API's error answers: JSON, in Chinese, naming the field and the rule, never echoing the input."""

from decimal import InvalidOperation

from django.db import DataError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.core.middleware import BAD_CHARACTER, OUT_OF_RANGE

# pydantic's error types (by prefix) in words an agency's programmer understands.
MESSAGES = [
    ("missing", "缺少必填字段"),
    ("extra_forbidden", "不允许的字段"),
    ("string_too_long", "文本过长：不能超过 {max_length} 个字符"),
    ("string_too_short", "文本过短：至少 {min_length} 个字符"),
    ("too_long", "条目过多：不能超过 {max_length} 项"),
    ("too_short", "条目过少：至少 {min_length} 项"),
    ("string_type", "应为文本"),
    ("string_pattern_mismatch", "格式不符合要求"),
    ("int_", "应为整数"),
    ("float_", "应为数字"),
    ("decimal_", "应为数字（如 52120.00）"),
    ("bool_", "应为 true 或 false"),
    ("date_from_datetime_inexact", "应为日期，不带时间（如 2025-03-18）"),
    ("date", "应为有效日期（如 2025-03-18）"),
    ("datetime", "应为有效的日期时间（如 2025-09-28T10:00:00+08:00）"),
    ("time", "应为有效的时间"),
    ("list_type", "应为列表（JSON 数组）"),
    ("dict_type", "应为对象（JSON 对象）"),
    ("model_type", "应为对象（JSON 对象）"),
    ("model_attributes_type", "应为对象（JSON 对象）"),
    ("json_invalid", "请求体不是有效的 JSON"),
    ("literal_error", "取值不在允许的范围内"),
    ("enum", "取值不在允许的范围内"),
    ("greater_than", "数值过小"),
    ("less_than", "数值过大"),
    ("value_error", "取值无效"),
]
PLACES = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}


def chinese(error: dict) -> dict:
    kind = error.get("type", "")
    template = next((text for prefix, text in MESSAGES if kind.startswith(prefix)), "取值无效")
    try:
        message = template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        message = template
    loc = [str(part) for part in error.get("loc", []) if part != "payload"]
    where = PLACES.get(loc[0], loc[0]) if loc else ""
    field = ".".join(loc[1:])
    return {"loc": error.get("loc", []), "type": kind, "msg": f"{where}“{field}”：{message}" if field else message}


def install(api) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        return api.create_response(request, {"detail": [chinese(e) for e in exc.errors]}, status=422)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=403)

    @api.exception_handler(DomainError)
    def domain_error(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=400)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "未找到该对象，或您无权查看"}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {"detail": "需要登录会话或接口令牌（Authorization: Bearer …）"}, status=401)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        text = {400: "请求有误", 403: "无权进行此操作", 405: "不支持此请求方法", 429: "请求过于频繁"}
        message = str(exc) if any("\u4e00" <= c <= "\u9fff" for c in str(exc)) else text.get(exc.status_code, "请求有误")
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(OverflowError)
    def overflow(request, exc):
        return api.create_response(request, {"detail": OUT_OF_RANGE}, status=400)

    @api.exception_handler(InvalidOperation)
    def bad_decimal(request, exc):
        return api.create_response(request, {"detail": OUT_OF_RANGE}, status=400)

    @api.exception_handler(DataError)
    def data_error(request, exc):
        return api.create_response(request, {"detail": OUT_OF_RANGE}, status=400)

    @api.exception_handler(UnicodeError)
    def bad_text(request, exc):
        return api.create_response(request, {"detail": BAD_CHARACTER}, status=400)
