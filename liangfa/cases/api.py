from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.renderers import JSONRenderer

from liangfa.agencies.api_auth import api_user, token_agency, token_reading
from liangfa.agencies.models import Agency
from liangfa.cases.choices import CaseStatus
from liangfa.cases.filters import CaseFilter, page
from liangfa.cases.services import import_records, read_case, visible_cases
from liangfa.cases.textvalues import api_rows, texts_of
from liangfa.core.errors import PermissionDenied
from liangfa.core.receipts import case_reads, record_reads

router = Router(tags=["行政处罚案件"])
STATUS_LABELS = dict(CaseStatus.choices)


class CaseOut(Schema):
    """A case as listed. Read from a model instance or from a plain row (see `listed`)."""

    id: int
    agency: str
    agency_name: str
    decision_no: str
    party_id: int
    party_name: str
    party_category: str
    violation_type: str
    penalty_category: str
    fine_amount: Decimal | None
    confiscated_amount: Decimal | None
    decision_date: date
    status: str
    status_label: str

    @staticmethod
    def resolve_agency(obj):
        return obj["agency"] if isinstance(obj, dict) else obj.agency.code

    @staticmethod
    def resolve_agency_name(obj):
        return obj["agency_name"] if isinstance(obj, dict) else obj.agency.name

    @staticmethod
    def resolve_status_label(obj):
        return STATUS_LABELS.get(obj["status"] if isinstance(obj, dict) else obj.status, "")


class TextSourceOut(Schema):
    field: str  # facts (违法事实) / penalty (处罚内容)
    field_label: str
    start: int  # character offsets of the figure in that text
    end: int
    text: str
    sentence: str
    role: str  # item / total / part / restated
    role_label: str
    amount: str
    derived: str  # the arithmetic when worked out (300双 × 120元 = 36000元)
    words: list[str]  # the words that decided what the figure is


class TextValueOut(Schema):
    field: str  # the case field the value fills (sales_amount …)
    metric: str  # its name (销售金额)
    value: str | None
    unit: str
    how: str
    how_label: str
    approx: bool
    status: str  # extracted / confirmed / corrected
    status_label: str
    confirmed: bool  # a person confirmed or corrected it; until then it needs checking
    read_value: str | None  # what the text said, when a person corrected it
    by: str
    note: str
    where: str
    quote: str
    sources: list[TextSourceOut]


class TextAmbiguousOut(Schema):
    field: str
    metric: str
    reason: str
    candidates: list[str]
    sources: list[TextSourceOut]


class CaseDetailOut(CaseOut):
    party_code: str
    legal_rep: str
    facts: str
    legal_basis: str
    penalty_content: str
    license_action: str
    valid_until: date | None
    publish_until: date | None
    authority_name: str
    conduct_date: date | None
    effective_date: date | None
    sales_amount: Decimal | None
    goods_value: Decimal | None
    illegal_gain: Decimal | None
    illegal_business_amount: Decimal | None
    tax_evaded: Decimal | None
    area_mu: Decimal | None
    volume_m3: Decimal | None
    land_class: str
    land_class_label: str
    sapling_count: int | None
    tree_value: Decimal | None
    cigarettes_count: int | None
    invoice_face_amount: Decimal | None
    invoice_count: int | None
    invoice_tax_amount: Decimal | None
    refund_fraud_amount: Decimal | None
    deposit_amount: Decimal | None
    depositor_count: int | None
    fraud_amount: Decimal | None
    direct_loss: Decimal | None
    mineral_value: Decimal | None
    hazardous_waste_t: Decimal | None
    amount_source: str
    remarks: str
    text_values: list[TextValueOut] = Field(description="从违法事实、处罚内容中识别的数值（结构化字段为空时才采用），含出处")
    text_ambiguous: list[TextAmbiguousOut] = Field(description="文中有数字但无法确定含义的，附原因，不作判断")

    @staticmethod
    def resolve_land_class_label(obj):
        return obj.get_land_class_display()

    @staticmethod
    def resolve_text_values(obj):
        return api_rows(obj.text_values, texts_of(obj))[0]

    @staticmethod
    def resolve_text_ambiguous(obj):
        return api_rows(obj.text_values, texts_of(obj))[1]


