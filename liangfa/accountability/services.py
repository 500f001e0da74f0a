"""以罚代刑 accountability: the procuratorate, the 司法行政机关 or the 监察机关 opens a file on an agency that kept a
crime as a fine (应移未移), transferred late or refused without reason; refers it to the 监察机关, the agency's
superior or the government (《行政执法机关移送涉嫌犯罪案件的规定》第十六条、第十八条), which records the outcome."""

import re

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from liangfa.accountability.choices import (
    FILE_TRANSITIONS,
    AccountabilityStep,
    FileStatus,
    Ground,
    Outcome,
    ReferralKind,
)
from liangfa.accountability.models import AccountabilityEvent, AccountabilityFile
from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import (
    may_decide_accountability,
    may_manage_accountability,
    may_open_accountability,
    require,
)
from liangfa.clock.choices import DeadlineState
from liangfa.clock.models import Deadline
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.core.receipts import case_reads, record_reads
from liangfa.screening.lists import overdue
from liangfa.screening.models import Clue
from liangfa.screening.services import visible_clues
from liangfa.transfers.choices import TransferStatus
from liangfa.transfers.models import Transfer

TEXT_MAX = 4000
FINGERPRINT = re.compile(r"SHA-256\s*[0-9a-f]{16,}|[0-9a-f]{32,}")  # a document's hash in a step's note: not for people
TRANSFER_CLOCKS = ("AGY_APPROVE", "AGY_DELIVER")  # the agency's own periods: 审批 三日, 移送 二十四小时


def visible_files(user):
    """The organ that opened the file, and the organ it was sent to (the 监察机关 sees what was sent to it)."""
    base = AccountabilityFile.objects.select_related("agency", "case", "opened_by_agency", "referred_to", "clue",
                                                     "transfer")
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if user.is_superuser:
        return base
    if user.agency_id is None:
        return base.none()
    return base.filter(Q(opened_by_agency_id=user.agency_id) | Q(referred_to_id=user.agency_id))


def late_transfers(now):
    """Transfers whose agency ran past its own period (审批, 移送), or that the head refused."""
    late = Deadline.objects.filter(rule_id__in=TRANSFER_CLOCKS, content_type__app_label="transfers", content_type__model="transfer").filter(
        Q(state=DeadlineState.OPEN, due_at__lt=now) | Q(state=DeadlineState.DONE, completed_at__gt=F("due_at")))
    return Transfer.objects.select_related("case", "agency").filter(
        Q(pk__in=late.values("object_id")) | Q(status=TransferStatus.REFUSED))


def candidates(user, now):
    """What an opener may open a file on: 应移未移 clues, late or refused transfers. Each read is receipted."""
    if not may_open_accountability(user):
        return [], []
    clues = list(overdue(visible_clues(user), now).order_by("created_at")[:50])
    transfers = list(late_transfers(now).order_by("-created_at")[:50])
    record_reads(user, case_reads([c.case for c in clues] + [t.case for t in transfers]), what="问责线索",
                 via="页面", now=now)
    return clues, transfers


