from django.db import models

from liangfa.cases.choices import CaseStatus


class Procedure(models.TextChoices):
    GENERAL = "general", "普通程序"
    SIMPLE = "simple", "简易程序（当场处罚）"
    QUICK = "quick", "快速办理"  # 《公安机关办理行政案件程序规定》第四十条


class FlowStep(models.TextChoices):
    """Where a case handled on the platform stands (网上流转)."""

    PROPOSED = "proposed", "立案待审批"
    NOT_FILED = "not_filed", "不予立案"
    INVESTIGATING = "investigating", "调查取证"
    NOTIFIED = "notified", "已告知（陈述申辩、听证）"
    REVIEWING = "reviewing", "法制审核中"
    RETURNED = "returned", "退回补充调查"
    DISCUSSING = "discussing", "待集体讨论"
    DECIDING = "deciding", "待负责人决定"
    DECIDED = "decided", "已决定待送达"
    EXECUTING = "executing", "已送达、执行中"
    CLOSED = "closed", "结案"


F = FlowStep
FLOW_TRANSITIONS: dict[str, set[str]] = {
    F.PROPOSED: {F.INVESTIGATING, F.NOT_FILED},
    F.NOT_FILED: set(),
    F.INVESTIGATING: {F.NOTIFIED, F.CLOSED},
    F.NOTIFIED: {F.REVIEWING, F.DISCUSSING, F.DECIDING, F.INVESTIGATING},
    F.REVIEWING: {F.RETURNED, F.INVESTIGATING, F.DISCUSSING, F.DECIDING},
    F.RETURNED: {F.REVIEWING},
    F.DISCUSSING: {F.DECIDING},
    F.DECIDING: {F.DECIDED, F.INVESTIGATING},
    F.DECIDED: {F.EXECUTING},
    F.EXECUTING: {F.CLOSED},
    F.CLOSED: set(),
}
# The registry case's status at each step (cases/choices.py).
CASE_STATUS_AT = {
    F.INVESTIGATING: CaseStatus.INVESTIGATING, F.NOTIFIED: CaseStatus.NOTIFIED, F.REVIEWING: CaseStatus.NOTIFIED,
    F.RETURNED: CaseStatus.INVESTIGATING, F.DISCUSSING: CaseStatus.NOTIFIED, F.DECIDING: CaseStatus.NOTIFIED,
    F.DECIDED: CaseStatus.DECIDED, F.EXECUTING: CaseStatus.EXECUTING, F.CLOSED: CaseStatus.CLOSED,
}
OPEN_STEPS = set(FlowStep.values) - {F.NOT_FILED, F.CLOSED}


class FlowAction(models.TextChoices):
    """The steps on a handled case's timeline, by code (core/events.py)."""

    PROPOSE = "propose", "提出立案申请"
    APPROVE_FILING = "approve_filing", "批准立案"
    REFUSE_FILING = "refuse_filing", "不予立案"
    MATERIAL = "material", "上传调查取证材料"
    NOTIFY = "notify", "送达行政处罚事先告知书"
    STATEMENT = "statement", "登记陈述、申辩"
    HEARING = "hearing", "举行听证"
    SUBMIT_REVIEW = "submit_review", "提交法制审核"
    REVIEW_APPROVE = "review_approve", "法制审核：同意"
    REVIEW_RETURN = "review_return", "法制审核：退回补充"
    REVIEW_REJECT = "review_reject", "法制审核：不同意"
    DISCUSS = "discuss", "集体讨论"
    SUBMIT_DECISION = "submit_decision", "报请负责人决定"
    DECIDE = "decide", "负责人作出决定"
    SEND_BACK = "send_back", "负责人退回调查"
    SERVE = "serve", "送达行政处罚决定书"
    CLOSE = "close", "执行完毕、结案"
    DISSENT = "dissent", "不同意见备案"
    ON_THE_SPOT = "on_the_spot", "当场作出处罚决定（简易程序）"


class ReviewResult(models.TextChoices):
    APPROVE = "approve", "同意"
    RETURN = "return", "退回补充"
    REJECT = "reject", "不同意"


class Finding(models.TextChoices):
    OK = "ok", "符合"
    PROBLEM = "problem", "存在问题"


class DissentKind(models.TextChoices):
    REVIEWER = "reviewer", "审核人员不同意承办人员意见"
    MEMBER = "member", "集体讨论成员的不同意见"
    HEAD = "head", "负责人不同意法制审核意见"
    HANDLER = "handler", "承办人员不同意审核意见"


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"
    PROCURATORIAL = "procuratorial", "检察监督"


class RemedyResult(models.TextChoices):
    UPHELD = "upheld", "维持 / 驳回请求"
    REVOKED = "revoked", "撤销"
    ALTERED = "altered", "变更"
    ILLEGAL = "illegal", "确认违法"
    CORRECTED = "corrected", "检察机关督促纠正（已纠正）"
    RECOMMENDATION = "recommendation", "检察建议（已采纳）"
    NO_ACTION = "no_action", "检察机关审查后未提出意见"


# Outcomes that mean the case as decided did not stand: the dissent register shows them as such.
OVERTURNED = {RemedyResult.REVOKED, RemedyResult.ALTERED, RemedyResult.ILLEGAL, RemedyResult.CORRECTED,
              RemedyResult.RECOMMENDATION}


class FileKind(models.TextChoices):
    EVIDENCE = "evidence", "证据材料"
    FILING_FORM = "filing_form", "立案审批表"
    NOTICE = "notice", "行政处罚事先告知书"
    HEARING_RECORD = "hearing_record", "听证笔录"
    REVIEW_OPINION = "review_opinion", "法制审核意见书"
    DISCUSSION_RECORD = "discussion_record", "集体讨论记录"
    DECISION = "decision", "行政处罚决定书"
    SERVICE_PROOF = "service_proof", "送达回证"
    CLOSING_FORM = "closing_form", "结案审批表"


# What a decided case's file holds (documents the flow makes, and at least one piece of evidence); a case
# missing one loses points in 执法质量考评 (evaluation/sources.py).
REQUIRED_FILES = (FileKind.EVIDENCE, FileKind.FILING_FORM, FileKind.NOTICE, FileKind.DECISION)
