"""The transfer package: documents, 涉案物品, and evidence with its conversion tier (证据转化)."""

import hashlib

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.permissions import may_act_as_police, may_handle_transfer, require
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.transfers.choices import (
    EVIDENCE_OPEN,
    MONITORING_BASIS,
    TIER_BASIS,
    TIER_OF_KIND,
    CannotRecollectReason,
    DocumentKind,
    EvidenceKind,
    EvidenceTier,
    ReviewState,
    TransferStatus,
)
from liangfa.transfers.choices import TransferStep as Step
from liangfa.transfers.documents import render_document, store
from liangfa.transfers.models import EvidenceItem, SeizedItem, Transfer
from liangfa.transfers.services import _denied, _lock, _log


def _evidence_open(transfer: Transfer, what: str) -> None:
    if transfer.status not in EVIDENCE_OPEN:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”，不再{what}（本机关已不再办理此案的刑事证据）")

EDITABLE = {TransferStatus.DRAFT, TransferStatus.PENDING_APPROVAL, TransferStatus.APPROVED}
AGENCY_GENERATED = {DocumentKind.TRANSFER_LETTER, DocumentKind.ITEM_LIST}


def _editable(transfer: Transfer, actor) -> None:
    require(may_handle_transfer(actor, transfer), _denied(actor, "修改移送材料"))
    curing = transfer.materials_notices.filter(cured_at__isnull=True).exists()
    if transfer.status not in EDITABLE and not curing:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”，材料已随案移送，不能再修改（补正通知期间除外）")


