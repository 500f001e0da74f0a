"""网上流转: each step of a case handled on the platform is one service here — it checks the person and the
step, writes the step (FlowEvent), the registry case's status, the document, the audit row and the clock.
法制审核 is in review.py, dissents and remedy outcomes in dissent.py."""

from collections import deque
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from liangfa.agencies.access import scope_by_agency
from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.permissions import may_decide_case, may_handle_online, may_set_review_policy, require
from liangfa.cases.choices import CASE_TRANSITIONS, EventKind
from liangfa.cases.kinds import kind_ids
from liangfa.cases.models import CaseEvent, PenaltyCase
from liangfa.cases.services import change_case_status
from liangfa.cases.signals import cases_imported
from liangfa.clock.services import cancel_deadlines, complete_deadlines, open_deadline, start_deadline
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.core.text import normalize_doc_no
from liangfa.parties.choices import KIND_BY_LABEL
from liangfa.parties.services import PartyInput, resolve_party
from liangfa.review import documents
from liangfa.review.choices import CASE_STATUS_AT, FLOW_TRANSITIONS, FileKind, FlowAction, FlowStep, Procedure
from liangfa.review.models import CaseFile, HandledCase, LegalReview, ReviewPolicy
from liangfa.review.policy import collective_grounds, is_on_the_spot_size, policy_for, review_grounds

APL = "《行政处罚法》"


def visible_handled(user):
    """Cases handled online that the user's organ may see (its own and those below it)."""
    return scope_by_agency(HandledCase.objects.select_related("agency", "case", "handler"), user)


def get_handled_for_user(user, pk: int) -> HandledCase:
    handled = visible_handled(user).filter(pk=pk).first()
    if handled is None:
        raise DomainError("案件不存在或无权查看")
    return handled


# ---- the step itself ------------------------------------------------------------------------------------------

def decide_rule(agency) -> str:
    """90日 from 立案 (《行政处罚法》第六十条); a police organ's 治安案件 30日 from 受理 (程序规定第一百六十五条)."""
    return "POL_ADMIN_CONCLUDE" if agency.kind == AgencyKind.POLICE else "REV_DECIDE"


def serve_rule(agency) -> str:
    return "POL_SERVE_PUBLIC_ORDER" if agency.kind == AgencyKind.POLICE else "REV_SERVE"


def hearing_rule(agency) -> str:
    return "POL_HEARING_REQUEST" if agency.kind == AgencyKind.POLICE else "REV_HEARING_REQUEST"


def _lock(handled: HandledCase) -> HandledCase:
    return HandledCase.objects.select_for_update(of=("self",)).select_related("agency", "case", "handler").get(pk=handled.pk)


def _status_path(old: str, new: str) -> list[str]:
    """The registry statuses to pass through from old to new, each an allowed step (cases/choices.py)."""
    queue, seen = deque([(old, [])]), {old}
    while queue:
        status, path = queue.popleft()
        if status == new:
            return path
        for nxt in CASE_TRANSITIONS[status]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*path, nxt]))
    raise DomainError(f"案件状态不能从“{old}”变为“{new}”")


def _move(h: HandledCase, to: str, code: str, *, actor, now, note: str = "", fields: tuple = ()) -> HandledCase:
    if to != h.step and to not in FLOW_TRANSITIONS[h.step]:
        raise DomainError(f"案件当前环节为“{h.get_step_display()}”，不能“{FlowAction(code).label}”")
    old = h.step
    h.step = to
    h.save(update_fields=["step", *fields])
    h.events.create(time=now, **actor_fields(actor), code=code, from_status=old, to_status=to, note=note)
    if h.case_id and to in CASE_STATUS_AT:
        for status in _status_path(h.case.status, CASE_STATUS_AT[to]):
            h.case = change_case_status(h.case, status, actor=actor, now=now, note=f"网上办案：{FlowAction(code).label}")
    record_audit(f"review.{code}", actor=actor, now=now, obj=h, owner_agency_id=h.agency_id,
                 before={"step": old}, after={"step": to}, reason=note)
    return h


def _required(text: str, label: str) -> str:
    if not (text or "").strip():
        raise DomainError(f"请填写“{label}”")
    return text.strip()


# ---- 立案 --------------------------------------------------------------------------------------------------