class FilterIn(CaseFilter):
    cursor: str = ""


LIST_COLUMNS = ["id", "agency_id", "agency__code", "agency__name", "decision_no", "party_id", "party_name", "party_category",
                "violation_type", "penalty_category", "fine_amount", "confiscated_amount", "decision_date", "status"]


class ListedPage(Schema):
    items: list[CaseOut]
    next_cursor: str


@router.get("", response=ListedPage, summary="案件列表（按处罚决定日期倒序，游标分页）")
def list_cases(request, filters: Query[FilterIn]):
    data = filters.dict()
    cursor = data.pop("cursor")
    queryset = CaseFilter(**data).apply(visible_cases(api_user(request), token_agency=token_reading(request)))
    # plain values, not model instances: the list is the busiest endpoint
    rows, next_cursor = page(queryset.values(*LIST_COLUMNS), cursor)
    if not token_agency(request):  # a token reads only its own agency's cases
        record_reads(request.user, case_reads(rows), what="案件列表", via="接口")
    for row in rows:
        row.pop("agency_id")
        row["agency"], row["agency_name"] = row.pop("agency__code"), row.pop("agency__name")
        row["status_label"] = STATUS_LABELS.get(row["status"], "")
    # Rendered as ListedPage would render it, without validating rows the database has just typed:
    # validation was a third of the busiest endpoint's time. tests/test_api.py checks the two agree.
    return HttpResponse(LISTED_RENDERER.render(request, {"items": rows, "next_cursor": next_cursor},
                                               response_status=200), content_type=LISTED_RENDERER.media_type)


LISTED_RENDERER = JSONRenderer()


# A cell is text, a number or empty: a list or an object would be stored as Python's text of it.
Cell = str | int | float | None


class ImportIn(Schema):
    agency: str | None = Field(None, max_length=64)
    records: list[dict[str, Cell]] = Field(description=(
        "每条记录以导入模板的中文表头为键（见导入模板 /cases/import/template.xlsx）。当事人关系网络字段："
        "“法定代表人证件号码”（居民身份证号，按 GB 11643 校验，无效时该行退回）、“地址/住所”、“联系电话”"
        "（至少7位数字）；写入当事人的联系信息，同一证件号、地址或电话的当事人在关系图中相连。"))
    dry_run: bool = False
    skip_invalid: bool = False


class RejectedOut(Schema):
    row: int
    column: str
    value: str
    error: str


class ImportOut(Schema):
    accepted: int
    updated: int
    unchanged: int
    rejected: list[RejectedOut]
    committed: bool
    message: str


@router.post("/import", response={200: ImportOut, 422: ImportOut}, summary="推送案件（与导入模板相同的中文字段）")
def push_cases(request, payload: ImportIn):
    agency = token_agency(request)
    user = api_user(request)
    if agency is None:
        code = payload.agency or (user.agency.code if user.agency_id else "")
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise PermissionDenied(f"机关代码 {code or '（空）'} 不存在")
    elif payload.agency and payload.agency != agency.code:
        raise PermissionDenied("接口令牌只能推送本机关的案件")
    result = import_records(payload.records, agency=agency, actor=user, dry_run=payload.dry_run,
                            skip_invalid=payload.skip_invalid)
    return Status(422 if result.rejected else 200, result.as_dict())


@router.get("/{case_id}", response=CaseDetailOut, summary="案件详情（跨机关查阅记入审计）")
def get_case(request, case_id: int):
    if token_agency(request) is not None:
        return get_object_or_404(visible_cases(None, token_agency=token_reading(request)), pk=case_id)
    return read_case(request.user, case_id, via="接口")
