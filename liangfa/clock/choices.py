from django.db import models


class Method(models.TextChoices):
    HOURS = "hours", "小时"
    CALENDAR_DAYS = "calendar_days", "日（起算日不计入，期满日遇节假日顺延）"
    WORKING_DAYS = "working_days", "工作日"
    MONTHS = "months", "月（期满日遇节假日顺延）"


class DeadlineState(models.TextChoices):
    OPEN = "open", "进行中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已撤销"


class Display(models.TextChoices):
    """What a user sees on a deadline."""

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