def _next_number(agency, year: int, word: str) -> str:
    prefix = f"{agency.name}{word}〔{year}〕"
    used = HandledCase.objects.filter(agency=agency, filing_no__startswith=prefix).count()
    if word == "罚":
        used = PenaltyCase.objects.filter(agency=agency, decision_no__startswith=prefix).count()
    return f"{prefix}{used + 1}号"


@transaction.atomic
def propose_filing(*, agency, actor, party: dict, violation_type: str, summary: str, legal_basis: str,
                   source: str = "", co_handler=None, procedure: str = Procedure.GENERAL, now=None) -> HandledCase:
    """立案申请: the handler states party, conduct and basis; the 负责人 approves (approve_filing)."""
    now = now or timezone.now()
    require(may_handle_online(actor, agency), "只有本机关的执法人员可以在平台上立案办理案件")
    name = _required(party.get("name", ""), "当事人名称")
    kind_label = party.get("kind") or "法人及非法人组织"
    if kind_label not in KIND_BY_LABEL:
        raise DomainError(f"当事人类别“{kind_label}”无效；可选：{'、'.join(KIND_BY_LABEL)}")
    if co_handler is not None and co_handler.pk == actor.pk:
        raise DomainError("协办人不能是主办人本人：执法人员不得少于两人（《行政处罚法》第四十二条）")
    h = HandledCase.objects.create(
        agency=agency, filing_no=_next_number(agency, now.year, "立"), handler=actor, co_handler=co_handler,
        party={"name": name, "kind": kind_label, "code": (party.get("code") or "").strip(),
               "legal_rep": (party.get("legal_rep") or "").strip()},
        violation_type=_required(violation_type, "违法行为类型")[:200], summary=_required(summary, "案情摘要"),
        legal_basis=_required(legal_basis, "立案依据"), source=source[:100], proposed_at=now, procedure=procedure)
    h.events.create(time=now, **actor_fields(actor), code=FlowAction.PROPOSE, to_status=FlowStep.PROPOSED)
    record_audit("review.propose", actor=actor, now=now, obj=h, owner_agency_id=agency.pk,
                 after={"filing_no": h.filing_no, "party": h.party, "violation_type": h.violation_type})
    return h


