from django.db import models


class Method(models.TextChoices):
    HOURS = "hours", "小时"
    CALENDAR_DAYS = "calendar_days", "日（起算日不计入，期满日遇节假日顺延）"
    WORKING_DAYS = "working_days", "工作日"
    MONTHS = "months", "月（期满日遇节假日顺延）"


class DeadlineState(models.TextChoices):
    UNSERVED = "unserved", "待送达"  # issued, runs from receipt (“自收到…之日起”), receipt not yet recorded
    OPEN = "open", "进行中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已撤销"


DEADLINE_TRANSITIONS = {
    DeadlineState.UNSERVED: {DeadlineState.OPEN, DeadlineState.DONE, DeadlineState.CANCELLED},
    DeadlineState.OPEN: {DeadlineState.DONE, DeadlineState.CANCELLED},
    DeadlineState.DONE: set(),
    DeadlineState.CANCELLED: set(),
}
LIVE = (DeadlineState.UNSERVED, DeadlineState.OPEN)  # not yet answered


class Display(models.TextChoices):
    """What a user sees on a deadline."""

    UNSERVED = "unserved", "待送达"
    NOT_DUE = "not_due", "未到期"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    DONE = "done", "已完成"
    DONE_LATE = "done_late", "逾期完成"
    UNKNOWN = "unknown", "无法计算"
    CANCELLED = "cancelled", "已撤销"


class Holder(models.TextChoices):
    AGENCY = "agency", "移送机关"
    POLICE = "police", "公安机关"
    PROCURATORATE = "procuratorate", "人民检察院"


class ServiceMethod(models.TextChoices):
    """How a notice reached the body that must act (the period runs from then)."""

    PLATFORM = "platform", "平台签收"
    IN_PERSON = "in_person", "直接送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"


class ChangeKind(models.TextChoices):
    SERVED = "served", "送达，开始计算"
    EXTENDED = "extended", "批准延长"
    RECOUNTED = "recounted", "按新的放假安排重新计算"
