"""The JSON API (django-ninja; OpenAPI at /api/docs). Each app contributes a router."""

from ninja import NinjaAPI

from liangfa.accountability.api import router as accountability_router
from liangfa.agencies.api import router as agencies_router
from liangfa.agencies.api_auth import API_AUTH
from liangfa.api_errors import install as install_error_handlers
from liangfa.cases.api import router as cases_router
from liangfa.cases.party_api import router as parties_router
from liangfa.clock.api import router as clock_router
from liangfa.decisions.api import router as decisions_router
from liangfa.dossiers.api import router as dossiers_router
from liangfa.evaluation.api import router as evaluation_router
from liangfa.meetings.api import router as meetings_router
from liangfa.portal.api import router as public_router
from liangfa.review.api import router as review_router
from liangfa.screening.api import router as clues_router
from liangfa.supervision.api import router as supervision_router
from liangfa.transfers.api import router as transfers_router

# Every operation may answer these, whatever its own responses say (liangfa/api_errors.py).
ERROR_SCHEMA = {"type": "object", "properties": {"detail": {"anyOf": [
    {"type": "string"}, {"type": "array", "items": {"type": "object"}}]}}, "required": ["detail"]}
ERRORS = {"400": "请求有误（含不允许的字符、超出范围的数值）", "401": "需要登录会话或接口令牌",
          "403": "无权进行此操作", "404": "未找到该对象，或无权查看", "422": "字段校验未通过"}


class LiangfaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                responses = {str(code): answer for code, answer in operation.get("responses", {}).items()}
                operation["responses"] = responses
                for status, description in ERRORS.items():
                    answer = {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
                    if str(status) not in responses:
                        responses[str(status)] = answer
                    else:  # an operation's own 422 (e.g. rejected rows) or the validation error
                        own = responses[str(status)]["content"]["application/json"]["schema"]
                        responses[str(status)]["content"]["application/json"]["schema"] = {"anyOf": [own, ERROR_SCHEMA]}
        return schema


api = LiangfaAPI(title="liangfa 两法衔接平台 API", version="1", auth=API_AUTH, urls_namespace="api")
api.add_router("/cases", cases_router)
api.add_router("/parties", parties_router)
api.add_router("/agencies", agencies_router)
api.add_router("/clock", clock_router)
api.add_router("/transfers", transfers_router)
api.add_router("/clues", clues_router)
api.add_router("/supervisions", supervision_router)
api.add_router("/review", review_router)
api.add_router("/evaluations", evaluation_router)
api.add_router("/meetings", meetings_router)
api.add_router("/decisions", decisions_router)
api.add_router("/public", public_router)
api.add_router("/dossiers", dossiers_router)
api.add_router("/accountability", accountability_router)


install_error_handlers(api)
