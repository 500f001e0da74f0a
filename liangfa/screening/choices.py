from django.db import models


class ClueStatus(models.TextChoices):
    NEW = "new", "新线索"
    CHECKING = "checking", "核查中"
    SUGGESTED = "suggested", "建议移送"
    DISMISSED = "dismissed", "已排除"
    TRANSFERRED = "transferred", "已移送"
    OBSOLETE = "obsolete", "已不符合"


CLUE_TRANSITIONS = {
    ClueStatus.NEW: {ClueStatus.CHECKING, ClueStatus.SUGGESTED, ClueStatus.DISMISSED},
    ClueStatus.CHECKING: {ClueStatus.SUGGESTED, ClueStatus.DISMISSED},
    ClueStatus.SUGGESTED: {ClueStatus.TRANSFERRED, ClueStatus.DISMISSED},
    ClueStatus.DISMISSED: set(),
    ClueStatus.TRANSFERRED: set(),
    ClueStatus.OBSOLETE: set(),
}
OPEN = {ClueStatus.NEW, ClueStatus.CHECKING, ClueStatus.SUGGESTED}


class FindingKind(models.TextChoices):
    AMOUNT = "amount", "数额达到标准"
    REPEAT = "repeat", "多次违法"
    FALLBACK = "fallback", "以生产、销售伪劣产品罪兜底"
    CONDITIONS = "conditions", "行为本身可能构成犯罪"
    IP_SUSPICION = "ip_suspicion", "知识产权合理嫌疑"
    TAX_GATE = "tax_gate", "逃税：待记录追缴通知"


class ClueStep(models.TextChoices):
    """How a clue's status changed (core/events.py): by the screening, or by a person."""

    SCREENED = "screened", "系统筛查"
    MOVED = "moved", "人工处理"
    TRANSFERRED = "transferred", "案件已移送"
