from django.db import models


class ConsultationTopic(models.TextChoices):
    CRIME = "crime", "是否涉嫌犯罪"
    EVIDENCE = "evidence", "证据收集、固定和保全"


class InterventionStatus(models.TextChoices):
    REQUESTED = "requested", "待答复"
    ACCEPTED = "accepted", "已同意提前介入"
    DECLINED = "declined", "不提前介入"


class AssistanceKind(models.TextChoices):
    QUERY = "query", "业务查询"
    TEST = "test", "检验"
    APPRAISAL = "appraisal", "鉴定"


class AssistanceStatus(models.TextChoices):
    OPEN = "open", "办理中"
    DONE = "done", "已办结"
    DECLINED = "declined", "不予协助"


class CooperationStep(models.TextChoices):
    """The steps of 咨询, 提前介入 and 协作请求, by code (core/events.py)."""

    ASK = "ask", "提出案件咨询"
    ANSWER = "answer", "答复案件咨询"
    INTERVENTION_REQUEST = "intervention_request", "申请提前介入"
    INTERVENTION_ACCEPT = "intervention_accept", "同意提前介入"
    INTERVENTION_DECLINE = "intervention_decline", "不提前介入"
    ASSISTANCE_REQUEST = "assistance_request", "提出协作请求"
    ASSISTANCE_DONE = "assistance_done", "协作请求办结"
    ASSISTANCE_DECLINE = "assistance_decline", "不予协助"
