from django.conf import settings
from django.db import models
from django.urls import reverse

from liangfa.core.events import Event
from liangfa.supervision.choices import (
    DocKind,
    OpinionKind,
    OpinionStatus,
    ReplyResult,
    SupervisionStatus,
    SupervisionStep,
)

USER = settings.AUTH_USER_MODEL


class Supervision(models.Model):
    """立案监督 of the police: 要求说明不立案理由 → 理由 → 通知立案 → 立案 → 侦查终结."""

    procuratorate = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    police = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="supervisions")
    transfer = models.ForeignKey("transfers.Transfer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="supervisions")
    subject = models.CharField("案由及当事人", max_length=300)
    grounds = models.TextField("监督理由")
    status = models.CharField(max_length=20, choices=SupervisionStatus.choices)
    police_reasons = models.TextField("不立案理由", blank=True)
    assessment = models.TextField("通知立案的审查意见", blank=True)
    objection_issued_at = models.DateTimeField("纠正意见", null=True, blank=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="批准通知立案的检察长")
    approved_at = models.DateTimeField(null=True, blank=True)
    filing_decision_no = models.CharField("立案决定书文号", max_length=100, blank=True)
    filed_at = models.DateTimeField(null=True, blank=True)
    correction_issued_at = models.DateTimeField("纠正违法通知书", null=True, blank=True)
    urge_issued_at = models.DateTimeField("催办函", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"立案监督：{self.subject}"

    def get_absolute_url(self):
        return reverse("supervision_detail", args=[self.pk])


class SupervisionEvent(Event):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=40, choices=SupervisionStep.choices)
    from_status = models.CharField("原状态", max_length=32, choices=SupervisionStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=32, choices=SupervisionStatus.choices, blank=True)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "立案监督经过"


class DelayInquiry(models.Model):
    """A late police decision on a transfer: reasons within 7日 (刑事诉讼规则第五百六十二条)."""

    transfer = models.ForeignKey("transfers.Transfer", on_delete=models.PROTECT, related_name="delay_inquiries")
    asked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"逾期未决定查询 {self.transfer_id}"

    def get_absolute_url(self):
        return reverse("transfer_detail", args=[self.transfer_id])


class Opinion(models.Model):
    """检察意见 (建议移送) or 检察建议 to an agency, with its reply and deadline."""

    kind = models.CharField(max_length=20, choices=OpinionKind.choices)
    procuratorate = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="opinions")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="opinions")
    clue = models.ForeignKey("screening.Clue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    document_no = models.CharField("文书编号", max_length=100)
    content = models.TextField("内容")
    reply_due = models.DateField("回复期限", null=True, blank=True)
    status = models.CharField(max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.SENT)
    result = models.CharField("回复结果", max_length=16, choices=ReplyResult.choices, blank=True)
    reply = models.TextField("回复内容", blank=True)
    transfer = models.ForeignKey("transfers.Transfer", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    replied_at = models.DateTimeField(null=True, blank=True)
    adopted = models.BooleanField("检察院认定已采纳", null=True, blank=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="批准的检察长")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_no}"

    def get_absolute_url(self):
        return reverse("opinion_detail", args=[self.pk])


class SupervisionDocument(models.Model):
    kind = models.CharField(max_length=20, choices=DocKind.choices)
    supervision = models.ForeignKey(Supervision, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="documents")
    opinion = models.ForeignKey(Opinion, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    doc_no = models.CharField("文号", max_length=100, blank=True)
    file = models.FileField(upload_to="supervision/%Y/")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        """通知立案书-焦检刑通立〔2026〕3号.docx: the name the file keeps when downloaded."""
        return f"{self.title}-{self.doc_no}.docx" if self.doc_no else f"{self.title}.docx"
