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


class NetworkClueStatus(models.TextChoices):
    """A network clue is always 需人工判断 (screening/networks.py): a person decides whether the acts of the
    joined parties may be added up, and either turns it into a clue to transfer (the agency's own cases: 移送;
    the procuratorate: 督促移送 by 检察意见) or dismisses it with reasons."""

    NEW = "new", "待人工判断"
    CHECKING = "checking", "核查中"
    CONVERTED = "converted", "已转为线索"
    DISMISSED = "dismissed", "已排除"


NETWORK_TRANSITIONS = {
    NetworkClueStatus.NEW: {NetworkClueStatus.CHECKING, NetworkClueStatus.CONVERTED, NetworkClueStatus.DISMISSED},
    NetworkClueStatus.CHECKING: {NetworkClueStatus.CONVERTED, NetworkClueStatus.DISMISSED},
    NetworkClueStatus.CONVERTED: set(),
    NetworkClueStatus.DISMISSED: set(),
}
NETWORK_OPEN = {NetworkClueStatus.NEW, NetworkClueStatus.CHECKING}


class NetworkClueStep(models.TextChoices):
    """What happened to a network clue (core/events.py): raised by the screening, its figures changed when a
    later screening found more cases, reopened when new facts came after a dismissal, decided by a person."""

    RAISED = "raised", "系统发现"
    UPDATED = "updated", "筛查更新数额"
    REOPENED = "reopened", "新事实重新打开"
    DECIDED = "decided", "人工判断"