@transaction.atomic
def approve_filing(handled: HandledCase, *, actor, now=None, opinion: str = "同意立案") -> HandledCase:
    """The 负责人 approves: the registry case is created (numbered by the 立案编号 until the decision) and the
    decision period starts (《行政处罚法》第六十条; 治安案件 程序规定第一百六十五条)."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_decide_case(actor, h), "只有本机关负责人可以审批立案")
    if h.step != FlowStep.PROPOSED:
        raise DomainError(f"案件当前环节为“{h.get_step_display()}”，不在立案审批环节")
    h.case = _register_case(h, actor=actor, now=now)
    h.filed_at = now
    _move(h, FlowStep.INVESTIGATING, FlowAction.APPROVE_FILING, actor=actor, now=now, note=opinion,
          fields=("case", "filed_at"))
    start_deadline(decide_rule(h.agency), subject=h, holder_agency=h.agency, start_event="立案", started_at=now,
                   case=h.case)
    documents.make_document(h, FileKind.FILING_FORM, actor=actor, now=now, extra={"opinion": opinion})
    return h


def _register_case(h: HandledCase, *, actor, now) -> PenaltyCase:
    """The registry case: 立案 status, 立案编号 as its number, the 立案 date where the decision date will be."""
    p = h.party
    party = resolve_party(PartyInput(name=p["name"], kind=KIND_BY_LABEL[p["kind"]], code=p.get("code", ""),
                                     legal_rep=p.get("legal_rep", "")), agency_id=h.agency_id)
    kind = kind_ids([(h.violation_type, h.legal_basis)])[(h.violation_type, h.legal_basis)]
    case = PenaltyCase.objects.create(
        agency=h.agency, decision_no=h.filing_no, decision_no_key=normalize_doc_no(h.filing_no), party=party,
        party_name=p["name"], party_category=p["kind"], party_code=p.get("code", ""), legal_rep=p.get("legal_rep", ""),
        violation_type=h.violation_type, facts=h.summary, legal_basis=h.legal_basis, kind_id=kind,
        penalty_category="", penalty_content="", decision_date=timezone.localdate(now), authority_name=h.agency.name,
        authority_code=h.agency.uscc, status="filed", created_at=now, updated_at=now,
        remarks=f"网上办案，立案编号 {h.filing_no}")
    CaseEvent.objects.create(case=case, time=now, **actor_fields(actor), code=EventKind.CREATED, to_status="filed",
                             note="网上办案立案")
    record_audit("case.register_online", actor=actor, now=now, obj=case, owner_agency_id=h.agency_id,
                 after={"filing_no": h.filing_no})
    return case


@transaction.atomic
def refuse_filing(handled: HandledCase, *, actor, reason: str, now=None) -> HandledCase:
    now = now or timezone.now()
    h = _lock(handled)
    require(may_decide_case(actor, h), "只有本机关负责人可以审批立案")
    h.refusal = _required(reason, "不予立案理由")
    return _move(h, FlowStep.NOT_FILED, FlowAction.REFUSE_FILING, actor=actor, now=now, note=reason,
                 fields=("refusal",))


# ---- 调查取证, 告知, 陈述申辩, 听证 ----------------------------------------------------------------------------

@transaction.atomic
def add_material(handled: HandledCase, *, actor, title: str, upload, now=None) -> CaseFile:
    """Evidence uploaded during the investigation, stored with its SHA-256 so the file cannot change unseen."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_handle_online(actor, h.agency), "只有本机关的执法人员可以上传调查取证材料")
    if h.step not in (FlowStep.INVESTIGATING, FlowStep.RETURNED, FlowStep.NOTIFIED):
        raise DomainError(f"案件当前环节为“{h.get_step_display()}”，不能再补充证据材料")
    if upload is None:
        raise DomainError("请选择要上传的证据文件")
    data = upload.read()
    extension = (upload.name.rsplit(".", 1)[-1] if "." in upload.name else "bin")[:10]
    item = documents.store(h, FileKind.EVIDENCE, _required(title, "材料名称"), data, actor=actor, now=now,
                           generated=False, extension=extension)
    h.events.create(time=now, **actor_fields(actor), code=FlowAction.MATERIAL, note=f"{item.title}（已留存完整性校验值）")
    record_audit("review.material", actor=actor, now=now, obj=h, owner_agency_id=h.agency_id,
                 after={"title": item.title, "sha256": item.sha256})
    return item


@transaction.atomic
def issue_notice(handled: HandledCase, *, actor, proposed_penalty: str, proposed_category: str,
                 proposed_fine: Decimal | None, hearing_right: bool, served_at: datetime, public_interest=False,
                 complex_case=False, serious=False, now=None) -> HandledCase:
    """行政处罚事先告知 (《行政处罚法》第四十四条; 听证权利 第六十三条): the proposed penalty and the rights; the
    陈述申辩 period and, with a hearing right, the request period run from service."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_handle_online(actor, h.agency), "只有本机关的执法人员可以送达告知书")
    if served_at > now:
        raise DomainError("告知书送达时间晚于现在，不能预先登记")
    if proposed_fine is not None and proposed_fine < 0:
        raise DomainError("拟罚款金额不能为负数")
    h.proposed_penalty = _required(proposed_penalty, "拟处罚内容")
    h.proposed_category, h.proposed_fine, h.hearing_right = proposed_category.strip(), proposed_fine, hearing_right
    h.public_interest, h.complex_case, h.serious, h.notice_served_at = public_interest, complex_case, serious, served_at
    _move(h, FlowStep.NOTIFIED, FlowAction.NOTIFY, actor=actor, now=now, note=h.proposed_penalty, fields=(
        "proposed_penalty", "proposed_category", "proposed_fine", "hearing_right", "public_interest", "complex_case",
        "serious", "notice_served_at"))
    start_deadline("REV_STATEMENT", subject=h, holder_agency=h.agency, start_event="告知书送达", started_at=served_at,
                   case=h.case)
    if hearing_right:
        start_deadline(hearing_rule(h.agency), subject=h, holder_agency=h.agency, start_event="告知书送达",
                       started_at=served_at, case=h.case)
    documents.make_document(h, FileKind.NOTICE, actor=actor, now=now)
    return h


@transaction.atomic
def record_statement(handled: HandledCase, *, actor, statement: str = "", waived: bool = False,
                     now=None) -> HandledCase:
    """The party's 陈述、申辩 (or its express waiver: 第六十二条), which the organ must hear and check (第四十五条)."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_handle_online(actor, h.agency), "只有本机关的执法人员可以登记陈述申辩")
    if h.step != FlowStep.NOTIFIED:
        raise DomainError("只有已告知的案件可以登记陈述、申辩")
    if not waived:
        _required(statement, "陈述、申辩内容")
    h.statement, h.statement_waived = statement.strip(), waived
    h.save(update_fields=["statement", "statement_waived"])
    complete_deadlines(h, "REV_STATEMENT", now=now, by="当事人明确放弃陈述申辩" if waived else "已登记陈述、申辩")
    note = "当事人明确放弃陈述、申辩" if waived else statement.strip()
    h.events.create(time=now, **actor_fields(actor), code=FlowAction.STATEMENT, note=note)
    record_audit("review.statement", actor=actor, now=now, obj=h, owner_agency_id=h.agency_id, reason=note)
    return h


