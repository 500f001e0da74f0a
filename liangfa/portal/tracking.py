"""执法进度查询码: issued for a case, printed on the documents served on the party, read on the public site.

The progress shows only the steps the party is told of by law or by the documents served on them (立案, 告知,
决定, 执行, 结案; 移送 and the police's 受理 and 立案/不予立案 decision; the decision's 公示; a public 听证), with
their dates and organs, never notes, clues, approvals, or anything of another matter.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.permissions import may_issue_tracking_code, require
from liangfa.cases.choices import CaseStatus
from liangfa.cases.models import PenaltyCase
from liangfa.core.audit import record_audit
from liangfa.core.docx import render_docx
from liangfa.portal.choices import SHOWN, HearingStatus
from liangfa.portal.models import Hearing, Publication, TrackingCode
from liangfa.transfers.choices import TransferStep
from liangfa.transfers.models import TransferEvent

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper
CASE_STEPS = {CaseStatus.FILED: "行政机关已立案", CaseStatus.NOTIFIED: "已告知拟作出的行政处罚及陈述、申辩、听证权利",
              CaseStatus.DECIDED: "已作出行政处罚决定", CaseStatus.EXECUTING: "行政处罚决定执行中",
              CaseStatus.CLOSED: "已结案"}
TRANSFER_STEPS = {TransferStep.DELIVER: "已移送公安机关", TransferStep.ACCEPT: "公安机关已受理",
                  TransferStep.FORWARD: "已转送有管辖权的机关", TransferStep.FILE: "公安机关已立案",
                  TransferStep.NOT_FILE: "公安机关决定不予立案", TransferStep.RECONSIDER_FILE: "公安机关经复议决定立案",
                  TransferStep.RECONSIDER_UPHOLD: "公安机关经复议维持不予立案决定"}


@dataclass
class Progress:
    when: date
    what: str
    organ: str
    link: str = ""


def normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:20]


def printed(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def issue_code(case: PenaltyCase, *, actor, now: datetime | None = None) -> TrackingCode:
    """A new code for the case (earlier ones stay valid: papers already served keep working)."""
    now = now or timezone.now()
    require(may_issue_tracking_code(actor, case), "只有办案机关的执法人员、法制审核员或负责人可以生成执法进度查询码")
    code = "".join(secrets.choice(ALPHABET) for _ in range(10))
    while TrackingCode.objects.filter(code=code).exists():
        code = "".join(secrets.choice(ALPHABET) for _ in range(10))
    tracking = TrackingCode.objects.create(case=case, code=code, verifier=f"{secrets.randbelow(10**6):06d}",
                                           issued_by=actor, issued_at=now)
    record_audit("tracking.issue", actor=actor, now=now, obj=case, owner_agency_id=case.agency_id,
                 after={"code": code})
    return tracking


def find(code: str, verifier: str) -> PenaltyCase | None:
    """The case behind a code and its verification code, or None. A wrong code and a wrong verification code
    are the same None, and take the same comparison."""
    tracking = TrackingCode.objects.filter(code=normalize(code), revoked_at__isnull=True).select_related(
        "case", "case__agency").first()
    expected = tracking.verifier if tracking else "000000-none"
    matched = hmac.compare_digest(expected.encode(), "".join(ch for ch in (verifier or "") if ch.isdigit())[:8].encode())
    return tracking.case if tracking and matched else None


def notice_text(tracking: TrackingCode) -> str:
    """The line a served document prints."""
    return (f"执法进度查询码：{printed(tracking.code)}　验证码：{tracking.verifier}（可在执法公开网站“执法进度”栏目查询"
            "本案办理进度）")


def notice_docx(tracking: TrackingCode, *, now: datetime) -> bytes:
    """执法进度查询告知书, served with the decision or the notices of the case."""
    case = tracking.case
    return render_docx("执法进度查询告知书", case.decision_no, [
        "当事人：", f"本机关办理的{case.decision_no}一案，你（单位）可以凭下列查询码和验证码，在执法公开网站“执法进度”栏目"
        "查询本案的办理进度（立案、告知、决定、执行、结案，以及依法移送司法机关后的受理、立案情况）。",
        notice_text(tracking), "请妥善保管本告知书，不要将验证码告诉他人。"], case.agency.name, now)


def progress(case: PenaltyCase) -> list[Progress]:
    steps = [Progress(timezone.localtime(e.time).date(), CASE_STEPS[e.to_status], case.agency.name)
             for e in case.events.filter(to_status__in=list(CASE_STEPS)).order_by("time", "id")]
    if not any(s.what == CASE_STEPS[CaseStatus.DECIDED] for s in steps) and case.status in (
            CaseStatus.DECIDED, CaseStatus.EXECUTING, CaseStatus.CLOSED):
        steps.append(Progress(case.decision_date, CASE_STEPS[CaseStatus.DECIDED], case.agency.name))
    for step in steps:
        if step.what == CASE_STEPS[CaseStatus.DECIDED]:
            step.what += f"（{case.decision_no}）"
            step.when = case.decision_date
    events = TransferEvent.objects.filter(transfer__case=case, code__in=list(TRANSFER_STEPS)).select_related(
        "agency", "transfer__police")
    for e in events:
        organ = e.agency.name if e.agency_id else e.transfer.police.name
        steps.append(Progress(timezone.localtime(e.time).date(), TRANSFER_STEPS[e.code], organ))
    publication = Publication.objects.filter(case=case, status__in=SHOWN).first()
    if publication and publication.published_at:
        steps.append(Progress(timezone.localtime(publication.published_at).date(), "行政处罚决定已依法公示",
                              case.agency.name, publication.public_url()))
    for hearing in Hearing.objects.filter(case=case).exclude(status=HearingStatus.CANCELLED):
        steps.append(Progress(timezone.localtime(hearing.announced_at).date(),
                              f"听证公告：{timezone.localtime(hearing.starts_at):%Y-%m-%d %H:%M}，{hearing.place}",
                              case.agency.name))
    return sorted(steps, key=lambda s: s.when)
