from django.db import models


class EvaluationKind(models.TextChoices):
    DAILY = "daily", "日常考评"
    STAGE = "stage", "阶段考评"
    SPECIAL = "special", "专项考评"
    ANNUAL = "annual", "年度考评"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "准备中"
    REVIEWING = "reviewing", "评查中"
    OBJECTIONS = "objections", "结果反馈、异议期"
    FINISHED = "finished", "已完成"


EVALUATION_TRANSITIONS = {
    EvaluationStatus.DRAFT: {EvaluationStatus.REVIEWING},
    EvaluationStatus.REVIEWING: {EvaluationStatus.OBJECTIONS},
    EvaluationStatus.OBJECTIONS: {EvaluationStatus.FINISHED},
    EvaluationStatus.FINISHED: set(),
}


class Mode(models.TextChoices):
    AUTO = "auto", "自动"
    MANUAL = "manual", "人工"


class Source(models.TextChoices):
    """Where an automatic indicator reads its occurrences (evaluation/sources.py)."""

    DEADLINE_MISSED = "deadline_missed", "办案期限逾期"
    REVIEW_MISSING = "review_missing", "应审未审"
    ONLINE_MISSING = "online_missing", "未网上流转"
    DOCUMENTS_MISSING = "documents_missing", "文书材料缺失"
    REMEDY_OVERTURNED = "remedy_overturned", "复议诉讼撤销变更"
    PROCURATORIAL = "procuratorial", "检察纠正或建议被采纳"
    CLUE_CONFIRMED = "clue_confirmed", "应移未移线索经核实"
    TRANSFER_LATE = "transfer_late", "移送逾期"
    MANUAL = "manual", "人工登记"


class SamplingMethod(models.TextChoices):
    RANDOM = "random", "随机抽取"
    STRATIFIED = "stratified", "按违法行为类型分层抽取"
    ALL = "all", "全部（某类案件）"


class SampleStatus(models.TextChoices):
    ASSIGNED = "assigned", "待评查"
    SCORED = "scored", "已评分"
    OBJECTED = "objected", "单位提出异议"
    FINAL = "final", "已定分"


class ObjectionResult(models.TextChoices):
    ACCEPTED = "accepted", "异议成立，改分"
    REJECTED = "rejected", "异议不成立，维持"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "整改中"
    DONE = "done", "已整改"