@transaction.atomic
def record_hearing(handled: HandledCase, *, actor, held_at: datetime, record: str, now=None) -> HandledCase:
    """听证 held (第六十四条): the case now needs 法制审核 (第五十八条第一款第二项)."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_handle_online(actor, h.agency), "只有本机关的执法人员可以登记听证")
    if h.step != FlowStep.NOTIFIED or not h.hearing_right:
        raise DomainError("只有已告知听证权利的案件可以登记听证")
    h.hearing_held_at = held_at
    h.save(update_fields=["hearing_held_at"])
    complete_deadlines(h, hearing_rule(h.agency), now=now, by="当事人要求听证，已举行")
    documents.make_document(h, FileKind.HEARING_RECORD, actor=actor, now=now, extra={"record": _required(record, "听证情况")})
    h.events.create(time=now, **actor_fields(actor), code=FlowAction.HEARING, note=record)
    record_audit("review.hearing", actor=actor, now=now, obj=h, owner_agency_id=h.agency_id, reason=record)
    return h


# ---- 报请决定, 决定, 送达, 结案 --------------------------------------------------------------------------------

def _check_heard(h: HandledCase, now) -> None:
    """第六十二条: no decision before the party was told and heard, unless they waived it."""
    if h.notice_served_at is None:
        raise DomainError(f"未告知当事人拟作出的行政处罚内容及事实、理由、依据，不得作出行政处罚决定（{APL}第六十二条）")
    running = open_deadline(h, "REV_STATEMENT")
    if running and not h.statement and not h.statement_waived and running.due_at and now < running.due_at:
        raise DomainError(f"陈述、申辩期限至 {timezone.localtime(running.due_at):%Y-%m-%d} 届满，当事人尚未陈述申辩或放弃，"
                          f"不得作出行政处罚决定（{APL}第六十二条）")


def passed_review(h: HandledCase) -> LegalReview | None:
    return h.reviews.filter(result="approve").order_by("-round").first()


def check_decision_allowed(h: HandledCase, now) -> None:
    """The gates of a 决定, each refusal citing its article."""
    _check_heard(h, now)
    policy = policy_for(h.agency)
    grounds = review_grounds(h, policy)
    if grounds and passed_review(h) is None:
        why = "；".join(f"{g[1]}（{g[2]}）" for g in grounds)
        raise DomainError(f"本案须经法制审核：{why}。未经法制审核或者审核未通过的，不得作出决定（{APL}第五十八条）")
    needs = collective_grounds(h, policy)
    if needs and not h.discussions.exists():
        why = "；".join(f"{g[1]}（{g[2]}）" for g in needs)
        raise DomainError(f"本案须经负责人集体讨论决定：{why}（{APL}第五十七条第二款）")


@transaction.atomic
def submit_for_decision(handled: HandledCase, *, actor, now=None) -> HandledCase:
    """The handler puts the case before the 负责人 (after review and discussion, or when neither is required)."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_handle_online(actor, h.agency), "只有本机关的执法人员可以报请负责人决定")
    return _move(h, FlowStep.DECIDING, FlowAction.SUBMIT_DECISION, actor=actor, now=now)


