from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from liangfa.clock.choices import ChangeKind, DeadlineState, Display, Method, ServiceMethod
from liangfa.clock.rules import all_rules

DUE_SOON = 24 * 3600  # seconds before the due time when a deadline shows 即将到期


class Deadline(models.Model):
    """One statutory period: which rule, what started it, when it ends, who must act."""

    rule_id = models.CharField("规则", max_length=40, db_index=True)
    name = models.CharField("事项", max_length=100)
    citation = models.CharField("法律依据", max_length=300)
    method = models.CharField("计算方法", max_length=16, choices=Method.choices)
    period = models.CharField("期限", max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="deadlines")
    start_event = models.CharField("起算事件", max_length=200)
    started_at = models.DateTimeField("起算时间", null=True, blank=True)  # empty while 待送达
    amount = models.PositiveSmallIntegerField("期限数", null=True, blank=True)  # counted amount (rule's, or set)
    stated_due = models.DateField("文书载明的期满日", null=True, blank=True)
    due_at = models.DateTimeField("期满时间", null=True, blank=True, db_index=True)
    provisional = models.BooleanField("暂定", default=False, db_index=True)
    provisional_reason = models.CharField("暂定的原因", max_length=200, blank=True)
    problem = models.CharField("无法计算的原因", max_length=300, blank=True)
    issuer_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="issued_deadlines", verbose_name="发出机关")
    issued_at = models.DateTimeField("文书发出时间", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=12, choices=ServiceMethod.choices, blank=True)
    service_recorded_by = models.CharField("送达登记人", max_length=150, blank=True)
    service_recorded_at = models.DateTimeField("送达登记时间", null=True, blank=True)
    holder_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="deadlines",
                                      verbose_name="承办机关")
    state = models.CharField("状态", max_length=10, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    completed_by = models.CharField("完成事项", max_length=200, blank=True)
    overdue_marked_at = models.DateTimeField("逾期标记时间", null=True, blank=True)
    extension = models.JSONField("延长审批", null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = verbose_name_plural = "法定期限"
        indexes = [models.Index(fields=["state", "due_at"]), models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.name}（{self.citation}）"

    def display(self, now=None) -> Display:
        now = now or timezone.now()
        if self.state == DeadlineState.CANCELLED:
            return Display.CANCELLED
        if self.state == DeadlineState.UNSERVED:
            return Display.UNSERVED
        if self.state == DeadlineState.DONE:
            return Display.DONE_LATE if self.due_at and self.completed_at > self.due_at else Display.DONE
        if self.due_at is None:
            return Display.UNKNOWN
        if now > self.due_at:
            return Display.OVERDUE
        if (self.due_at - now).total_seconds() <= DUE_SOON:
            return Display.DUE_SOON
        return Display.NOT_DUE

    @property
    def local_practice(self) -> bool:
        """The law sets no period here: the figure is local practice, configurable (the rule data says so)."""
        rule = all_rules().get(self.rule_id)
        return bool(rule and rule.configurable)

    def lateness(self, now=None) -> str:
        """How late, in words: 逾期 2天3小时."""
        if self.due_at is None:
            return ""
        end = self.completed_at or now or timezone.now()
        seconds = int((end - self.due_at).total_seconds())
        if seconds <= 0:
            return ""
        days, rest = divmod(seconds, 86400)
        hours = rest // 3600
        if not days and not hours:  # under an hour: "逾期0小时" read as not late at all
            return f"逾期{max(1, rest // 60)}分钟"
        return "逾期" + (f"{days}天" if days else "") + (f"{hours}小时" if hours or not days else "")

    @property
    def subject_url(self) -> str:
        """Where the person who must act finds the matter: each subject knows its own page."""
        subject = self.subject
        return subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""

    @property
    def display_label(self) -> str:
        return self.display().label


class DeadlineChange(models.Model):
    """A deadline's own timeline: served, extended, recounted on a new holiday notice (old due → new due)."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    time = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=ChangeKind.choices)
    old_due = models.DateTimeField(null=True, blank=True)
    new_due = models.DateTimeField(null=True, blank=True)
    old_provisional = models.BooleanField(default=False)
    new_provisional = models.BooleanField(default=False)
    reason = models.CharField(max_length=300)
    actor_name = models.CharField(max_length=150)

    class Meta:
        ordering = ["time", "id"]
        verbose_name = verbose_name_plural = "期限变更"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.old_due} → {self.new_due}"

    @property
    def moved(self) -> bool:
        return self.old_due != self.new_due


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField()
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=200, blank=True)
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "提醒"

    def __str__(self):
        return self.text


class CalendarYear(models.Model):
    """A year of holidays loaded by 管理员 beyond the packaged calendar."""

    year = models.PositiveSmallIntegerField(unique=True)
    source = models.CharField("来源", max_length=300)
    loaded_at = models.DateTimeField()
    loaded_by = models.CharField(max_length=150)

    def __str__(self):
        return f"{self.year} 年（{self.source}）"


class CalendarDay(models.Model):
    date = models.DateField(unique=True)
    kind = models.CharField(max_length=20, choices=[("holiday", "法定节假日"), ("adjusted_workday", "调休上班日")])
    name = models.CharField(max_length=50, blank=True)

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"
