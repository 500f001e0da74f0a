from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, Router, Schema, Status

from liangfa.accountability import services
from liangfa.accountability.choices import GROUND_BASIS, REFERRAL_BASIS
from liangfa.accountability.views import chosen_records
from liangfa.agencies.api_auth import require_user
from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import may_open_accountability, require
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param

router = Router(tags=["以罚代刑责任追究"])


class EvidenceRow(Schema):
    time: datetime
    what: str
    note: str


class FileOut(Schema):
    id: int
    agency: str
    ground: str
    ground_label: str
    basis: str
    decision_no: str
    clue_id: int | None
    transfer_id: int | None
    facts: str
    responsible: str
    evidence: str
    status: str
    status_label: str
    opened_by_agency: str
    opened_at: datetime
    referral_kind: str
    referral_basis: str
    referred_to: str
    referred_at: datetime | None
    outcome: str
    outcome_label: str
    outcome_note: str
    concluded_at: datetime | None

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.name

    @staticmethod
    def resolve_ground_label(obj):
        return obj.get_ground_display()

    @staticmethod
    def resolve_basis(obj):
        return GROUND_BASIS[obj.ground]

    @staticmethod
    def resolve_decision_no(obj):
        return obj.case.decision_no

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_opened_by_agency(obj):
        return obj.opened_by_agency.name

    @staticmethod
    def resolve_referral_basis(obj):
        return REFERRAL_BASIS.get(obj.referral_kind, "")

    @staticmethod
    def resolve_referred_to(obj):
        return obj.referred_to.name if obj.referred_to_id else ""

    @staticmethod
    def resolve_outcome_label(obj):
        return obj.get_outcome_display()


class FileDetailOut(FileOut):
    timeline: list[EvidenceRow]

    @staticmethod
    def resolve_timeline(obj):
        return services.evidence_rows(obj)


class FileIn(Schema):
    ground: str
    facts: str
    responsible: str
    evidence: str = ""
    clue_id: int | None = None
    transfer_id: int | None = None


def _get(user, file_id):
    item = get_object_or_404(services.visible_files(user), pk=file_id)
    services.read_file(user, item, via="接口")
    return item


@router.get("", response=list[FileOut], summary="问责卷（本机关立卷的，或移送本机关的）")
def list_files(request):
    user = require_user(request)
    files = list(services.visible_files(user)[:300])
    services.read_list(user, files, via="接口")
    return files


@router.post("", response={201: FileDetailOut}, summary="立问责卷（ground：untransferred 应移未移、late 逾期移送、refused 无正当理由不移送）")
def open_file(request, payload: FileIn):
    user = require_user(request)
    now = timezone.now()
    require(may_open_accountability(user), "只有人民检察院的检察官、司法行政机关或监察机关的工作人员可以立问责卷")
    clue, transfer = chosen_records(user, {"clue": payload.clue_id, "transfer": payload.transfer_id}, now)
    item = services.open_file(actor=user, ground=payload.ground, facts=payload.facts, responsible=payload.responsible,
                              evidence=payload.evidence, clue=clue, transfer=transfer, now=now)
    return Status(201, item)


@router.get("/{file_id}", response=FileDetailOut, summary="问责卷及其证据时间线（跨机关查阅留回执）")
def get_file(request, file_id: int):
    return _get(require_user(request), file_id)


@router.post("/{file_id}/{action}", response=FileDetailOut,
             summary="amend（responsible、evidence）、refer（kind、to：机关编号）、conclude（outcome、note）")
def act(request, file_id: int, action: str, payload: Body[dict]):
    user = require_user(request)
    item = get_object_or_404(services.visible_files(user), pk=file_id)
    data = {k: v if isinstance(v, str) else str(v) for k, v in payload.items() if isinstance(v, str | int)} \
        if isinstance(payload, dict) else {}
    if action == "amend":
        services.amend(item, actor=user, responsible=data.get("responsible", ""), evidence=data.get("evidence", ""))
    elif action == "refer":
        to = Agency.objects.filter(pk=id_param(data.get("to"))).first()
        services.refer(item, actor=user, kind=data.get("kind", ""), to=to, note=data.get("note", ""))
    elif action == "conclude":
        services.conclude(item, actor=user, outcome=data.get("outcome", ""), note=data.get("note", ""))
    else:
        raise DomainError(f"未知的操作：{action[:40]}")
    return _get(user, file_id)
