from django.conf import settings
from django.db import models
from django.urls import reverse

from liangfa.core.events import Event
from liangfa.dossiers.choices import DossierStatus, DossierStep, MaterialKind

USER = settings.AUTH_USER_MODEL


class DossierRequest(models.Model):
    """调阅: the procuratorate asks the agency for the file of one case; the agency uploads its materials."""

    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.PROTECT, related_name="dossier_requests")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="dossier_requests_in",
                               verbose_name="案卷所属机关")
    requester = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="调阅机关")
    reason = models.TextField("调阅事由")
    status = models.CharField("状态", max_length=12, choices=DossierStatus.choices, default=DossierStatus.REQUESTED)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("调阅时间")
    supplied_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    supplied_at = models.DateTimeField("提供时间", null=True, blank=True)
    supply_note = models.TextField("提供说明", blank=True)
    closed_at = models.DateTimeField("阅毕时间", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"调阅案卷：{self.case.decision_no}"

    def get_absolute_url(self):
        return reverse("dossier_detail", args=[self.pk])


def material_path(material, filename: str) -> str:
    """Stored under the material's own Chinese title, so the download keeps a name a person recognises."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"dossiers/{material.request_id}/{material.get_kind_display()}-{material.title[:60]}.{ext}"


class DossierMaterial(models.Model):
    request = models.ForeignKey(DossierRequest, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField("类别", max_length=10, choices=MaterialKind.choices)
    title = models.CharField("材料名称", max_length=120)
    file = models.FileField("文件", upload_to=material_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"


class DossierEvent(Event):
    request = models.ForeignKey(DossierRequest, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=40, choices=DossierStep.choices)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "调阅经过"
