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
