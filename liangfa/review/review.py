"""法制审核 (《行政处罚法》第五十八条; 公安: 《公安机关办理行政案件程序规定》第一百七十条、第一百七十一条):
submitted with its grounds, answered point by point by a qualified reviewer with 同意 / 退回补充 / 不同意.
退回补充 returns the case with its own clock; a 不同意 sends it back to investigation."""

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.permissions import is_qualified_reviewer, may_handle_online, may_review_legally, require
from liangfa.clock.services import complete_deadlines, start_deadline
from liangfa.core.errors import DomainError
from liangfa.review import documents
from liangfa.review.choices import FileKind, Finding, FlowAction, FlowStep, ReviewResult
from liangfa.review.models import LegalReview
from liangfa.review.policy import CHECKLIST, collective_grounds, policy_for, review_grounds
from liangfa.review.services import _lock, _move, _required

NEXT_STEP = {ReviewResult.APPROVE: FlowStep.DECIDING, ReviewResult.RETURN: FlowStep.RETURNED,
             ReviewResult.REJECT: FlowStep.INVESTIGATING}
CODE = {ReviewResult.APPROVE: FlowAction.REVIEW_APPROVE, ReviewResult.RETURN: FlowAction.REVIEW_RETURN,
        ReviewResult.REJECT: FlowAction.REVIEW_REJECT}


@transaction.atomic
def submit_review(handled, *, actor, opinion: str = "", now=None) -> LegalReview:
    """The handler submits the case (first time, or after 退回补充) with their opinion; the review period runs."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_handle_online(actor, h.agency), "只有本机关的执法人员可以提交法制审核")
    if h.step not in (FlowStep.NOTIFIED, FlowStep.RETURNED):
        raise DomainError(f"案件当前环节为“{h.get_step_display()}”，不能提交法制审核（须先告知当事人）")
    grounds = review_grounds(h, policy_for(h.agency)) or [["voluntary", "承办人员提请审核", "本机关法制审核制度"]]
    round_no = h.reviews.count() + 1
    review = LegalReview.objects.create(handled=h, round=round_no, grounds=grounds, submitted_at=now,
                                        submitted_by=actor, handler_opinion=opinion.strip())
    if round_no > 1:
        complete_deadlines(h, "REV_SUPPLEMENT", now=now, by="补充后重新提交审核")
    _move(h, FlowStep.REVIEWING, FlowAction.SUBMIT_REVIEW, actor=actor, now=now, note=f"第{round_no}轮")
    start_deadline("REV_LEGAL_REVIEW", subject=h, holder_agency=h.agency, start_event="提交法制审核", started_at=now,
                   case=h.case)
    return review


def _clean_findings(findings: dict) -> dict:
    cleaned = {}
    for code, label, _question in CHECKLIST:
        item = findings.get(code) or {}
        if item.get("finding") not in Finding.values:
            raise DomainError(f"审核要点“{label}”须选择“符合”或“存在问题”")
        if item["finding"] == Finding.PROBLEM and not (item.get("note") or "").strip():
            raise DomainError(f"审核要点“{label}”存在问题，请写明问题")
        cleaned[code] = {"finding": item["finding"], "note": (item.get("note") or "").strip()}
    return cleaned


@transaction.atomic
def conclude_review(handled, *, actor, findings: dict, result: str, reasons: str, now=None) -> LegalReview:
    """The reviewer's conclusion. 同意 with a point found wanting is refused: the finding and the result must agree."""
    now = now or timezone.now()
    h = _lock(handled)
    if not is_qualified_reviewer(actor):
        require(False, "初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格"
                       "（《行政处罚法》第五十八条第二款）：请先在用户资料中登记法律职业资格证书编号")
    require(may_review_legally(actor, h), "只有本机关的法制审核人员可以审核本案")
    if h.step != FlowStep.REVIEWING:
        raise DomainError(f"案件当前环节为“{h.get_step_display()}”，没有待审核的提交")
    if actor.pk == h.handler_id or actor.pk == h.co_handler_id:
        raise DomainError("承办本案的执法人员不能审核本案")
    if result not in ReviewResult.values:
        raise DomainError(f"审核结论应为 {'、'.join(ReviewResult.labels)} 之一")
    cleaned = _clean_findings(findings)
    problems = [label for code, label, _ in CHECKLIST if cleaned[code]["finding"] == Finding.PROBLEM]
    if result == ReviewResult.APPROVE and problems:
        raise DomainError(f"审核要点“{'、'.join(problems)}”存在问题，不能审核同意；请退回补充或不同意")
    if result != ReviewResult.APPROVE:
        _required(reasons, "退回或不同意的理由")
    review = h.reviews.order_by("-round").first()
    review.reviewer, review.findings, review.result = actor, cleaned, result
    review.reasons, review.decided_at = reasons.strip(), now
    review.save(update_fields=["reviewer", "findings", "result", "reasons", "decided_at"])
    complete_deadlines(h, "REV_LEGAL_REVIEW", now=now, by=f"审核{ReviewResult(result).label}")
    to = NEXT_STEP[result]
    if result == ReviewResult.APPROVE and collective_grounds(h, policy_for(h.agency)):
        to = FlowStep.DISCUSSING
    _move(h, to, CODE[result], actor=actor, now=now, note=reasons.strip())
    if result == ReviewResult.RETURN:
        start_deadline("REV_SUPPLEMENT", subject=h, holder_agency=h.agency, start_event="退回补充", started_at=now,
                       case=h.case)
    documents.make_document(h, FileKind.REVIEW_OPINION, actor=actor, now=now, extra={"review": review})
    return review
