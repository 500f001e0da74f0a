"""The evidence-standards library agreed with 检法, and `required_evidence` / `missing_for_stage`, which the
transfer package check and the 补证清单 read. transfers stands below this app and never imports it: it
reads them through a registry of its own that this app fills in its AppConfig.ready() (wired after merging)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.permissions import may_edit_evidence_standards, require
from liangfa.core import yamldata
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.meetings.choices import EvidenceStage, MeetingStep
from liangfa.meetings.events import note
from liangfa.meetings.models import EvidenceStandard
from liangfa.screening.rules import RuleBook, default_rules_text
from liangfa.transfers.choices import TIER_BASIS, TIER_OF_KIND, EvidenceKind

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Requirement:
    crime_key: str
    crime_name: str
    stage: str
    stage_label: str
    evidence: str
    form: str
    kind: str
    kind_label: str
    tier: str  # how administrative evidence of this kind converts (transfers' three tiers)
    tier_label: str
    tier_basis: str
    conversion: str
    basis: str
    confidence: str


@cache
def crimes() -> dict[str, str]:
    """key → 罪名, from the 立案追诉标准 data."""
    book = RuleBook(default_rules_text())
    return {key: entry.crime_name for key, entry in book.entries.items()}


def crime_key(key_or_name: str) -> str | None:
    text = (key_or_name or "").strip()
    if text in crimes():
        return text
    for key, name in crimes().items():
        if text == name:
            return key
    for key, name in crimes().items():  # 生产、销售伪劣产品罪 matched by 销售伪劣产品罪
        if text and (text in name or name in text):
            return key
    return None


def requirement_of(std: EvidenceStandard) -> Requirement:
    tier = TIER_OF_KIND.get(std.evidence_kind)
    return Requirement(
        crime_key=std.crime_key, crime_name=crimes().get(std.crime_key, std.crime_key), stage=std.stage,
        stage_label=std.get_stage_display(), evidence=std.evidence, form=std.form, kind=std.evidence_kind,
        kind_label=EvidenceKind(std.evidence_kind).label if std.evidence_kind in EvidenceKind.values else "",
        tier=tier or "", tier_label=tier.label if tier else "", tier_basis=TIER_BASIS.get(tier, ""),
        conversion=std.conversion or (tier.label if tier else ""), basis=std.basis, confidence=std.confidence)


def required_evidence(crime_key_or_name: str, stage: str) -> list[Requirement]:
    """What the agreed standards require for this crime (a thresholds.yaml key or the 罪名) at this stage
    (移送 transfer, 逮捕 arrest, 起诉 indictment). Empty when nothing was agreed for it."""
    key = crime_key(crime_key_or_name)
    if key is None or stage not in EvidenceStage.values:
        return []
    return [requirement_of(s) for s in EvidenceStandard.objects.filter(crime_key=key, stage=stage, active=True)]


def missing_for_stage(crime_key_or_name: str, stage: str, evidence_kinds) -> list[str]:
    """For the package check: the agreed items whose kind of evidence the package does not hold yet."""
    held = set(evidence_kinds)
    return [f"{r.evidence}（{r.form}；{r.basis}）" for r in required_evidence(crime_key_or_name, stage)
            if r.kind not in held]


def _validate(crime_key_: str, stage: str, evidence: str, form: str, kind: str, basis: str) -> None:
    if crime_key_ not in crimes():
        raise DomainError(f"罪名“{crime_key_}”不在立案追诉标准中")
    if stage not in EvidenceStage.values:
        raise DomainError("阶段应为移送、逮捕或起诉")
    if kind not in EvidenceKind.values:
        raise DomainError("请选择证据种类")
    if not (evidence.strip() and form.strip() and basis.strip()):
        raise DomainError("请填写证据、形式要求和依据（会商纪要）")


@transaction.atomic
def add_standard(*, actor, crime_key: str, stage: str, evidence: str, form: str, kind: str, basis: str,
                 conversion: str = "", confidence: str = "M", meeting=None, now=None) -> EvidenceStandard:
    now = now or timezone.now()
    require(may_edit_evidence_standards(actor), "无权修改证据标准：由检察官或管理员根据会商结果维护")
    _validate(crime_key, stage, evidence, form, kind, basis)
    std = EvidenceStandard.objects.create(crime_key=crime_key, stage=stage, evidence=evidence.strip(),
                                          form=form.strip(), evidence_kind=kind, conversion=conversion.strip(),
                                          basis=basis.strip(), confidence=confidence, agreed_at_meeting=meeting,
                                          created_by=actor, created_at=now)
    note(std, MeetingStep.STANDARD_ADD, actor=actor, now=now, text=str(std))
    record_audit("evidence_standard.add", actor=actor, now=now, obj=std,
                 after={"crime": crime_key, "stage": stage, "evidence": std.evidence})
    return std


@transaction.atomic
def retire_standard(std: EvidenceStandard, *, actor, reason: str, now=None) -> EvidenceStandard:
    now = now or timezone.now()
    require(may_edit_evidence_standards(actor), "无权修改证据标准：由检察官或管理员根据会商结果维护")
    if not reason.strip():
        raise DomainError("请写明停用理由")
    if not std.active:
        raise DomainError("该标准已停用")
    EvidenceStandard.objects.filter(pk=std.pk).update(active=False)
    note(std, MeetingStep.STANDARD_RETIRE, actor=actor, now=now, text=reason)
    record_audit("evidence_standard.retire", actor=actor, now=now, obj=std, reason=reason.strip())
    std.active = False
    return std


def load_standards(*, actor, now=None, path: Path | None = None) -> int:
    """Load the starting library (data/evidence_standards.yaml) through add_standard."""
    data = yamldata.load((path or DATA / "evidence_standards.yaml").read_text(encoding="utf-8"))
    count = 0
    for key, stages in data["standards"].items():
        for stage, lines in stages.items():
            for line in lines:
                add_standard(actor=actor, crime_key=key, stage=stage, evidence=line["evidence"], form=line["form"],
                             kind=line["kind"], basis=data["basis"], confidence=data["confidence"], now=now)
                count += 1
    return count
