from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Body, Field, Router, Schema

from liangfa.agencies.api_auth import require_user
from liangfa.cases.schemas import OnCaseOut
from liangfa.cases.services import get_case_for_user
from liangfa.screening import services
from liangfa.screening.figures import figure_sources
from liangfa.screening.models import NetworkClue
from liangfa.screening.networks import BASIS, decide_network_clue, read_network_clues, visible_network_clues
from liangfa.screening.tax import GATE_CITATION

router = Router(tags=["线索"])


class ClueOut(OnCaseOut):
    id: int
    party: str
    rule_key: str
    crime_name: str
    article: str
    standard: str
    confidence: str
    kind: str
    metric: str
    metric_cn: str
    value: Decimal | None
    threshold: Decimal | None
    reduced: bool
    priors: list
    prior_count: int
    added_up: list
    added_count: int
    needs_review: bool
    checks: list
    reason: str
    status: str
    status_label: str
    updated_at: datetime
    figure_sources: list = Field(description="线索数值的出处：导入的数据列，或从违法事实/处罚内容中识别（含原文位置、句子、"
                                            "是否已人工核实；未核实的须核实后据以判断）")

    @staticmethod
    def resolve_figure_sources(obj):
        return figure_sources(obj)

    @staticmethod
    def resolve_priors(obj):
        return obj.prior_listing

    @staticmethod
    def resolve_added_up(obj):
        return obj.added_listing

    @staticmethod
    def resolve_party(obj):
        return obj.party.name

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


@router.get("", response=list[ClueOut], summary="线索（检察院：应移未移）")
def list_clues(request, status: str = "", agency: str = ""):
    clues = services.visible_clues(require_user(request))
    if status:
        clues = clues.filter(status=status)
    if agency:
        clues = clues.filter(agency__code=agency)
    return services.listed_for(request.user, list(clues.order_by("-updated_at")[:1000]))


class TaxNoticeIn(Schema):
    document_no: str
    issued_on: date
    complied: bool


class TaxNoticeOut(Schema):
    case_id: int
    document_no: str
    issued_on: date
    complied: bool
    clues: list[dict]
    citation: str


@router.post("/tax-notice/{case_id}", response=TaxNoticeOut,
             summary="逃税：记录追缴通知及是否按期补缴（本案税务机关；刑法第二百零一条第四款）")
def tax_notice(request, case_id: int, payload: TaxNoticeIn):
    user = require_user(request)
    case = get_case_for_user(user, case_id)
    notice = services.record_tax_notice(case, actor=user, issued_on=payload.issued_on,
                                        document_no=payload.document_no, complied=payload.complied)
    clues = [{"id": c.pk, "crime_name": c.crime_name, "kind": c.get_kind_display(), "status": c.get_status_display()}
             for c in services.visible_clues(user).filter(case=case)]
    return {"case_id": case.pk, "document_no": notice.document_no, "issued_on": notice.issued_on,
            "complied": notice.complied, "clues": clues, "citation": GATE_CITATION}


class NetworkClueOut(Schema):
    id: int
    rule_key: str
    crime_name: str
    article: str
    standard: str
    metric: str
    metric_cn: str
    unit: str
    threshold: Decimal
    total: Decimal
    cases: list
    parties: list
    evidence: list
    edges: list = Field(description="每条关联：两个当事人及关联依据（不含证件号、地址、电话本身）")
    capped_at: int | None = Field(description="关联网络检索在此当事人数处停止（网络更大）；null 为完整网络")
    needs_review: bool = True
    checks: list
    reason: str
    basis: str = Field(BASIS, description="提示的依据与可信度")
    status: str
    status_label: str
    decided_reason: str
    decided_at: datetime | None
    created_at: datetime
    events: list = Field(description="处理经过：时间、办理人、事项、原状态、新状态、说明")

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_events(obj):
        return [{"time": e.time, "actor": e.actor_name, "step": e.label, "from": e.get_from_status_display(),
                 "to": e.get_to_status_display(), "note": e.note} for e in obj.events.all()]


class NetworkDecisionIn(Schema):
    to: str = Field(description="checking（核查中）、converted（转为线索：移送或督促移送）、dismissed（排除，须 reason）")
    reason: str = ""


@router.get("/network", response=list[NetworkClueOut],
            summary="关联当事人合计线索（需人工判断）：同一法定代表人、地址或电话的当事人各案均未达标准、合计达到")
def network_clues(request, status: str = "", crime: str = ""):
    user = require_user(request)
    clues = NetworkClue.objects.all()
    if status:
        clues = clues.filter(status=status)
    if crime:
        clues = clues.filter(crime_name=crime)
    return read_network_clues(user, visible_network_clues(user, clues.order_by("-updated_at", "-id")), via="接口")


@router.post("/network/{clue_id}/decide", response=NetworkClueOut,
             summary="关联当事人合计线索的人工判断：核查中、转为线索、排除（须写明理由）")
def decide_network(request, clue_id: int, payload: NetworkDecisionIn):
    user = require_user(request)
    visible = visible_network_clues(user, NetworkClue.objects.filter(pk=clue_id))
    if not visible:
        raise Http404("没有这条关联当事人合计线索，或您无权查看其全部案件")
    return decide_network_clue(visible[0], payload.to, actor=user, reason=payload.reason)


@router.get("/{clue_id}", response=ClueOut)
def get_clue(request, clue_id: int):
    user = require_user(request)
    return services.listed_for(user, [get_object_or_404(services.visible_clues(user), pk=clue_id)])[0]


@router.post("/{clue_id}/{to}", response=ClueOut, summary="核查（checking）、建议移送（suggested）、排除（dismissed，须 reason）")
def move(request, clue_id: int, to: str, payload: Body[dict]):
    user = require_user(request)
    clue = get_object_or_404(services.visible_clues(user), pk=clue_id)
    return services.move_clue(clue, to, actor=user, reason=str(payload.get("reason", "")))