def _text(value, field: str, *, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{field}")
    if len(value) > TEXT_MAX:
        raise DomainError(f"{field}不能超过{TEXT_MAX}字（现为{len(value)}字）")
    return value


def _step(item, code, *, actor, now, note="", before=""):
    AccountabilityEvent.objects.create(file=item, time=now, **actor_fields(actor), code=code, from_status=before,
                                       to_status=item.status, note=note)


def _move(item, to):
    if to not in FILE_TRANSITIONS[item.status]:
        raise DomainError(f"问责卷当前为“{item.get_status_display()}”，不能改为“{FileStatus(to).label}”")
    before, item.status = item.status, to
    return before


@transaction.atomic
def open_file(*, actor, ground: str, facts: str, responsible: str, evidence: str = "", clue: Clue | None = None,
              transfer: Transfer | None = None, now=None) -> AccountabilityFile:
    now = now or timezone.now()
    require(may_open_accountability(actor), "只有人民检察院的检察官、司法行政机关或监察机关的工作人员可以立问责卷")
    if ground not in Ground.values:
        raise DomainError(f"事由应为：{'、'.join(Ground.labels)}")
    if clue is None and transfer is None:
        raise DomainError("请选择所涉的线索或移送案件（证据须有据可查）")
    if ground == Ground.UNTRANSFERRED and clue is None:
        raise DomainError("事由为应移未移的，请选择所涉线索")
    if ground in (Ground.LATE, Ground.REFUSED) and transfer is None:
        raise DomainError(f"事由为{Ground(ground).label}的，请选择所涉移送案件")
    if clue is not None and not overdue(Clue.objects.filter(pk=clue.pk), now).exists() and transfer is None:
        raise DomainError("该线索尚在核查期限内或已处理，不属于应移未移")
    if transfer is not None and not late_transfers(now).filter(pk=transfer.pk).exists():
        raise DomainError("该移送案件未逾期，也未被不批准移送，不能据此追责")
    case = transfer.case if transfer is not None else clue.case
    agency_id = transfer.agency_id if transfer is not None else clue.agency_id
    item = AccountabilityFile.objects.create(
        agency_id=agency_id, ground=ground, clue=clue, transfer=transfer, case=case,
        facts=_text(facts, "基本事实"), responsible=_text(responsible, "责任人员"),
        evidence=_text(evidence, "证据材料", required=False), opened_by=actor, opened_by_agency_id=actor.agency_id,
        opened_at=now)
    _step(item, AccountabilityStep.OPEN, actor=actor, now=now, note=item.facts[:300])
    record_audit("accountability.open", actor=actor, now=now, obj=item, owner_agency_id=agency_id,
                 after={"ground": ground, "case": case.decision_no})
    return item


def _lock(item):
    return AccountabilityFile.objects.select_for_update().select_related("agency").get(pk=item.pk)


@transaction.atomic
def amend(item, *, actor, responsible: str, evidence: str, now=None) -> AccountabilityFile:
    now = now or timezone.now()
    item = _lock(item)
    require(may_manage_accountability(actor, item), "只有立卷机关可以补充问责卷")
    if item.status != FileStatus.OPEN:
        raise DomainError("问责卷已移送处理，不能再改")
    before = {"responsible": item.responsible, "evidence": item.evidence}
    item.responsible, item.evidence = _text(responsible, "责任人员"), _text(evidence, "证据材料", required=False)
    item.save(update_fields=["responsible", "evidence"])
    _step(item, AccountabilityStep.EDIT, actor=actor, now=now)
    record_audit("accountability.amend", actor=actor, now=now, obj=item, owner_agency_id=item.agency_id,
                 before=before, after={"responsible": item.responsible, "evidence": item.evidence})
    return item


def referral_targets(item) -> dict[str, list[Agency]]:
    """Where a file may go: any 监察机关, the agency's superior, a 人民政府."""
    superior = [item.agency.parent] if item.agency.parent_id else []
    return {ReferralKind.SUPERVISION: list(Agency.objects.filter(kind=AgencyKind.SUPERVISION)),
            ReferralKind.SUPERIOR: superior,
            ReferralKind.GOVERNMENT: list(Agency.objects.filter(kind=AgencyKind.GOVERNMENT))}


@transaction.atomic
def refer(item, *, actor, kind: str, to: Agency | None, note: str, now=None) -> AccountabilityFile:
    now = now or timezone.now()
    item = _lock(item)
    require(may_manage_accountability(actor, item), "只有立卷机关可以移送问责卷")
    if kind not in ReferralKind.values:
        raise DomainError(f"移送方式应为：{'、'.join(ReferralKind.labels)}")
    allowed = referral_targets(item)[kind]
    if to is None or to not in allowed:
        names = "、".join(a.name for a in allowed) or "无（该机关没有上级行政执法机关）"
        raise DomainError(f"移送至：{ReferralKind(kind).label}只能送往 {names}")
    before = _move(item, FileStatus.REFERRED)
    item.referral_kind, item.referred_to, item.referred_at = kind, to, now
    item.referral_note = _text(note, "移送意见")
    item.save()
    _step(item, AccountabilityStep.REFER, actor=actor, now=now, note=f"{ReferralKind(kind).label}：{to.name}。{item.referral_note}",
          before=before)
    record_audit("accountability.refer", actor=actor, now=now, obj=item, owner_agency_id=item.agency_id,
                 after={"to": to.code, "kind": kind})
    return item


@transaction.atomic
def conclude(item, *, actor, outcome: str, note: str, now=None) -> AccountabilityFile:
    now = now or timezone.now()
    item = _lock(item)
    require(may_decide_accountability(actor, item), "只有问责卷移送到的机关可以登记处理结果")
    if outcome not in Outcome.values:
        raise DomainError(f"处理结果应为：{'、'.join(Outcome.labels)}")
    before = _move(item, FileStatus.CONCLUDED)
    item.outcome, item.outcome_note, item.concluded_at = outcome, _text(note, "处理情况"), now
    item.save()
    _step(item, AccountabilityStep.CONCLUDE, actor=actor, now=now, note=f"{Outcome(outcome).label}：{item.outcome_note}",
          before=before)
    record_audit("accountability.conclude", actor=actor, now=now, obj=item, owner_agency_id=item.agency_id,
                 after={"outcome": outcome})
    return item


def read_file(user, item, *, via="页面", now=None) -> None:
    """The file shows the agency's case, clue and transfer timeline: receipted to the agency."""
    record_reads(user, case_reads([item.case]), what="问责卷", via=via, now=now)


def read_list(user, files, *, via="页面", now=None) -> None:
    record_reads(user, case_reads([f.case for f in files]), what="问责卷", via=via, now=now)


def _number(value) -> str:
    """111858.000 → 111858: the figure as a person writes it."""
    return "" if value is None else format(value.normalize(), "f")


def evidence_rows(item) -> list[dict]:
    """The timeline that proves it: the clue's raising and status, each transfer step with its time, and the
    agency's deadlines on the transfer (due and completed)."""
    rows = []
    if item.clue_id:
        clue = item.clue
        rows.append({"time": clue.created_at, "what": f"平台提出线索：涉嫌{clue.crime_name}（{clue.article}）",
                     "note": f"{clue.metric_cn}{_number(clue.value)}{clue.unit}，标准{_number(clue.threshold)}{clue.unit}；"
                             f"现状态：{clue.get_status_display()}"})
    if item.transfer_id:
        for e in item.transfer.events.all():
            rows.append({"time": e.time, "what": f"移送：{e.label}", "note": FINGERPRINT.sub("", e.note).strip()})
        for d in Deadline.objects.filter(rule_id__in=TRANSFER_CLOCKS, content_type__app_label="transfers", content_type__model="transfer",
                                         object_id=item.transfer_id):
            late = d.due_at and ((d.completed_at and d.completed_at > d.due_at) or
                                 (d.state == DeadlineState.OPEN and d.due_at < timezone.now()))
            rows.append({"time": d.due_at or d.started_at, "what": f"期满：{d.name}（{d.citation}）",
                         "note": (f"完成于 {timezone.localtime(d.completed_at):%Y-%m-%d %H:%M}" if d.completed_at
                                  else "未完成") + ("，已逾期" if late else "")})
    return sorted((r for r in rows if r["time"]), key=lambda r: r["time"])
