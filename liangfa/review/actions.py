"""Named steps of a case handled online, callable with plain data: the web forms and the API share this table."""

from datetime import date, datetime

from django.utils import timezone

from liangfa.agencies.models import User
from liangfa.clock.rules import TZ
from liangfa.core.amounts import AmountError, parse_amount
from liangfa.core.errors import DomainError
from liangfa.review import dissent, review, services
from liangfa.review.models import HandledCase
from liangfa.review.policy import CHECKLIST


def flag(data, name) -> bool:
    return str(data.get(name, "")).lower() in ("1", "true", "on", "yes")


def moment(value, label: str) -> datetime:
    """A datetime-local field (2026-03-02T09:30), in Beijing time; empty means now."""
    text = str(value or "").strip()
    if not text:
        return timezone.now()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise DomainError(f"“{label}”格式错误，应为 2026-03-02 09:30") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=TZ)


def day(value, label: str) -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError(f"“{label}”格式错误，应为 2026-01-31") from None


def amount(value, label: str):
    try:
        return parse_amount(str(value or "").strip() or None)
    except AmountError as exc:
        raise DomainError(f"“{label}”：{exc}") from None


def _colleague(h: HandledCase, pk) -> User | None:
    if not str(pk or "").strip():
        return None
    found = User.objects.filter(pk=pk, agency_id=h.agency_id).first() if str(pk).isdigit() else None
    if found is None:
        raise DomainError("持不同意见者须是本机关人员")
    return found


def findings(data) -> dict:
    return {code: {"finding": data.get(f"finding_{code}", ""), "note": data.get(f"note_{code}", "")}
            for code, _, _ in CHECKLIST}


def _dissent(h, a, d):
    """A member's dissent belongs to the latest 集体讨论; the others to the latest 法制审核."""
    member = d.get("kind") == "member"
    return dissent.record_dissent(
        h.case, actor=a, kind=d.get("kind", ""), holder=_colleague(h, d.get("holder")),
        holder_name=d.get("holder_name", ""), opinion=d.get("opinion", ""), reasons=d.get("reasons", ""),
        prevailing=d.get("prevailing", ""), review=None if member else h.reviews.order_by("-round").first(),
        discussion=h.discussions.order_by("-held_at").first() if member else None)


ACTIONS = {
    "approve_filing": ("批准立案", lambda h, a, d: services.approve_filing(h, actor=a, opinion=d.get("opinion") or "同意立案")),
    "refuse_filing": ("不予立案", lambda h, a, d: services.refuse_filing(h, actor=a, reason=d.get("reason", ""))),
    "material": ("上传证据材料", lambda h, a, d: services.add_material(h, actor=a, title=d.get("title", ""),
                                                                upload=d.get("upload"))),
    "notify": ("送达告知书", lambda h, a, d: services.issue_notice(
        h, actor=a, proposed_penalty=d.get("proposed_penalty", ""), proposed_category=d.get("proposed_category", ""),
        proposed_fine=amount(d.get("proposed_fine"), "拟罚款金额"), hearing_right=flag(d, "hearing_right"),
        served_at=moment(d.get("served_at"), "告知书送达时间"), public_interest=flag(d, "public_interest"),
        complex_case=flag(d, "complex_case"), serious=flag(d, "serious"))),
    "statement": ("登记陈述申辩", lambda h, a, d: services.record_statement(h, actor=a, statement=d.get("statement", ""),
                                                                   waived=flag(d, "waived"))),
    "hearing": ("登记听证", lambda h, a, d: services.record_hearing(h, actor=a, held_at=moment(d.get("held_at"), "听证时间"),
                                                              record=d.get("record", ""))),
    "submit_review": ("提交法制审核", lambda h, a, d: review.submit_review(h, actor=a, opinion=d.get("opinion", ""))),
    "conclude_review": ("法制审核", lambda h, a, d: review.conclude_review(
        h, actor=a, findings=findings(d), result=d.get("result", ""), reasons=d.get("reasons", ""))),
    "discuss": ("登记集体讨论", lambda h, a, d: dissent.record_discussion(
        h, actor=a, held_at=moment(d.get("held_at"), "讨论时间"), members=d.get("members", ""),
        conclusion=d.get("conclusion", ""))),
    "dissent": ("不同意见备案", _dissent),
    "submit_decision": ("报请负责人决定", lambda h, a, d: services.submit_for_decision(h, actor=a)),
    "decide": ("作出行政处罚决定", lambda h, a, d: services.decide(h, actor=a)),
    "send_back": ("退回调查", lambda h, a, d: services.send_back(h, actor=a, reason=d.get("reason", ""))),
    "serve": ("登记送达", lambda h, a, d: services.serve_decision(h, actor=a, served_at=moment(d.get("served_at"), "送达时间"),
                                                            how=d.get("how") or "直接送达")),
    "close": ("结案", lambda h, a, d: services.close_case(h, actor=a, execution=d.get("execution", ""))),
    "remedy": ("登记复议、诉讼、检察监督结果", lambda h, a, d: dissent.record_remedy(
        h.case, actor=a, kind=d.get("kind", ""), result=d.get("result", ""),
        decided_on=day(d.get("decided_on"), "决定（判决）日期"), document_no=d.get("document_no", ""),
        note=d.get("note", ""))),
}


def run_action(handled: HandledCase, action: str, actor, data) -> str:
    if action not in ACTIONS:
        raise DomainError(f"未知的操作“{action}”")
    if action in ("dissent", "remedy") and not handled.case_id:
        raise DomainError("案件尚未立案")
    label, step = ACTIONS[action]
    step(handled, actor, data)
    return label
