from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, Router, Schema

from liangfa.agencies.api_auth import require_user
from liangfa.meetings import services

router = Router(tags=["联席会议"])


class ActionOut(Schema):
    id: int
    meeting: str
    text: str
    owner_agency: str
    owner: str
    due_date: date
    state: str
    result: str

    @staticmethod
    def resolve_meeting(obj):
        return obj.meeting.title

    @staticmethod
    def resolve_owner_agency(obj):
        return obj.owner_agency.name

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.display_name

    @staticmethod
    def resolve_state(obj):
        return services.action_state(obj, timezone.now())


class CloseIn(Schema):
    result: str


@router.get("/actions", response=list[ActionOut], summary="议定事项（本机关可见的会议）")
def list_actions(request, mine: bool = False):
    user = require_user(request)
    actions = services.visible_actions(user)
    return (actions.filter(owner_agency_id=user.agency_id) if mine else actions)[:500]


@router.post("/actions/{action_id}/close", response=ActionOut, summary="办结议定事项")
def close_action(request, action_id: int, payload: CloseIn = Body(...)):
    user = require_user(request)
    item = get_object_or_404(services.visible_actions(user), pk=action_id)
    return services.close_action(item, actor=user, result=payload.result)
