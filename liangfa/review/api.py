"""网上办案 over the API: the organ's cases handled online, one case with its reviews and dissents, each step by name
(the same table as the pages: review/actions.py), and the dissent register."""

from datetime import datetime

from ninja import Body, Router, Schema

from liangfa.agencies.api_auth import require_user
from liangfa.core.errors import DomainError
from liangfa.review import dissent, services
from liangfa.review.actions import ACTIONS, run_action

router = Router(tags=["网上办案"])


class HandledOut(Schema):
    id: int
    filing_no: str
    decision_no: str | None
    party: str
    violation_type: str
    step: str
    step_label: str
    proposed_at: datetime
    decided_at: datetime | None
    reviews: list[dict]

    @staticmethod
    def resolve_decision_no(obj):
        return obj.case.decision_no if obj.decided_at else None

    @staticmethod
    def resolve_party(obj):
        return obj.party_name

    @staticmethod
    def resolve_step_label(obj):
        return obj.get_step_display()

    @staticmethod
    def resolve_reviews(obj):
        return [{"round": r.round, "result": r.result, "reasons": r.reasons, "findings": r.findings,
                 "reviewer": r.reviewer.display_name if r.reviewer else None} for r in obj.reviews.all()]


class DissentOut(Schema):
    id: int
    case: str
    kind: str
    holder: str
    opinion: str
    reasons: str
    recorded_at: datetime
    outcomes: list[str]

    @staticmethod
    def resolve_case(obj):
        return obj.case.decision_no

    @staticmethod
    def resolve_holder(obj):
        return obj.holder_name

    @staticmethod
    def resolve_outcomes(obj):
        return [f"{r.get_kind_display()}：{r.get_result_display()}" for r in obj.case.remedies.all()]


@router.get("/cases", response=list[HandledOut], summary="网上办理的案件")
def list_handled(request, step: str = ""):
    handled = services.visible_handled(require_user(request))
    return handled.filter(step=step)[:300] if step else handled[:300]


@router.get("/cases/{handled_id}", response=HandledOut)
def get_handled(request, handled_id: int):
    return services.get_handled_for_user(require_user(request), handled_id)


@router.post("/cases/{handled_id}/{action}", response=HandledOut, summary="、".join(ACTIONS))
def act(request, handled_id: int, action: str, payload: Body[dict]):
    user = require_user(request)
    handled = services.get_handled_for_user(user, handled_id)
    if action == "material":
        raise DomainError("证据材料请在页面上传")
    run_action(handled, action, user, payload)
    return services.get_handled_for_user(user, handled_id)


@router.get("/dissents", response=list[DissentOut], summary="不同意见备案登记簿")
def dissents(request, q: str = "", kind: str = ""):
    return dissent.dissent_register(require_user(request), q=q, kind=kind)[:300]
