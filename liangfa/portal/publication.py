"""执法结果: 行政处罚决定 into the publication queue, published (redacted), changed, withheld, withdrawn, ended.

Each step is one service: it checks the named permission and the status map, locks the row, writes the
history row (PublicationEvent) and the audit row. The clocks are the deadline rules' (PUB_DECISION 7 个工作日,
PUB_DECISION_SAMR 二十个工作日, PUB_WITHDRAW 三个工作日), counted by clock.counting.due_for.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.access import scope_by_agency
from liangfa.agencies.permissions import may_publish_decision, require
from liangfa.cases.choices import CaseStatus
from liangfa.cases.models import PenaltyCase
from liangfa.clock.calendar import Calendar
from liangfa.clock.counting import due_for
from liangfa.clock.rules import TZ, get_rule
from liangfa.core.audit import AuditEvent, record_audit, record_audit_many
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.core.redaction import redact_record
from liangfa.portal import policy
from liangfa.portal.choices import (
    PUBLICATION_TRANSITIONS,
    SHOWN,
    PublicationStatus,
    PublicationStep,
    RevocationKind,
)
from liangfa.portal.models import Publication, PublicationEvent

P = PublicationStatus
Step = PublicationStep
DECIDED = (CaseStatus.DECIDED, CaseStatus.EXECUTING, CaseStatus.CLOSED)
# What a published decision shows: the 双公示 fields, redacted (core/redaction.py); never 备注 or amounts the
# thresholds read (销售金额 and the like are the agency's working figures, not the decision's content).
RECORD_FIELDS = ("party_name", "party_category", "party_code", "legal_rep", "decision_no", "violation_type", "facts",
                 "legal_basis", "penalty_category", "penalty_content", "fine_amount", "confiscated_amount",
                 "license_action", "decision_date", "valid_until", "authority_name", "authority_code", "source_unit",
                 "source_unit_code")


def public_record(case: PenaltyCase) -> dict:
    values = {}
    for name in RECORD_FIELDS:
        value = getattr(case, name)
        values[name] = "" if value is None else value.isoformat() if isinstance(value, date) else str(value)
    return redact_record(values)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=TZ)


# ---- the queue -------------------------------------------------------------------------------------------------

def on_cases_imported(*, case_ids, **_) -> None:
    queue_cases(case_ids)


CHUNK = 5000  # case ids per query: a big import's ids never make one huge IN list


def queue_cases(case_ids, *, now: datetime | None = None) -> int:
    """Decided cases join the queue with their clock; a published one whose content changed is published
    again with its history (更正, 《市场监督管理行政处罚信息公示规定》第十二条)."""
    now = now or timezone.now()
    ids, calendar = list(case_ids), Calendar()
    return sum(_queue_chunk(ids[i:i + CHUNK], now, calendar) for i in range(0, len(ids), CHUNK))


def _queue_chunk(case_ids: list[int], now: datetime, calendar: Calendar) -> int:
    today = timezone.localdate(now)
    cases = PenaltyCase.objects.filter(pk__in=case_ids, status__in=DECIDED).select_related("agency", "party")
    new, changed = [], 0
    known = dict(Publication.objects.filter(case_id__in=case_ids).values_list("case_id", "status"))
    for case in cases.iterator(chunk_size=2000):
        if case.pk in known:
            if known[case.pk] in SHOWN:
                changed += _refresh(Publication.objects.get(case_id=case.pk), now=now)
            continue
        profile = policy.profile_for(case.agency)
        if policy.display_until(case, profile, case.decision_date) < today:
            continue  # older than any display period: nothing to publish any more
        due = due_for(get_rule(profile.publish_rule), _start_of(case.decision_date), calendar=calendar)
        held = policy.held_back_by_law(case, profile, case.party.birth_date)
        new.append(Publication(case=case, agency=case.agency, year=case.decision_date.year, rule_id=profile.publish_rule,
                               due_at=due.at, provisional=due.provisional, updated_at=now,
                               status=P.WITHHELD if held else P.PENDING, withheld_reason=held,
                               withheld_note=policy.withheld_reasons()[held]["citation"] if held else ""))
    created = Publication.objects.bulk_create(new, batch_size=1000)
    created = list(Publication.objects.filter(case_id__in=[p.case_id for p in created]))
    PublicationEvent.objects.bulk_create(
        [PublicationEvent(publication=p, time=now, actor_name="系统", code=Step.QUEUED, to_status=p.status,
                          note=p.withheld_note) for p in created], batch_size=1000)
    by_agency: dict[int, int] = {}
    for p in created:
        by_agency[p.agency_id] = by_agency.get(p.agency_id, 0) + 1
    record_audit_many([AuditEvent("publication.queue", "portal.publication", "", f"列入公示队列 {n} 件", agency_id,
                                  after={"count": n}) for agency_id, n in by_agency.items()], now=now)
    return len(created) + changed


def _refresh(pub: Publication, *, now: datetime, actor=None) -> int:
    record = public_record(pub.case)
    if record == pub.record:
        return 0
    changes = {k: [pub.record.get(k, ""), v] for k, v in record.items() if pub.record.get(k, "") != v}
    pub.record, pub.updated_at = record, now
    pub.save(update_fields=["record", "updated_at"])
    _event(pub, Step.CHANGE, actor=actor, now=now, old=pub.status, changes=changes, note="案件信息更新，公示内容随之更正")
    record_audit("publication.change", actor=actor, now=now, obj=pub, owner_agency_id=pub.agency_id,
                 after={"fields": sorted(changes)})
    return 1


def _event(pub: Publication, code: str, *, actor, now: datetime, old: str, note: str = "", changes=None) -> None:
    PublicationEvent.objects.create(publication=pub, time=now, **actor_fields(actor), code=code, from_status=old,
                                    to_status=pub.status, note=note, changes=changes or {})


def _lock(pub: Publication, actor, to: str) -> Publication:
    require(may_publish_decision(actor, pub), "只有作出处罚决定的机关的执法人员、法制审核员或负责人可以办理公示")
    locked = Publication.objects.select_for_update().select_related("case", "agency", "case__party").get(pk=pub.pk)
    if to not in PUBLICATION_TRANSITIONS[locked.status]:
        raise DomainError(f"该决定当前为“{locked.get_status_display()}”，不能{_VERB[to]}")
    return locked


_VERB = {P.PUBLISHED: "公示", P.WITHHELD: "决定不予公示", P.PENDING: "重新列入公示队列",
         P.WITHDRAWAL_DUE: "登记决定变更或撤销", P.WITHDRAWN: "撤回", P.ENDED: "停止公示"}


# ---- steps ---------------------------------------------------------------------------------------------------------

def _held(pub: Publication, profile: policy.Profile) -> str:
    return policy.held_back_by_law(pub.case, profile, pub.case.party.birth_date)


def _put_up(pub: Publication, *, actor, at: datetime, now: datetime) -> tuple[PublicationEvent, AuditEvent]:
    """Publish a locked, pending, publishable decision at `at`: its record as redacted now, its end date,
    and the history and audit rows (returned unsaved, so one or many are written alike)."""
    profile = policy.profile_for(pub.agency)
    old = pub.status
    pub.status, pub.published_at, pub.updated_at = P.PUBLISHED, at, now
    pub.record = public_record(pub.case)
    pub.display_until = policy.display_until(pub.case, profile, timezone.localdate(at))
    late = pub.due_at is not None and at > pub.due_at
    event = PublicationEvent(publication=pub, time=at, **actor_fields(actor), code=Step.PUBLISH, from_status=old,
                             to_status=P.PUBLISHED,
                             note=f"公示至 {pub.display_until:%Y-%m-%d}" + ("（逾期公示）" if late else ""))
    audit = AuditEvent("publication.publish", "portal.publication", str(pub.pk), str(pub), pub.agency_id,
                       after={"display_until": pub.display_until, "late": late})
    return event, audit


PUBLISHED_FIELDS = ["status", "published_at", "updated_at", "record", "display_until"]


@transaction.atomic
def publish(pub: Publication, *, actor, now: datetime | None = None) -> Publication:
    now = now or timezone.now()
    pub = _lock(pub, actor, P.PUBLISHED)
    if pub.status == P.PUBLISHED:
        raise DomainError("该决定已在公示中")
    held = _held(pub, policy.profile_for(pub.agency))
    if held:
        raise DomainError(f"依法不予公示：{policy.withheld_reasons()[held]['label']}"
                          f"（{policy.withheld_reasons()[held]['citation']}）")
    event, audit = _put_up(pub, actor=actor, at=now, now=now)
    pub.save(update_fields=PUBLISHED_FIELDS)
    event.save()
    record_audit_many([audit], actor=actor, now=now)
    return pub


@transaction.atomic
def publish_many(pubs, *, actor, now: datetime | None = None, when: dict[int, datetime] | None = None) -> int:
    """Publish pending decisions together (the queue's 全部公示; the demo, with each one's own `when`): the
    same checks and rows as publish, written in bulk. Decisions the law holds back stay in the queue."""
    now = now or timezone.now()
    locked = list(Publication.objects.select_for_update().select_related("case", "agency", "case__party")
                  .filter(pk__in=[p.pk for p in pubs], status=P.PENDING).order_by("id"))
    done, events, audits = [], [], []
    for pub in locked:
        require(may_publish_decision(actor, pub), "只有作出处罚决定的机关的执法人员、法制审核员或负责人可以办理公示")
        if _held(pub, policy.profile_for(pub.agency)):
            continue
        event, audit = _put_up(pub, actor=actor, at=(when or {}).get(pub.pk, now), now=now)
        done.append(pub)
        events.append(event)
        audits.append(audit)
    Publication.objects.bulk_update(done, PUBLISHED_FIELDS, batch_size=500)
    PublicationEvent.objects.bulk_create(events, batch_size=1000)
    record_audit_many(audits, actor=actor, now=now)
    return len(done)


def publish_due(agency, *, actor, now: datetime | None = None) -> int:
    """Publish every pending decision of the agency (the queue's 全部公示)."""
    return publish_many(list(Publication.objects.filter(agency=agency, status=P.PENDING)), actor=actor, now=now)


@transaction.atomic
def withhold(pub: Publication, *, actor, reason: str, note: str, now: datetime | None = None) -> Publication:
    now = now or timezone.now()
    reasons = policy.withheld_reasons()
    if reason not in reasons:
        raise DomainError(f"不予公示情形“{reason[:20]}”无效；可选：{'、'.join(r['label'] for r in reasons.values())}")
    if not note.strip():
        raise DomainError("不予公示须写明理由（说明）")
    pub = _lock(pub, actor, P.WITHHELD)
    old = pub.status
    pub.status, pub.withheld_reason, pub.withheld_note, pub.updated_at = P.WITHHELD, reason, note.strip()[:300], now
    pub.save(update_fields=["status", "withheld_reason", "withheld_note", "updated_at"])
    _event(pub, Step.WITHHOLD, actor=actor, now=now, old=old, note=f"{reasons[reason]['label']}：{pub.withheld_note}")
    record_audit("publication.withhold", actor=actor, now=now, obj=pub, owner_agency_id=pub.agency_id,
                 after={"reason": reason}, reason=pub.withheld_note)
    return pub


@transaction.atomic
def requeue(pub: Publication, *, actor, now: datetime | None = None) -> Publication:
    now = now or timezone.now()
    pub = _lock(pub, actor, P.PENDING)
    old = pub.status
    pub.status, pub.withheld_reason, pub.withheld_note, pub.updated_at = P.PENDING, "", "", now
    pub.save(update_fields=["status", "withheld_reason", "withheld_note", "updated_at"])
    _event(pub, Step.RECONSIDER, actor=actor, now=now, old=old)
    record_audit("publication.requeue", actor=actor, now=now, obj=pub, owner_agency_id=pub.agency_id)
    return pub


@transaction.atomic
def record_revocation(pub: Publication, *, actor, kind: str, reason: str, revoked_at: datetime,
                      now: datetime | None = None) -> Publication:
    """The decision was changed, revoked, confirmed illegal or void: the withdrawal clock starts (行政处罚法
    第四十八条第二款: 三日内撤回并公开说明理由)."""
    now = now or timezone.now()
    if kind not in RevocationKind.values:
        raise DomainError(f"“{kind[:20]}”无效；可选：{'、'.join(RevocationKind.labels)}")
    if not reason.strip():
        raise DomainError("须写明撤回的理由（将公开说明）")
    if revoked_at > now:
        raise DomainError("变更或撤销的时间不能晚于现在")
    pub = _lock(pub, actor, P.WITHDRAWAL_DUE)
    rule = get_rule(policy.profile_for(pub.agency).withdraw_rule)
    old = pub.status
    pub.status, pub.revoked_at, pub.revocation_kind = P.WITHDRAWAL_DUE, revoked_at, kind
    pub.withdraw_reason, pub.withdraw_due_at, pub.updated_at = reason.strip()[:300], due_for(rule, revoked_at).at, now
    pub.save()
    _event(pub, Step.REVOKED, actor=actor, now=now, old=old,
           note=f"{RevocationKind(kind).label}；应于{timezone.localtime(pub.withdraw_due_at):%Y-%m-%d}前撤回（{rule.citation}）")
    record_audit("publication.revoked", actor=actor, now=now, obj=pub, owner_agency_id=pub.agency_id,
                 after={"kind": kind, "withdraw_due_at": pub.withdraw_due_at}, reason=pub.withdraw_reason)
    return pub


@transaction.atomic
def withdraw(pub: Publication, *, actor, reason: str = "", now: datetime | None = None) -> Publication:
    now = now or timezone.now()
    pub = _lock(pub, actor, P.WITHDRAWN)
    reason = (reason or pub.withdraw_reason).strip()
    if not reason:
        raise DomainError("撤回须公开说明理由（行政处罚法第四十八条第二款）")
    old = pub.status
    pub.status, pub.withdrawn_at, pub.withdraw_reason, pub.updated_at = P.WITHDRAWN, now, reason[:300], now
    pub.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    late = pub.withdraw_due_at is not None and now > pub.withdraw_due_at
    _event(pub, Step.WITHDRAW, actor=actor, now=now, old=old, note=reason + ("（逾期撤回）" if late else ""))
    record_audit("publication.withdraw", actor=actor, now=now, obj=pub, owner_agency_id=pub.agency_id,
                 after={"late": late}, reason=reason)
    return pub


def end_expired(*, now: datetime | None = None) -> int:
    """Stop showing what reached its end date (the public lists also filter by date, so a late sweep
    shows nothing it should not)."""
    now = now or timezone.now()
    ended = 0
    for pub in Publication.objects.filter(status=P.PUBLISHED, display_until__lt=timezone.localdate(now)):
        with transaction.atomic():
            if Publication.objects.filter(pk=pub.pk, status=P.PUBLISHED).update(status=P.ENDED, updated_at=now):
                pub.status = P.ENDED
                _event(pub, Step.END, actor=None, now=now, old=P.PUBLISHED, note=f"公示截止 {pub.display_until}")
                ended += 1
    if ended:
        record_audit("publication.end", now=now, object_type="portal.publication", object_repr=f"停止公示 {ended} 件",
                     after={"count": ended})
    return ended


# ---- look-ups --------------------------------------------------------------------------------------------------

def shown(today: date | None = None):
    """What the public site shows: published (or revoked and not yet withdrawn), within its display period."""
    today = today or timezone.localdate()
    return Publication.objects.filter(status__in=SHOWN, display_until__gte=today).select_related("agency")


def withdrawn():
    return Publication.objects.filter(status=P.WITHDRAWN).select_related("agency")


def visible_publications(user):
    return scope_by_agency(Publication.objects.select_related("agency", "case"), user)


def clock_state(pub: Publication, now: datetime) -> tuple[str, bool]:
    """The queue's clock in words, and whether it is late."""
    due = pub.withdraw_due_at if pub.status == P.WITHDRAWAL_DUE else pub.due_at if pub.status == P.PENDING else None
    if due is None:
        return "", False
    left = due - now
    if left.total_seconds() < 0:
        return f"已逾期 {(-left).days + 1} 天", True
    return f"剩余 {left.days} 天" if left.days else "今日到期", left.days < 1
