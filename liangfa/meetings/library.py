"""典型案例库: closed transfers and judgments, redacted for publication, searchable by crime, each with
its lesson. `redact` applies the public pages' rules (core.redaction) and, as published 典型案例 do, drops
identifiers whole and shortens company names."""

import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.permissions import may_publish_typical_case, require
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.redaction import redact_text
from liangfa.meetings.choices import MeetingStep
from liangfa.meetings.events import note
from liangfa.meetings.evidence import crime_key, crimes
from liangfa.meetings.models import TypicalCase
from liangfa.transfers.choices import CriminalStage, TransferStatus

CLOSING_STAGES = {CriminalStage.JUDGMENT, CriminalStage.NON_PROSECUTION}
CLOSED_STATUSES = {TransferStatus.UPHELD, TransferStatus.NOT_FILED, TransferStatus.CASE_WITHDRAWN}
ALONE = r"(?<![0-9A-Za-z]){}(?![0-9A-Za-z])"  # \b would not part digits from Chinese characters
CODES = [
    (re.compile(ALONE.format(r"\d{17}[\dXx]")), "[身份证号]"),  # first: an 18-digit 身份证号 fits the code's pattern too
    (re.compile(ALONE.format(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")), "[统一社会信用代码]"),
    (re.compile(ALONE.format(r"1[3-9]\d{9}")), "[手机号]"),
]


def redact(text: str, names: list[str]) -> str:
    """Identifiers masked; each named person or company kept as its first character + 某 (某公司 for a
    company), as published 典型案例 write them."""
    for pattern, mask in CODES:
        text = pattern.sub(mask, text)
    companies = {n for n in names if n and n.endswith("公司")}
    for name in sorted(companies, key=len, reverse=True):
        text = text.replace(name, name[0] + "某公司")
    # Addresses, accounts, landlines and persons' names as on every public page.
    return redact_text(text, names=tuple(n for n in names if n and n not in companies))


def is_closed(transfer) -> bool:
    return transfer.status in CLOSED_STATUSES or transfer.stages.filter(stage__in=CLOSING_STAGES).exists()


def _outcome(transfer) -> str:
    stages = list(transfer.stages.all())
    steps = "；".join(f"{s.date:%Y年%m月}{s.get_stage_display()}" + (f"（{s.note}）" if s.note else "")
                     for s in stages)
    return f"移送后{transfer.get_status_display()}" + (f"；{steps}" if steps else "")


@transaction.atomic
def add_typical_case(transfer, *, actor, title: str, lesson: str, now=None) -> TypicalCase:
    now = now or timezone.now()
    require(may_publish_typical_case(actor, transfer), "无权收入典型案例库：须为移送机关负责人、法制审核员或检察官")
    if not is_closed(transfer):
        raise DomainError("只有已办结的移送（已判决、不起诉或不予立案已终结）可以收入典型案例库")
    if TypicalCase.objects.filter(transfer=transfer).exists():
        raise DomainError("该移送已收入典型案例库")
    if not title.strip() or not lesson.strip():
        raise DomainError("请填写标题和典型意义")
    case = transfer.case
    names = [case.party_name, getattr(case, "legal_rep", "")]
    key = crime_key(transfer.suspected_crime) or ""
    item = TypicalCase.objects.create(
        transfer=transfer, crime_key=key, crime_name=crimes().get(key, transfer.suspected_crime),
        title=redact(title.strip(), names), facts=redact(f"{case.violation_type}。{case.facts}", names),
        outcome=redact(_outcome(transfer), names), lesson=redact(lesson.strip(), names), published_by=actor,
        published_at=now)
    note(item, MeetingStep.LIBRARY_ADD, actor=actor, now=now, case=case, transfer=transfer, text=item.title)
    record_audit("library.add", actor=actor, now=now, obj=item, owner_agency_id=transfer.agency_id)
    return item


def search(*, crime: str = "", q: str = ""):
    items = TypicalCase.objects.all()
    if crime:
        items = items.filter(crime_key=crime_key(crime) or crime)
    if q.strip():
        items = items.filter(Q(title__icontains=q) | Q(facts__icontains=q) | Q(lesson__icontains=q))
    return items