@transaction.atomic
def attach_document(transfer: Transfer, *, actor, kind: str, upload, title: str = "", now=None):
    now = now or timezone.now()
    transfer = _lock(transfer)
    _editable(transfer, actor)
    if kind not in DocumentKind.values:
        raise DomainError("未知的文书种类")
    data = upload.read()
    if not data:
        raise DomainError("上传的文件是空的")
    extension = (upload.name.rsplit(".", 1)[-1] if "." in upload.name else "bin").lower()[:8]
    doc = store(transfer, kind, title or DocumentKind(kind).label, data, actor=actor, now=now, generated=False,
                extension=extension, file_name=upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    _log(transfer, actor=actor, now=now, step=Step.DOCUMENT, note=f"{DocumentKind(kind).label}：{doc.title}（已校验）")
    return doc


@transaction.atomic
def generate_document(transfer: Transfer, *, actor, kind: str, now=None):
    """The agency's own documents the system can draft: 移送书 and 涉案物品清单."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    _editable(transfer, actor)
    if kind not in AGENCY_GENERATED:
        raise DomainError(f"“{DocumentKind(kind).label}”需由承办人员撰写后上传")
    if kind == DocumentKind.ITEM_LIST and not transfer.items.exists():
        raise DomainError("请先登记涉案物品")
    return render_document(transfer, kind, actor=actor, now=now)


@transaction.atomic
def add_item(transfer: Transfer, *, actor, name: str, quantity: str, tested: bool = False, spec: str = "",
             unit: str = "", storage_place: str = "", now=None) -> SeizedItem:
    """A line of the 涉案物品清单: 名称, 规格, 数量, 单位, 存放地点 (R310 第六条第一款第（二）项)."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    _editable(transfer, actor)
    fields = {"物品名称": (name, 200), "规格": (spec, 100), "数量": (quantity, 50), "单位": (unit, 20),
              "存放地点": (storage_place, 200)}
    for label, (value, limit) in fields.items():
        if len((value or "").strip()) > limit:
            raise DomainError(f"“{label}”不能超过{limit}个字")
    if not name.strip():
        raise DomainError("请填写物品名称")
    if not (quantity or "").strip():
        raise DomainError("请填写数量（涉案物品清单须载明数量）")
    item = SeizedItem.objects.create(transfer=transfer, name=name.strip(), spec=(spec or "").strip(),
                                     quantity=quantity.strip(), unit=(unit or "").strip(),
                                     storage_place=(storage_place or "").strip(), tested=tested)
    _log(transfer, actor=actor, now=now, step=Step.ITEM,
         note=f"{item.name} {item.quantity}{item.unit}{'（已检验/鉴定）' if tested else ''}")
    return item


@transaction.atomic
def link_test_report(item: SeizedItem, *, actor, document, now=None) -> SeizedItem:
    now = now or timezone.now()
    transfer = _lock(item.transfer)
    _editable(transfer, actor)
    if document.transfer_id != transfer.pk or document.kind != DocumentKind.TEST_REPORT:
        raise DomainError("请选择本移送案件中的检验报告或鉴定意见")
    item.test_document = document
    item.save(update_fields=["test_document"])
    record_audit("transfer.item_test_report", actor=actor, now=now, obj=transfer, owner_agency_id=transfer.agency_id,
                 after={"item": item.name, "document": document.title})
    return item


@transaction.atomic
def add_evidence(transfer: Transfer, *, actor, kind: str, description: str, upload=None, collected_by: str = "",
                 method: str = "", now=None) -> EvidenceItem:
    now = now or timezone.now()
    transfer = _lock(transfer)
    _editable(transfer, actor)
    if kind not in EvidenceKind.values:
        raise DomainError("未知的证据种类")
    if kind == EvidenceKind.ELECTRONIC and upload is None:
        raise DomainError("电子数据须上传原始文件，接收时计算 SHA-256 以固定证据")
    tier = TIER_OF_KIND[kind]
    state = {EvidenceTier.DIRECT: ReviewState.NOT_NEEDED, EvidenceTier.REVIEW: ReviewState.PENDING,
             EvidenceTier.RECOLLECT: ReviewState.RECOLLECT}[tier]
    item = EvidenceItem(transfer=transfer, kind=kind, description=description.strip(), collected_by=collected_by,
                        method=method, tier=tier, review_state=state, collected_at=now)
    if upload is not None:
        data = upload.read()
        item.sha256 = hashlib.sha256(data).hexdigest()
        from django.core.files.base import ContentFile

        item.file.save(f"{transfer.pk}-{item.sha256[:12]}-{upload.name[-60:]}", ContentFile(data), save=False)
    item.save()
    _log(transfer, actor=actor, now=now, step=Step.EVIDENCE,
         note=f"{item.get_kind_display()}：{item.description}（{item.get_tier_display()}）"
              + ("（原始文件已校验）" if item.sha256 else ""))
    return item


@transaction.atomic
def review_evidence(item: EvidenceItem, *, actor, passed: bool, note: str, now=None) -> EvidenceItem:
    """Police review of 检验报告/鉴定意见/笔录: qualified institution, procedure, signatures."""
    now = now or timezone.now()
    transfer = _lock(item.transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "审查证据"))
    _evidence_open(transfer, "审查证据")
    if item.tier != EvidenceTier.REVIEW:
        raise DomainError(f"“{item.get_kind_display()}”不属于需程序审查的证据")
    if not note.strip():
        raise DomainError("请写明审查意见（鉴定机构资质、取样程序、签名等）")
    item.review_state = ReviewState.PASSED if passed else ReviewState.REDO
    item.review_note = note.strip()
    item.save(update_fields=["review_state", "review_note"])
    _log(transfer, actor=actor, now=now, step=Step.EVIDENCE_REVIEW, note=f"{item}：{item.get_review_state_display()}")
    return item


