"""The JSON API (django-ninja; OpenAPI at /api/docs). Each app contributes a router."""

from ninja import NinjaAPI

from liangfa.agencies.api import router as agencies_router
from liangfa.agencies.api_auth import API_AUTH
from liangfa.cases.api import router as cases_router
from liangfa.cases.party_api import router as parties_router
from liangfa.clock.api import router as clock_router
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.decisions.api import router as decisions_router
from liangfa.meetings.api import router as meetings_router
from liangfa.screening.api import router as clues_router
from liangfa.supervision.api import router as supervision_router
from liangfa.transfers.api import router as transfers_router

api = NinjaAPI(title="liangfa 两法衔接平台 API", version="1", auth=API_AUTH, urls_namespace="api")
api.add_router("/cases", cases_router)
api.add_router("/parties", parties_router)
api.add_router("/agencies", agencies_router)
api.add_router("/clock", clock_router)
api.add_router("/transfers", transfers_router)
api.add_router("/clues", clues_router)
api.add_router("/supervisions", supervision_router)
api.add_router("/meetings", meetings_router)
api.add_router("/decisions", decisions_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(DomainError)
def domain_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)
