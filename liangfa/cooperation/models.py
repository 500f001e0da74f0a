from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from liangfa.cooperation.choices import (
    AssistanceKind,
    AssistanceStatus,
    ConsultationTopic,
    CooperationStep,
    InterventionStatus,
)
from liangfa.core.events import Event

USER = settings.AUTH_USER_MODEL


class Consultation(models.Model):
    """咨询: an agency asks the police or the procuratorate; the answer is kept with the case."""

    from_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="consultations_in")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="consultations")
    topic = models.CharField(max_length=10, choices=ConsultationTopic.choices)
    question = models.TextField("咨询事项")
    answer = models.TextField("答复", blank=True)
    asked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]

    def __str__(self):
        return f"咨询：{self.question[:30]}"

    def get_absolute_url(self):
        return reverse("consult_deadlines", args=[self.pk])


class EarlyIntervention(models.Model):
    """提前介入: the agency asks the police to join an investigation early."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    police = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="interventions")
    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.PROTECT, related_name="interventions")
    reason = models.TextField("理由")
    status = models.CharField(max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.REQUESTED)
    decision_reason = models.TextField("答复理由", blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"提前介入：{self.case_id}"


class AssistanceRequest(models.Model):
    """协作请求: 业务查询, 检验, 鉴定 between agencies and the police."""

    kind = models.CharField(max_length=10, choices=AssistanceKind.choices)
    from_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="assistance_in")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.TextField("请求事项")
    due_date = models.DateField("期望完成日期")
    status = models.CharField(max_length=10, choices=AssistanceStatus.choices, default=AssistanceStatus.OPEN)
    result = models.TextField("办理结果", blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.subject[:30]}"


class Thread(models.Model):
    """联络员 messages, per agency pair or per case, kept on the record."""

    agency_a = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    agency_b = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_message_at"]

    def __str__(self):
        return self.title


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self):
        return self.text[:40]


class ThreadRead(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        unique_together = [("thread", "user")]

    def __str__(self):
        return f"{self.user_id}@{self.thread_id}"


class CooperationEvent(Event):
    """A step of a 咨询, 提前介入 or 协作请求: its own history, and the case's timeline when it names a case."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    code = models.CharField("事项", max_length=40, choices=CooperationStep.choices)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "协作经过"
        indexes = [models.Index(fields=["content_type", "object_id"])]