@transaction.atomic
def decide(handled: HandledCase, *, actor, now=None) -> HandledCase:
    """The 负责人's decision: refused without a passed review when one is required (第五十八条), without the
    collective discussion (第五十七条第二款), or before the party was heard (第六十二条). Issues the 决定书文号,
    which becomes the registry case's natural key, screens the case and starts the service period."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_decide_case(actor, h), "只有本机关负责人可以作出行政处罚决定")
    if h.step not in (FlowStep.DECIDING, FlowStep.NOTIFIED, FlowStep.REVIEWING, FlowStep.DISCUSSING):
        raise DomainError(f"案件当前环节为“{h.get_step_display()}”，不能作出决定")
    check_decision_allowed(h, now)
    if h.step != FlowStep.DECIDING:
        raise DomainError("请先由承办人员报请负责人决定")
    case = PenaltyCase.objects.select_for_update().get(pk=h.case_id)
    number = _next_number(h.agency, now.year, "罚")
    before = {"decision_no": case.decision_no}
    case.decision_no, case.decision_no_key = number, normalize_doc_no(number)
    case.penalty_content, case.penalty_category = h.proposed_penalty, h.proposed_category or "罚款"
    case.fine_amount, case.decision_date, case.updated_at = h.proposed_fine, timezone.localdate(now), now
    case.save(update_fields=["decision_no", "decision_no_key", "penalty_content", "penalty_category", "fine_amount",
                             "decision_date", "updated_at"])
    CaseEvent.objects.create(case=case, time=now, **actor_fields(actor), code=EventKind.UPDATED,
                             changes={"decision_no": [before["decision_no"], number]}, note="作出决定，编定决定书文号")
    h.case, h.decided_at, h.decided_by = case, now, actor
    _move(h, FlowStep.DECIDED, FlowAction.DECIDE, actor=actor, now=now, note=number, fields=("decided_at", "decided_by"))
    complete_deadlines(h, decide_rule(h.agency), now=now, by=f"作出决定 {number}")
    start_deadline(serve_rule(h.agency), subject=h, holder_agency=h.agency, start_event="作出决定", started_at=now,
                   case=case)
    documents.make_document(h, FileKind.DECISION, actor=actor, now=now)
    transaction.on_commit(lambda: cases_imported.send(sender=HandledCase, case_ids=[case.pk], batch_id=None,
                                                      many=False))
    return h


@transaction.atomic
def send_back(handled: HandledCase, *, actor, reason: str, now=None) -> HandledCase:
    now = now or timezone.now()
    h = _lock(handled)
    require(may_decide_case(actor, h), "只有本机关负责人可以退回调查")
    return _move(h, FlowStep.INVESTIGATING, FlowAction.SEND_BACK, actor=actor, now=now,
                 note=_required(reason, "退回理由"))


@transaction.atomic
def serve_decision(handled: HandledCase, *, actor, served_at: datetime, how: str = "直接送达", now=None) -> HandledCase:
    """送达 (第六十一条: on the spot, or within 七日): the decision takes effect towards the party; 执行 begins."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_handle_online(actor, h.agency), "只有本机关的执法人员可以登记送达")
    if served_at > now or (h.decided_at and served_at < h.decided_at):
        raise DomainError("送达时间须在作出决定之后、现在之前")
    h.served_at = served_at
    _move(h, FlowStep.EXECUTING, FlowAction.SERVE, actor=actor, now=now, note=how, fields=("served_at",))
    complete_deadlines(h, serve_rule(h.agency), now=served_at, by=f"{how}送达")
    documents.make_document(h, FileKind.SERVICE_PROOF, actor=actor, now=now, extra={"how": how})
    return h


@transaction.atomic
def close_case(handled: HandledCase, *, actor, execution: str, now=None) -> HandledCase:
    now = now or timezone.now()
    h = _lock(handled)
    require(may_handle_online(actor, h.agency), "只有本机关的执法人员可以结案")
    h.execution, h.closed_at = _required(execution, "执行情况"), now
    _move(h, FlowStep.CLOSED, FlowAction.CLOSE, actor=actor, now=now, note=execution, fields=("execution", "closed_at"))
    cancel_deadlines(h, now=now, by="结案")
    documents.make_document(h, FileKind.CLOSING_FORM, actor=actor, now=now)
    return h


