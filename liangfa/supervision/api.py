from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Body, Router, Schema

from liangfa.agencies.api_auth import require_user
from liangfa.clock.services import deadlines_for
from liangfa.core.errors import DomainError
from liangfa.supervision import services
from liangfa.supervision.views import ACTIONS
from liangfa.transfers.api import DeadlineOut

router = Router(tags=["检察监督"])


class SupervisionOut(Schema):
    id: int
    subject: str
    police: str
    status: str
    status_label: str
    may_issue_correction: bool
    may_issue_urge: bool
    created_at: datetime
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_police(obj):
        return obj.police.name

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_may_issue_correction(obj):
        return services.may_issue_correction(obj)

    @staticmethod
    def resolve_may_issue_urge(obj):
        return services.may_issue_urge(obj)

    @staticmethod
    def resolve_deadlines(obj):
        return list(deadlines_for(obj))


@router.get("", response=list[SupervisionOut], summary="立案监督案件")
def list_supervisions(request):
    return services.visible_supervisions(require_user(request))[:300]


@router.get("/{supervision_id}", response=SupervisionOut)
def get_supervision(request, supervision_id: int):
    return get_object_or_404(services.visible_supervisions(require_user(request)), pk=supervision_id)


@router.post("/{supervision_id}/{action}", response=SupervisionOut,
             summary="answer（reasons）、accept、notify、file（decision_no）、correction、urge、conclude")
def act(request, supervision_id: int, action: str, payload: Body[dict]):
    user = require_user(request)
    supervision = get_object_or_404(services.visible_supervisions(user), pk=supervision_id)
    if action not in ACTIONS:
        raise DomainError(f"未知的操作：{action}")
    ACTIONS[action](supervision, user, payload)
    return get_object_or_404(services.visible_supervisions(user), pk=supervision_id)
