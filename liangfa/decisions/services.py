"""重大行政决策: catalogue, then 公众参与, 专家论证, 风险评估, 合法性审查, 集体讨论决定, 公布, 归档, 后评估.

The steps are gates: each service refuses to go on while an earlier step is missing, and says which
article of the 条例 requires it (decisions/rules.py). 法律顾问 are kept with their contracts; their
opinions on decisions and cases are recorded here too.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.permissions import (
    may_decide_major,
    may_manage_catalogue,
    may_prepare_decision,
    may_review_legality,
    require,
)
from liangfa.clock import services as clock
from liangfa.clock.calendar import Calendar
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.decisions import rules
from liangfa.decisions.choices import DECISION_TRANSITIONS, DecisionStatus, DecisionStep, Position
from liangfa.decisions.models import (
    AdviserOpinion,
    DecisionCatalogue,
    DecisionEvent,
    LegalAdviser,
    MajorDecision,
    Speech,
)

S = DecisionStatus
REVIEW_RULE = "DEC_LEGALITY_REVIEW"


def _lock(decision: MajorDecision) -> MajorDecision:
    return MajorDecision.objects.select_for_update().select_related("agency").get(pk=decision.pk)


def _move(decision: MajorDecision, new: str, step_key: str) -> str:
    old = decision.status
    if new not in DECISION_TRANSITIONS[old]:
        raise DomainError(f"决策当前为“{decision.get_status_display()}”，不能进行“{rules.step(step_key)['name']}”")
    decision.status = new
    return old


def _event(decision, code: str, *, actor, now, note: str = "", old: str = "") -> None:
    DecisionEvent.objects.create(decision=decision, code=code, time=now, note=note, from_status=old,
                                 to_status=decision.status if old else "", **actor_fields(actor))


def _audit(action: str, decision, *, actor, now, **after) -> None:
    record_audit(f"decision.{action}", actor=actor, now=now, obj=decision, owner_agency_id=decision.agency_id,
                 after=after or None)


def _result_or_reason(result: str, not_applicable: str, key: str) -> tuple[str, str]:
    result, not_applicable = (result or "").strip(), (not_applicable or "").strip()
    if bool(result) == bool(not_applicable):
        raise DomainError(f"{rules.step(key)['name']}：请填写结果，或写明不适用的理由（二者填一项）")
    return result, not_applicable


def _drafting(decision: MajorDecision, key: str) -> None:
    if decision.status != S.DRAFTING:
        raise DomainError(f"决策已送请合法性审查，不能再修改“{rules.step(key)['name']}”")


# ---- catalogue ---------------------------------------------------------------------------------------

@transaction.atomic
def add_to_catalogue(*, actor, year: int, title: str, summary: str = "", now=None) -> MajorDecision:
    now = now or timezone.now()
    agency = actor.agency
    require(agency is not None and may_manage_catalogue(actor, agency), "无权编制决策事项目录：须为负责人或法制审核员")
    if not title.strip():
        raise DomainError("请填写决策事项")
    if not 2000 <= year <= timezone.localdate(now).year + 1:
        raise DomainError(f"目录年度应为 2000 至 {timezone.localdate(now).year + 1} 年")
    catalogue, _ = DecisionCatalogue.objects.get_or_create(agency=agency, year=year)
    if catalogue.published_at:
        raise DomainError(f"{year}年度目录已于 {timezone.localtime(catalogue.published_at):%Y-%m-%d} 公布；"
                          "调整目录须重新公布")
    decision = MajorDecision.objects.create(catalogue=catalogue, agency=agency, title=title.strip(),
                                            summary=summary.strip(), created_by=actor, created_at=now)
    _event(decision, DecisionStep.CATALOGUE, actor=actor, now=now, note=f"{year}年度目录")
    _audit("catalogue_add", decision, actor=actor, now=now, year=year, title=decision.title)
    return decision


@transaction.atomic
def publish_catalogue(catalogue: DecisionCatalogue, *, actor, now=None) -> DecisionCatalogue:
    now = now or timezone.now()
    require(may_manage_catalogue(actor, catalogue.agency), "无权公布决策事项目录：须为负责人或法制审核员")
    if catalogue.published_at:
        raise DomainError("目录已经公布")
    if not catalogue.decisions.exists():
        raise DomainError("目录中还没有决策事项")
    catalogue.published_at, catalogue.published_by = now, actor
    catalogue.save(update_fields=["published_at", "published_by"])
    record_audit("decision.catalogue_publish", actor=actor, now=now, obj=catalogue,
                 owner_agency_id=catalogue.agency_id, after={"year": catalogue.year})
    return catalogue


def _catalogued(decision: MajorDecision) -> None:
    if not decision.catalogue.published_at:
        raise DomainError(f"{decision.catalogue.year}年度决策事项目录尚未公布，决策程序不能开始（{rules.cite('catalogue')}）")


# ---- drafting: 公众参与, 专家论证, 风险评估 ---------------------------------------------------------------

@transaction.atomic
def record_consultation(decision: MajorDecision, *, actor, start: date | None = None, end: date | None = None,
                        result: str = "", short_reason: str = "", not_applicable: str = "", now=None):
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_prepare_decision(actor, decision), "无权办理公众参与：须为决策机关工作人员")
    _catalogued(decision)
    _drafting(decision, "consultation")
    if not_applicable.strip():
        decision.consultation_na, decision.consultation_result = not_applicable.strip(), ""
        decision.consultation_from = decision.consultation_to = None
        decision.consultation_short_reason = ""
    else:
        if start is None or end is None or end < start:
            raise DomainError("请填写公开征求意见的起止日期（截止日不能早于开始日）")
        if end > timezone.localdate(now):
            raise DomainError(f"征求意见期至 {end:%Y-%m-%d} 才截止，截止后再登记公众参与情况")
        days = (end - start).days + 1
        minimum = rules.min_consultation_days()
        if days < minimum and not short_reason.strip():
            raise DomainError(f"公开征求意见{days}日，少于{minimum}日：须说明缩短期限的理由（{rules.cite('consultation')}）")
        if not result.strip():
            raise DomainError("请填写公众参与情况（收到的意见及采纳情况）")
        decision.consultation_from, decision.consultation_to = start, end
        decision.consultation_short_reason = short_reason.strip() if days < minimum else ""
        decision.consultation_result, decision.consultation_na = result.strip(), ""
    decision.save()
    _event(decision, DecisionStep.CONSULTATION, actor=actor, now=now,
           note=decision.consultation_na and f"不适用：{decision.consultation_na}" or
           f"{decision.consultation_from:%Y-%m-%d}至{decision.consultation_to:%Y-%m-%d}：{decision.consultation_result}")
    _audit("consultation", decision, actor=actor, now=now, start=start, end=end, na=not_applicable)
    return decision


@transaction.atomic
def record_expert(decision: MajorDecision, *, actor, result: str = "", not_applicable: str = "", now=None):
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_prepare_decision(actor, decision), "无权登记专家论证：须为决策机关工作人员")
    _catalogued(decision)
    _drafting(decision, "expert")
    decision.expert_result, decision.expert_na = _result_or_reason(result, not_applicable, "expert")
    decision.save(update_fields=["expert_result", "expert_na"])
    _event(decision, DecisionStep.EXPERT, actor=actor, now=now,
           note=decision.expert_result or f"不适用：{decision.expert_na}")
    _audit("expert", decision, actor=actor, now=now, result=decision.expert_result, na=decision.expert_na)
    return decision


@transaction.atomic
def record_risk(decision: MajorDecision, *, actor, result: str = "", not_applicable: str = "", now=None):
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_prepare_decision(actor, decision), "无权登记风险评估：须为决策机关工作人员")
    _catalogued(decision)
    _drafting(decision, "risk")
    decision.risk_result, decision.risk_na = _result_or_reason(result, not_applicable, "risk")
    decision.save(update_fields=["risk_result", "risk_na"])
    _event(decision, DecisionStep.RISK, actor=actor, now=now, note=decision.risk_result or f"不适用：{decision.risk_na}")
    _audit("risk", decision, actor=actor, now=now, result=decision.risk_result, na=decision.risk_na)
    return decision


def missing_before_review(decision: MajorDecision) -> list[str]:
    """The drafting steps still to be recorded, each with its article."""
    missing = []
    if not (decision.consultation_result or decision.consultation_na):
        missing.append(f"公众参与（{rules.cite('consultation')}）")
    if not (decision.expert_result or decision.expert_na):
        missing.append(f"专家论证（{rules.cite('expert')}）")
    if not (decision.risk_result or decision.risk_na):
        missing.append(f"风险评估（{rules.cite('risk')}）")
    return missing


# ---- 合法性审查 ---------------------------------------------------------------------------------------

def earliest_review_due(sent_at: datetime) -> date:
    """The sender must leave at least 7 working days (条例: 一般不少于7个工作日)."""
    calendar, day, counted = Calendar(), timezone.localdate(sent_at), 0
    while counted < rules.min_review_working_days():
        day += timedelta(days=1)
        if calendar.is_workday(day):
            counted += 1
    return day


@transaction.atomic
def send_for_review(decision: MajorDecision, *, actor, due: date, adviser: LegalAdviser | None = None, now=None):
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_prepare_decision(actor, decision), "无权送请合法性审查：须为决策机关工作人员")
    _catalogued(decision)
    missing = missing_before_review(decision)
    if missing:
        raise DomainError("决策草案尚未完成：" + "、".join(missing) + "，不能送请合法性审查")
    earliest = earliest_review_due(now)
    if due is None or due < earliest:
        raise DomainError(f"审查期满日不得早于 {earliest:%Y-%m-%d}：应当保证必要的审查时间，一般不少于"
                          f"{rules.min_review_working_days()}个工作日（{rules.cite('legality', 'review_time')}）")
    if adviser is not None and (adviser.agency_id != decision.agency_id or not adviser.in_contract(
            timezone.localdate(now)) or adviser.user_id is None):
        raise DomainError(f"{adviser.name}不是本机关聘期内、有平台账号的法律顾问")
    old = _move(decision, S.IN_REVIEW, "legality")
    decision.legality_reviewer, decision.legality_sent_at, decision.legality_due = adviser, now, due
    decision.legality_passed, decision.legality_opinion, decision.legality_at = None, "", None
    decision.save()
    clock.start_deadline(REVIEW_RULE, subject=decision, holder_agency=decision.agency, started_at=now,
                         start_event="送请合法性审查", due_date=due)
    who = f"法律顾问{adviser.name}" if adviser else "本机关法制审核机构"
    _event(decision, DecisionStep.LEGALITY_SENT, actor=actor, now=now, old=old, note=f"送{who}审查，{due:%Y-%m-%d}前完成")
    _audit("legality_sent", decision, actor=actor, now=now, adviser=adviser.pk if adviser else None, due=due)
    return decision


@transaction.atomic
def review_legality(decision: MajorDecision, *, actor, passed: bool, opinion: str, now=None):
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_review_legality(actor, decision),
            "无权出具合法性审查意见：须为本机关法制审核员，或送审的法律顾问本人")
    if not opinion.strip():
        raise DomainError("请填写合法性审查意见")
    old = _move(decision, S.REVIEWED if passed else S.REVIEW_FAILED, "legality")
    decision.legality_passed, decision.legality_opinion, decision.legality_at = passed, opinion.strip(), now
    decision.save(update_fields=["status", "legality_passed", "legality_opinion", "legality_at"])
    clock.complete_deadlines(decision, REVIEW_RULE, now=now, by="已出具合法性审查意见")
    if decision.legality_reviewer_id:
        AdviserOpinion.objects.create(adviser=decision.legality_reviewer, decision=decision, text=opinion.strip(),
                                      given_at=now)
    _event(decision, DecisionStep.LEGALITY, actor=actor, now=now, old=old,
           note=("合法" if passed else "不合法，不得提交讨论") + f"：{decision.legality_opinion}")
    _audit("legality", decision, actor=actor, now=now, passed=passed, opinion=decision.legality_opinion)
    return decision


# ---- 集体讨论决定 ---------------------------------------------------------------------------------------

def _check_speeches(speeches: list[dict]) -> None:
    if len(speeches) < 2:
        raise DomainError("集体讨论须记录会议组成人员的发言（至少两人）")
    for n, s in enumerate(speeches, 1):
        if not s.get("speaker", "").strip() or s.get("position") not in Position.values:
            raise DomainError(f"第{n}位发言：请填写发言人和意见（同意、不同意或保留意见）")
    heads = [n for n, s in enumerate(speeches) if s.get("is_head")]
    if heads != [len(speeches) - 1]:
        raise DomainError(f"行政首长应当最后发表意见（{rules.cite('discussion')}）")


@transaction.atomic
def decide(decision: MajorDecision, *, actor, meeting: str, speeches: list[dict], adopt: bool,
           head_reason: str = "", now=None) -> MajorDecision:
    """The 集体讨论: members speak, the head last; the head decides. Refused without a passed 合法性审查."""
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_decide_major(actor, decision), "无权记录集体讨论决定：须为决策机关负责人（行政首长）")
    if decision.status in (S.DRAFTING, S.IN_REVIEW, S.REVIEW_FAILED):
        state = {S.DRAFTING: "未经合法性审查", S.IN_REVIEW: "合法性审查尚未完成",
                 S.REVIEW_FAILED: "经合法性审查不合法"}[decision.status]
        raise DomainError(f"决策草案{state}，不得提交决策机关讨论（{rules.cite('legality')}）")
    if not meeting.strip():
        raise DomainError("请填写讨论的会议（常务会议或全体会议）")
    _check_speeches(speeches)
    members = speeches[:-1]
    majority_agree = sum(s["position"] == Position.AGREE for s in members) * 2 > len(members)
    if adopt != majority_agree and not head_reason.strip():
        raise DomainError(f"行政首长的决定与会议组成人员多数人的意见不一致，应当在会上说明理由（{rules.cite('discussion')}）")
    old = _move(decision, S.DECIDED if adopt else S.NOT_ADOPTED, "discussion")
    Speech.objects.filter(decision=decision).delete()
    Speech.objects.bulk_create([Speech(decision=decision, order=n, speaker=s["speaker"].strip(),
                                       is_head=bool(s.get("is_head")), position=s["position"],
                                       text=s.get("text", "").strip()) for n, s in enumerate(speeches, 1)])
    dissent = [f"{s['speaker']}（{Position(s['position']).label}）：{s.get('text', '').strip() or '未说明'}"
               for s in speeches if s["position"] != Position.AGREE]
    decision.discussed_at, decision.discussion_meeting, decision.adopted = now, meeting.strip(), adopt
    decision.head_reason, decision.dissent = head_reason.strip(), "；".join(dissent)
    decision.save()
    _event(decision, DecisionStep.DISCUSSION, actor=actor, now=now, old=old,
           note=("决定通过" if adopt else "决定不通过") + (f"；不同意见：{decision.dissent}" if dissent else ""))
    _audit("discussion", decision, actor=actor, now=now, adopt=adopt, dissent=decision.dissent)
    return decision


# ---- 公布, 归档, 后评估 --------------------------------------------------------------------------------------

@transaction.atomic
def publish(decision: MajorDecision, *, actor, channel: str, now=None) -> MajorDecision:
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_prepare_decision(actor, decision), "无权公布决策：须为决策机关工作人员")
    if decision.status != S.DECIDED:
        raise DomainError(f"决策尚未经集体讨论决定通过，不能公布（{rules.cite('discussion')}）")
    if not channel.strip():
        raise DomainError("请填写公布途径（政府公报、政府网站等）")
    old = _move(decision, S.PUBLISHED, "publication")
    decision.published_at, decision.publication_channel = now, channel.strip()
    decision.save(update_fields=["status", "published_at", "publication_channel"])
    _event(decision, DecisionStep.PUBLICATION, actor=actor, now=now, old=old, note=decision.publication_channel)
    _audit("publish", decision, actor=actor, now=now, channel=decision.publication_channel)
    return decision


@transaction.atomic
def archive(decision: MajorDecision, *, actor, archive_no: str, now=None) -> MajorDecision:
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_prepare_decision(actor, decision), "无权归档：须为决策机关工作人员")
    if decision.status != S.PUBLISHED:
        raise DomainError(f"决策尚未公布，不能归档（{rules.cite('publication')}）")
    if not archive_no.strip():
        raise DomainError("请填写档案号")
    old = _move(decision, S.ARCHIVED, "archive")
    decision.archived_at, decision.archive_no = now, archive_no.strip()
    decision.save(update_fields=["status", "archived_at", "archive_no"])
    _event(decision, DecisionStep.ARCHIVE, actor=actor, now=now, old=old, note=decision.archive_no)
    _audit("archive", decision, actor=actor, now=now, archive_no=decision.archive_no)
    return decision


@transaction.atomic
def evaluate(decision: MajorDecision, *, actor, result: str, now=None) -> MajorDecision:
    now = now or timezone.now()
    decision = _lock(decision)
    require(may_prepare_decision(actor, decision), "无权登记后评估：须为决策机关工作人员")
    if decision.status != S.ARCHIVED:
        raise DomainError(f"决策尚未公布并归档，不能进行后评估（{rules.cite('evaluation')}）")
    if not result.strip():
        raise DomainError("请填写后评估结论")
    old = _move(decision, S.EVALUATED, "evaluation")
    decision.evaluated_at, decision.evaluation_result = now, result.strip()
    decision.save(update_fields=["status", "evaluated_at", "evaluation_result"])
    _event(decision, DecisionStep.EVALUATION, actor=actor, now=now, old=old, note=decision.evaluation_result)
    _audit("evaluate", decision, actor=actor, now=now, result=decision.evaluation_result)
    return decision


# ---- 法律顾问 ------------------------------------------------------------------------------------------

@transaction.atomic
def engage_adviser(*, actor, name: str, firm: str, contract_no: str, start: date, end: date, user=None,
                   contract_file=None, now=None) -> LegalAdviser:
    now = now or timezone.now()
    agency = actor.agency
    require(agency is not None and may_manage_catalogue(actor, agency), "无权聘请法律顾问：须为负责人或法制审核员")
    if not (name.strip() and firm.strip() and contract_no.strip()):
        raise DomainError("请填写姓名、执业机构和合同编号")
    if start is None or end is None or end < start:
        raise DomainError("请填写合同起止日期（终止日不能早于起始日）")
    adviser = LegalAdviser.objects.create(agency=agency, name=name.strip(), firm=firm.strip(), user=user,
                                          contract_no=contract_no.strip(), contract_start=start, contract_end=end,
                                          **({"contract_file": contract_file} if contract_file else {}))
    record_audit("adviser.engage", actor=actor, now=now, obj=adviser, owner_agency_id=agency.pk,
                 after={"name": adviser.name, "contract_no": adviser.contract_no, "start": start, "end": end})
    return adviser


@transaction.atomic
def record_adviser_opinion(adviser: LegalAdviser, *, actor, text: str, decision=None, case=None, now=None):
    """A 法律顾问 states an opinion on a decision or a case of the organ that engaged them."""
    now = now or timezone.now()
    require(actor is not None and adviser.user_id == actor.pk, "只能以本人名义出具法律顾问意见")
    if not adviser.in_contract(timezone.localdate(now)):
        raise DomainError(f"聘用合同{adviser.contract_no}不在有效期内")
    if (decision is None) == (case is None) or not text.strip():
        raise DomainError("请选择一个决策或一个案件，并填写法律意见")
    target = decision or case
    if target.agency_id != adviser.agency_id:
        raise DomainError("只能就聘请机关的决策或案件出具意见")
    opinion = AdviserOpinion.objects.create(adviser=adviser, decision=decision, case=case, text=text.strip(),
                                            given_at=now)
    if decision is not None:
        _event(decision, DecisionStep.ADVISER_OPINION, actor=actor, now=now, note=opinion.text)
    record_audit("adviser.opinion", actor=actor, now=now, obj=opinion, owner_agency_id=adviser.agency_id,
                 after={"text": opinion.text})
    return opinion


# ---- reading -------------------------------------------------------------------------------------------

def visible_decisions(user):
    """The organ's own decisions; supervising bodies see all; a 法律顾问 those of the organs that engaged them."""
    base = MajorDecision.objects.select_related("agency", "catalogue", "legality_reviewer")
    if visible_agency_ids(user) is ALL:
        return base
    agencies = {user.agency_id} | set(LegalAdviser.objects.filter(user=user).values_list("agency_id", flat=True))
    return base.filter(agency_id__in=agencies)


def advisers_of(user):
    return LegalAdviser.objects.filter(user=user).select_related("agency")


def year_figures(agency_id: int, year: int) -> dict:
    decisions = MajorDecision.objects.filter(agency_id=agency_id, catalogue__year=year)
    reviewed = decisions.exclude(legality_at__isnull=True)
    return {"catalogued": decisions.count(),
            "consulted": decisions.exclude(consultation_result="").count(),
            "reviewed": reviewed.count(), "review_failed": decisions.filter(status=S.REVIEW_FAILED).count(),
            "by_adviser": reviewed.exclude(legality_reviewer__isnull=True).count(),
            "decided": decisions.filter(adopted__isnull=False).count(),
            "with_dissent": decisions.exclude(dissent="").count(),
            "published": decisions.exclude(published_at__isnull=True).count(),
            "evaluated": decisions.exclude(evaluated_at__isnull=True).count(),
            "adviser_opinions": AdviserOpinion.objects.filter(adviser__agency_id=agency_id,
                                                              given_at__year=year).count()}
