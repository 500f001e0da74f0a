"""What an agency puts on the public site itself: 听证公告, appointment slots at its windows, its 执法事项."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.permissions import may_announce_hearing, may_manage_portal, require
from liangfa.cases.services import get_case_for_user
from liangfa.clock.counting import due_for
from liangfa.clock.rules import get_rule
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.redaction import mask_name
from liangfa.portal.choices import HEARING_TRANSITIONS, HearingStatus
from liangfa.portal.models import AppointmentSlot, EnforcementItem, Hearing


def earliest_hearing(now: datetime) -> datetime:
    """A hearing is held no earlier than the end of the notice period (行政处罚法第六十四条第（二）项)."""
    return due_for(get_rule("HEARING_NOTICE"), now).at


def party_as_shown(case) -> str:
    return mask_name(case.party_name) if case.party_category == "自然人" else case.party_name


@transaction.atomic
def announce_hearing(*, agency, actor, matter: str, starts_at: datetime, place: str, host: str, case_id: int | None = None,
                     note: str = "", now: datetime | None = None) -> Hearing:
    now = now or timezone.now()
    require(may_announce_hearing(actor, agency), f"只有{agency.name}的执法人员、法制审核员或负责人可以发布听证公告")
    for label, value, limit in (("案由", matter, 200), ("听证地点", place, 200), ("听证主持人", host, 50)):
        if not value.strip():
            raise DomainError(f"请填写“{label}”")
        if len(value) > limit:
            raise DomainError(f"“{label}”不能超过 {limit} 个字")
    earliest = earliest_hearing(now)
    if starts_at > now + timedelta(days=366):
        raise DomainError("听证时间应在一年以内")
    if starts_at < earliest:
        rule = get_rule("HEARING_NOTICE")
        raise DomainError(f"听证时间须在 {timezone.localtime(earliest):%Y-%m-%d} 之后：应当在举行听证的{rule.period_text}前"
                          f"通知时间、地点（{rule.citation}）")
    case = get_case_for_user(actor, case_id) if case_id else None
    if case is not None and case.agency_id != agency.pk:
        raise DomainError("只能为本机关的案件发布听证公告")
    hearing = Hearing.objects.create(agency=agency, case=case, matter=matter.strip(), starts_at=starts_at,
                                     place=place.strip(), host=host.strip(), announced_at=now, announced_by=actor,
                                     party_shown=party_as_shown(case) if case else "", note=note.strip()[:300])
    record_audit("hearing.announce", actor=actor, now=now, obj=hearing, owner_agency_id=agency.pk,
                 after={"starts_at": starts_at, "place": hearing.place})
    return hearing


@transaction.atomic
def close_hearing(hearing: Hearing, *, actor, to: str, note: str = "", now: datetime | None = None) -> Hearing:
    now = now or timezone.now()
    require(may_announce_hearing(actor, hearing.agency), "只有发布公告的机关可以变更听证状态")
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if to not in HearingStatus.values:
        raise DomainError(f"听证状态“{to[:20]}”无效；可选：{'、'.join(HearingStatus.labels)}")
    if to not in HEARING_TRANSITIONS[hearing.status]:
        raise DomainError(f"听证当前为“{hearing.get_status_display()}”，不能改为“{HearingStatus(to).label}”")
    if to == HearingStatus.CANCELLED and not note.strip():
        raise DomainError("取消听证须写明理由（将在公告中说明）")
    old, hearing.status, hearing.note = hearing.status, to, (note.strip() or hearing.note)[:300]
    hearing.save(update_fields=["status", "note"])
    record_audit(f"hearing.{to}", actor=actor, now=now, obj=hearing, owner_agency_id=hearing.agency_id,
                 before={"status": old}, after={"status": to}, reason=note)
    return hearing


@transaction.atomic
def add_slot(*, agency, actor, window: str, starts_at: datetime, ends_at: datetime, capacity: int,
             now: datetime | None = None) -> AppointmentSlot:
    now = now or timezone.now()
    require(may_manage_portal(actor, agency), f"只有{agency.name}的负责人、法制审核员或联络员可以设置预约时段")
    if not window.strip() or len(window) > 100:
        raise DomainError("请填写窗口名称（不超过 100 字）")
    if starts_at <= now or ends_at <= starts_at or starts_at > now + timedelta(days=366):
        raise DomainError("预约时段须在将来一年以内，且结束时间晚于开始时间")
    if not 0 < capacity <= 200:
        raise DomainError("可预约人数应为 1–200")
    slot = AppointmentSlot.objects.create(agency=agency, window=window.strip(), starts_at=starts_at, ends_at=ends_at,
                                          capacity=capacity, created_by=actor)
    record_audit("slot.add", actor=actor, now=now, obj=slot, owner_agency_id=agency.pk,
                 after={"starts_at": starts_at, "capacity": capacity})
    return slot


@transaction.atomic
def add_item(*, agency, actor, name: str, basis: str, category: str = "行政处罚",
             now: datetime | None = None) -> EnforcementItem:
    now = now or timezone.now()
    require(may_manage_portal(actor, agency), f"只有{agency.name}的负责人、法制审核员或联络员可以维护执法事项")
    if not name.strip() or not basis.strip():
        raise DomainError("请填写事项名称和设定依据")
    if len(name) > 200 or len(category) > 20:
        raise DomainError("事项名称不能超过 200 字，类别不能超过 20 字")
    if EnforcementItem.objects.filter(agency=agency, category=category, name=name.strip()).exists():
        raise DomainError(f"{agency.name}已有执法事项“{name.strip()}”")
    item = EnforcementItem.objects.create(agency=agency, category=category.strip(), name=name.strip(),
                                          basis=basis.strip(), created_by=actor, created_at=now)
    record_audit("item.add", actor=actor, now=now, obj=item, owner_agency_id=agency.pk)
    return item