@transaction.atomic
def record_on_the_spot(*, agency, actor, party: dict, violation_type: str, facts: str, legal_basis: str,
                       penalty: str, fine: Decimal | None, now=None) -> HandledCase:
    """简易程序 (《行政处罚法》第五十一条、第五十二条): decided on the spot without the online flow — only where the
    organ's rules exempt it and within the article's limits; recorded afterwards so the registry sees it."""
    now = now or timezone.now()
    policy = policy_for(agency)
    if policy.online_required and Procedure.SIMPLE not in (policy.exempt_procedures or []):
        raise DomainError("本机关规定所有案件须经网上流转审批，简易程序不在免于网上流转之列；请按普通程序立案办理")
    if not is_on_the_spot_size(fine, party.get("kind", ""), "罚款" if fine else "警告"):
        raise DomainError(f"罚款 {fine} 元超过当场处罚的限额（《行政处罚法》第五十一条：公民二百元以下、"
                          "法人或者其他组织三千元以下），须按普通程序办理")
    h = propose_filing(agency=agency, actor=actor, party=party, violation_type=violation_type, summary=facts,
                       legal_basis=legal_basis, procedure=Procedure.SIMPLE, now=now)
    case = _register_case(h, actor=actor, now=now)
    number = _next_number(agency, now.year, "罚")
    PenaltyCase.objects.filter(pk=case.pk).update(
        decision_no=number, decision_no_key=normalize_doc_no(number), penalty_content=_required(penalty, "处罚内容"),
        penalty_category="罚款" if fine else "警告", fine_amount=fine)
    case.refresh_from_db()
    h.case, h.proposed_penalty, h.proposed_fine = case, penalty, fine
    h.filed_at = h.decided_at = h.served_at = now
    h.decided_by = actor
    h.step = FlowStep.DECIDED  # the on-the-spot decision is made and handed over at once (第五十二条)
    h.save()
    return _move(h, FlowStep.DECIDED, FlowAction.ON_THE_SPOT, actor=actor, now=now, note=f"{number}：{penalty}")


def step_counts(user) -> dict[str, int]:
    """How many of the organ's own cases stand at each step (the 网上办案 page's tabs)."""
    rows = visible_handled(user).filter(agency_id=user.agency_id).values("step").annotate(n=Count("id"))
    return {r["step"]: r["n"] for r in rows}


@transaction.atomic
def save_policy(agency, *, actor, online_required: bool, exempt: list[str], review_all: bool,
                review_fine_over: Decimal | None, collective_fine_over: Decimal | None, collective_after_hearing: bool,
                own_list: str = "", now=None) -> ReviewPolicy:
    """The organ's own list of cases needing 法制审核 / 集体讨论, and the kinds exempt from the online flow."""
    now = now or timezone.now()
    require(may_set_review_policy(actor, agency), "只有本机关的法制审核员或负责人可以设定法制审核规则")
    bad = [p for p in exempt if p not in Procedure.values]
    if bad:
        raise DomainError(f"免于网上流转的程序“{'、'.join(bad)}”无效；可选：{'、'.join(Procedure.labels)}")
    for value, label in ((review_fine_over, "须法制审核的罚款数额"), (collective_fine_over, "须集体讨论的罚款数额")):
        if value is not None and value <= 0:
            raise DomainError(f"“{label}”应大于 0 元，不设数额请留空")
    policy = ReviewPolicy.objects.select_for_update().filter(agency=agency).first() or ReviewPolicy(agency=agency)
    before = {"online_required": policy.online_required, "exempt": policy.exempt_procedures,
              "review_all": policy.review_all, "review_fine_over": policy.review_fine_over,
              "collective_fine_over": policy.collective_fine_over}
    policy.online_required, policy.exempt_procedures, policy.review_all = online_required, exempt, review_all
    policy.review_fine_over, policy.collective_fine_over = review_fine_over, collective_fine_over
    policy.collective_after_hearing, policy.own_list = collective_after_hearing, own_list.strip()
    policy.updated_at, policy.updated_by = now, actor
    policy.save()
    record_audit("review.policy", actor=actor, now=now, obj=policy, owner_agency_id=agency.pk, before=before,
                 after={"online_required": online_required, "exempt": exempt, "review_all": review_all,
                        "review_fine_over": review_fine_over, "collective_fine_over": collective_fine_over})
    return policy
