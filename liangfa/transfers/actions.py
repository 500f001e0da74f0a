"""Named steps of a transfer, callable with plain data: the web forms and the API share this table."""

from datetime import date, datetime

from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError
from liangfa.transfers import outcomes, package, services
from liangfa.transfers.models import EvidenceItem, SeizedItem, TransferDocument


def _flag(data, name) -> bool:
    return str(data.get(name, "")).lower() in ("1", "true", "on", "yes")


def _day(value) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(f"日期“{value}”格式错误，应为 2026-01-31") from None


def _moment(value):
    """A typed date and time of paper service (2026-01-31T10:00), in China time; empty is None."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DomainError(f"收到文书的时间“{text[:40]}”格式错误，应为 2026-01-31 10:00") from None
    return moment.replace(tzinfo=TZ) if moment.tzinfo is None else moment


def _evidence(transfer, pk) -> EvidenceItem:
    item = EvidenceItem.objects.filter(transfer=transfer, pk=pk).first()
    if item is None:
        raise DomainError("证据不存在")
    return item


def _department(transfer, pk):
    from liangfa.agencies.models import Department

    try:
        return Department.objects.filter(agency_id=transfer.police_id, pk=int(pk)).first() if pk else None
    except (TypeError, ValueError):
        raise DomainError("请选择承办部门") from None


ACTIONS = {
    "submit": ("提交负责人审批", lambda t, a, d: services.submit_report(t, actor=a)),
    "withdraw": ("撤回移送草稿", lambda t, a, d: services.withdraw_draft(t, actor=a, reason=d.get("reason", ""))),
    "approve": ("批准移送", lambda t, a, d: services.approve_transfer(t, actor=a)),
    "refuse": ("不批准移送", lambda t, a, d: services.refuse_transfer(t, actor=a, reason=d.get("reason", ""))),
    "generate": ("生成文书", lambda t, a, d: package.generate_document(t, actor=a, kind=d.get("kind", ""))),
    "upload": ("上传材料", lambda t, a, d: package.attach_document(t, actor=a, kind=d.get("kind", ""),
                                                               upload=d["upload"], title=d.get("title", ""))),
    "add_item": ("登记涉案物品", lambda t, a, d: package.add_item(
        t, actor=a, name=d.get("name", ""), quantity=d.get("quantity", ""), tested=_flag(d, "tested"),
        spec=d.get("spec", ""), unit=d.get("unit", ""), storage_place=d.get("storage_place", ""))),
    "supplement_list": ("发出补证清单", lambda t, a, d: package.send_supplement_list(t, actor=a, note=d.get("note", ""))),
    "link_report": ("关联检验报告", lambda t, a, d: package.link_test_report(
        SeizedItem.objects.get(transfer=t, pk=d.get("item")), actor=a,
        document=TransferDocument.objects.get(transfer=t, pk=d.get("document")))),
    "add_evidence": ("登记证据", lambda t, a, d: package.add_evidence(
        t, actor=a, kind=d.get("kind", ""), description=d.get("description", ""), upload=d.get("upload"),
        collected_by=d.get("collected_by", ""), method=d.get("method", ""))),
    "review_evidence": ("审查证据", lambda t, a, d: package.review_evidence(
        _evidence(t, d.get("evidence")), actor=a, passed=_flag(d, "passed"), note=d.get("note", ""))),
    "cannot_recollect": ("无法重新收集", lambda t, a, d: package.mark_cannot_recollect(
        _evidence(t, d.get("evidence")), actor=a, reason=d.get("reason", ""), lawful_source=d.get("lawful_source", ""),
        corroborating=[_evidence(t, pk) for pk in d.get("corroborating", []) if pk])),
    "deliver": ("移送公安机关", lambda t, a, d: services.deliver_transfer(t, actor=a)),
    "sign": ("签收并受理", lambda t, a, d: services.sign_receipt(t, actor=a)),
    "reassign": ("改派承办部门", lambda t, a, d: services.reassign_department(
        t, actor=a, department=_department(t, d.get("department")), reason=str(d.get("reason") or ""))),
    "forward": ("呈请转送有管辖权的机关", lambda t, a, d: services.propose_decision(
        t, actor=a, kind="forward", data=d)),
    "move": ("呈请立案后移送或并案侦查", lambda t, a, d: services.propose_decision(t, actor=a, kind="move", data=d)),
    "withdraw_case": ("呈请撤销案件", lambda t, a, d: services.propose_decision(t, actor=a, kind="withdraw_case", data=d)),
    "notify_moved": ("书面通知移送机关", lambda t, a, d: services.notify_moved(t, actor=a)),
    "notify_withdrawn": ("告知移送机关撤销案件", lambda t, a, d: services.notify_withdrawn(t, actor=a)),
    "out_of_duty": ("书面通知移送机关（不属于公安机关职责范围）", lambda t, a, d: services.notify_out_of_duty(
        t, actor=a, organ=d.get("organ", ""), reasons=d.get("reasons", ""))),
    "materials": ("通知补正", lambda t, a, d: services.notify_materials_incomplete(t, actor=a, missing=d.get("missing", ""))),
    "cure": ("补正材料", lambda t, a, d: services.cure_materials(t, actor=a, note=d.get("note", ""))),
    "extend": ("延长审查期限", lambda t, a, d: services.extend_decision(
        t, actor=a, extension=d.get("extension", ""), approver=d.get("approver", ""), level=d.get("level", ""))),
    "file": ("呈请立案", lambda t, a, d: services.propose_decision(t, actor=a, kind="file", data=d)),
    "not_file": ("呈请不予立案", lambda t, a, d: services.propose_decision(
        t, actor=a, kind="not_file", data={**d, "materials_returned": _flag(d, "materials_returned")})),
    "reconsider": ("提请复议", lambda t, a, d: services.request_reconsideration(t, actor=a, grounds=d.get("grounds", ""))),
    "reconsider_decide": ("呈请复议决定", lambda t, a, d: services.propose_decision(
        t, actor=a, kind="reconsider_file" if _flag(d, "file") else "reconsider_uphold", data=d)),
    "receive": ("签收文书", lambda t, a, d: services.receive_notice(
        t, actor=a, rule_id=str(d.get("rule", "")), how=str(d.get("how") or "platform"),
        received_at=_moment(d.get("received_at")))),
    "approve_decision": ("负责人批准", lambda t, a, d: services.approve_proposal(t, actor=a)),
    "return_decision": ("退回呈请", lambda t, a, d: services.return_proposal(t, actor=a, reason=d.get("reason", ""))),
    "supervise": ("建议立案监督", lambda t, a, d: services.request_supervision(t, actor=a, grounds=d.get("grounds", ""))),
    "handover": ("移交涉案物品", lambda t, a, d: services.hand_over_items(t, actor=a, receiver=d.get("receiver", ""))),
    "stage": ("登记诉讼阶段", lambda t, a, d: services.record_stage(
        t, actor=a, stage=d.get("stage", ""), day=_day(d.get("date", "")), document_no=d.get("document_no", ""),
        note=d.get("note", ""))),
}


# A 呈请 is not the decision: the 民警 is told it waits for the 负责人 (what “已完成” would wrongly say).
PROPOSALS = {"forward", "move", "withdraw_case", "file", "not_file", "reconsider_decide"}


def done_message(name: str) -> str:
    """What the page says after the step: a 呈请 waits for the 负责人; the 负责人's approval is 已批准."""
    label = ACTIONS[name][0]
    if name in PROPOSALS:
        return f"{label}：已呈请，待负责人审批"
    if name == "approve_decision":
        return f"{label}：已批准，决定生效"
    return f"{label}：已完成"


ACTIONS.update(outcomes.ACTIONS)  # 逮捕, 起诉, 判决 and its 生效 with their content


def run_action(name: str, transfer, actor, data: dict):
    if name not in ACTIONS:
        raise DomainError(f"未知的操作：{name}")
    return ACTIONS[name][1](transfer, actor, data)