@transaction.atomic
def mark_cannot_recollect(item: EvidenceItem, *, actor, reason: str, lawful_source: str,
                          corroborating: list[EvidenceItem], now=None) -> EvidenceItem:
    """言词证据 that cannot be taken again: reason, lawful source and procedure, corroborating evidence."""
    now = now or timezone.now()
    transfer = _lock(item.transfer)
    require(may_handle_transfer(actor, transfer), _denied(actor, "说明证据无法重新收集"))
    _evidence_open(transfer, "说明证据无法重新收集")
    if item.tier != EvidenceTier.RECOLLECT:
        raise DomainError("只有言词证据适用“无法重新收集”的例外")
    if reason not in CannotRecollectReason.values:
        raise DomainError("请选择无法重新收集的原因（死亡、失踪、丧失作证能力、路途遥远）")
    if not lawful_source.strip():
        raise DomainError("请说明该证据的来源及收集程序合法")
    others = [c for c in corroborating if c.pk != item.pk and c.transfer_id == transfer.pk]
    if not others:
        raise DomainError("须关联至少一项与之相互印证的其他证据")
    item.review_state = ReviewState.CANNOT_RECOLLECT
    item.cannot_recollect_reason, item.lawful_source = reason, lawful_source.strip()
    item.save(update_fields=["review_state", "cannot_recollect_reason", "lawful_source"])
    item.corroborated_by.set(others)
    _log(transfer, actor=actor, now=now, step=Step.CANNOT_RECOLLECT,
         note=f"{item}：{item.get_cannot_recollect_reason_display()}；印证证据 {len(others)} 项")
    return item


@transaction.atomic
def send_supplement_list(transfer: Transfer, *, actor, note: str = "", now=None):
    """The police send the 补证清单 to the agency as a numbered document; no period runs on it (the rule data
    has none for 补证)."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "发出补证清单"))
    _evidence_open(transfer, "发出补证清单")
    if not transfer.evidence.exists():
        raise DomainError("本案尚未登记证据，无需发出补证清单")
    doc = render_document(transfer, DocumentKind.SUPPLEMENT_LIST, actor=actor, now=now, extra={"note": note})
    _log(transfer, actor=actor, now=now, step=Step.DOCUMENT, note=f"发出补证清单（{doc.doc_no}）")
    return doc


def supplement_list(transfer: Transfer) -> list[dict]:
    """补证清单 for the police: what each piece of evidence still needs, with its legal basis."""
    lines = []
    for item in transfer.evidence.all():
        if item.tier == EvidenceTier.DIRECT:
            basis = MONITORING_BASIS if item.kind == EvidenceKind.MONITORING else TIER_BASIS[item.tier]
            action = "可直接作为证据使用，待法庭查证属实；核对收集机关、时间、方式" + ("及完整性校验值" if item.sha256 else "")
        elif item.tier == EvidenceTier.REVIEW:
            basis = TIER_BASIS[item.tier]
            action = {ReviewState.PENDING: "须审查鉴定/检验机构资质、取样程序、签名后使用",
                      ReviewState.PASSED: "已审查通过", ReviewState.REDO: "须重新鉴定/检验"}[item.review_state]
        else:
            basis = TIER_BASIS[item.tier]
            action = ("须由侦查机关重新询问、制作笔录" if item.review_state == ReviewState.RECOLLECT else
                      f"无法重新收集（{item.get_cannot_recollect_reason_display()}），须结合印证证据审查")
        lines.append({"item": item, "tier": item.get_tier_display(), "action": action, "basis": basis})
    return lines


# The evidence 检法 agreed for a crime at the 移送 stage (meetings.evidence fills this in its AppConfig.ready();
# transfers stands below meetings and never imports it): each source takes (crime, stage, evidence kinds held).
AGREED_EVIDENCE_SOURCES: list = []


def agreed_evidence_missing(transfer: Transfer) -> list[str]:
    """What the agreed evidence standards still expect of the package. Advice for the 负责人 and the officer: the
    standards are agreed locally (会商纪要), so they do not bar 移送 the way R310 第六条's materials do."""
    kinds = list(transfer.evidence.values_list("kind", flat=True))
    return [line for source in AGREED_EVIDENCE_SOURCES for line in source(transfer.suspected_crime, "transfer", kinds)]
