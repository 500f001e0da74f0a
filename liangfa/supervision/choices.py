from django.db import models


class SupervisionStatus(models.TextChoices):
    REASONS_REQUESTED = "reasons_requested", "已要求说明不立案理由"
    REASONS_ANSWERED = "reasons_answered", "公安机关已说明理由"
    REASONS_ACCEPTED = "reasons_accepted", "理由成立，监督结束"
    FILING_PROPOSED = "filing_proposed", "通知立案待检察长批准"
    FILING_NOTIFIED = "filing_notified", "已通知立案"
    FILED = "filed", "已监督立案"
    CONCLUDED = "concluded", "侦查终结"


SS = SupervisionStatus
SUPERVISION_TRANSITIONS = {
    # 通知立案 is proposed by the 检察官 and decided by the 检察长 (刑诉规则第五百六十一条); not approved, it goes back
    SS.REASONS_REQUESTED: {SS.REASONS_ANSWERED, SS.FILING_PROPOSED},
    SS.REASONS_ANSWERED: {SS.REASONS_ACCEPTED, SS.FILING_PROPOSED},
    SS.REASONS_ACCEPTED: set(),
    SS.FILING_PROPOSED: {SS.FILING_NOTIFIED, SS.REASONS_REQUESTED, SS.REASONS_ANSWERED},
    SS.FILING_NOTIFIED: {SS.FILED},
    SS.FILED: {SS.CONCLUDED},
    SS.CONCLUDED: set(),
}


class SupervisionStep(models.TextChoices):
    """The steps on a 立案监督's timeline, by code (core/events.py)."""

    REQUEST_REASONS = "request_reasons", "发出要求说明不立案理由通知书"
    ANSWER_REASONS = "answer_reasons", "书面说明不立案理由"
    ACCEPT_REASONS = "accept_reasons", "认为不立案理由成立"
    SERVE_REASONS_NOTICE = "serve_reasons_notice", "要求说明不立案理由通知书送达"
    OBJECTION = "objection", "逾期未说明理由，提出纠正意见"
    PROPOSE_FILING = "propose_filing", "检察官提出通知立案意见"
    REFUSE_FILING = "refuse_filing", "检察长不批准通知立案"
    NOTIFY_FILING = "notify_filing", "检察长批准，发出通知立案书"
    SERVE_FILING_NOTICE = "serve_filing_notice", "通知立案书送达"
    RECORD_FILING = "record_filing", "根据通知立案"
    CORRECTION = "correction", "发出纠正违法通知书"
    URGE = "urge", "发出立案监督案件催办函"
    CONCLUDE = "conclude", "侦查终结"


class OpinionKind(models.TextChoices):
    TRANSFER_OPINION = "transfer_opinion", "检察意见（建议移送）"
    RECOMMENDATION = "recommendation", "检察建议"


class OpinionStatus(models.TextChoices):
    DRAFT = "draft", "待检察长批准"
    SENT = "sent", "待回复"
    REPLIED = "replied", "已回复"


class ReplyResult(models.TextChoices):
    TRANSFERRED = "transferred", "已移送公安机关"
    REASONS = "reasons", "说明不移送理由"
    ADOPTED = "adopted", "采纳并整改"
    NOT_ADOPTED = "not_adopted", "不采纳（说明理由）"


class DocKind(models.TextChoices):
    REASONS_NOTICE = "reasons_notice", "要求说明不立案理由通知书"
    FILING_NOTICE = "filing_notice", "通知立案书"
    CORRECTION = "correction", "纠正违法通知书"
    OBJECTION = "objection", "纠正意见书"
    URGE = "urge", "立案监督案件催办函"
    OPINION = "opinion", "检察意见书"
    RECOMMENDATION = "recommendation", "检察建议书"
