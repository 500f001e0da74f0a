from datetime import datetime

from ninja import Body, Router

from liangfa.agencies.api_auth import require_user
from liangfa.cases.schemas import OnCaseOut
from liangfa.clock.api import DeadlineOut
from liangfa.clock.services import deadlines_for
from liangfa.transfers import outcomes, services
from liangfa.transfers.actions import run_action

router = Router(tags=["案件移送"])


class TransferOut(OnCaseOut):
    id: int
    police: str
    procuratorate: str | None
    status: str
    status_label: str
    suspected_crime: str
    delivered_at: datetime | None
    filed_with_procuratorate_at: datetime | None
    department: str | None  # 承办部门: the 管辖 table's on 受理, or the 负责人's (before 受理: the agency's suggestion)
    routing_basis: str

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_police(obj):
        return obj.police.name

    @staticmethod
    def resolve_procuratorate(obj):
        return obj.procuratorate.name if obj.procuratorate_id else None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class TransferDetailOut(TransferOut):
    deadlines: list[DeadlineOut]
    outcomes: list[dict]  # 逮捕, 起诉, 判决 with the 折抵 of 《行政处罚法》第三十五条 (transfers/outcomes.py)

    @staticmethod
    def resolve_outcomes(obj):
        return outcomes.as_data(obj)

    @staticmethod
    def resolve_deadlines(obj):
        return list(deadlines_for(obj))


@router.get("", response=list[TransferOut], summary="移送案件（检察院：备案登记）")
def list_transfers(request, status: str = ""):
    queryset = services.visible_transfers(require_user(request))
    if status:
        queryset = queryset.filter(status=status)
    return queryset[:500]


@router.get("/{transfer_id}", response=TransferDetailOut, summary="移送案件详情及其法定期限")
def get_transfer(request, transfer_id: int):
    return services.get_transfer_for_user(require_user(request), transfer_id)


@router.post("/{transfer_id}/{action}", response=TransferDetailOut,
             summary="办理一步（submit, approve, refuse, deliver, sign, reassign, forward, materials, cure, extend, file, "
                     "not_file, reconsider, reconsider_decide, supervise, handover, stage, arrest, indict, judgment, "
                     "judgment_effective, move, notify_moved, notify_withdrawn, out_of_duty, add_item, generate …）")
def act(request, transfer_id: int, action: str, payload: Body[dict]):
    user = require_user(request)
    transfer = services.get_transfer_for_user(user, transfer_id)
    run_action(action, transfer, user, payload)
    return services.get_transfer_for_user(user, transfer_id)
