"""The audit trail: append-only, hash-chained rows for every write and every cross-agency read."""

from django.conf import settings
from django.db import models


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计记录只能追加，不能修改")

    def delete(self):
        raise PermissionError("审计记录只能追加，不能删除")


class AuditEntry(models.Model):
    """One act: who, from which agency, did what to which object, with before/after.

    `hash` covers this row's content and the previous row's hash, so an edit anywhere breaks the chain
    from that row on (`liangfa audit verify`).
    """

    time = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    owner_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="对象所属机关（用于让被查阅的机关看到谁读了它的案卷）",
    )
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    reason = models.TextField("理由", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "审计记录"
        indexes = [models.Index(fields=["owner_agency", "action", "-time"])]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录只能追加，不能删除")


class AuditHead(models.Model):
    """Single row holding the latest hash; locking it serialises writers of the chain."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    def __str__(self):
        return f"审计链：{self.count} 条，末尾 {self.last_hash[:12]}"


class DocumentNumber(models.Model):
    """The last 文号 an organ gave one kind of 文书 in one year (焦公(经)立字〔2026〕12号 → 12). A number is
    taken in the transaction that writes the document and never given again (core/numbering.py)."""

    organ = models.CharField("机关代码", max_length=32)  # the agency's code: core stands below the agencies app
    prefix = models.CharField("发文字号前缀", max_length=40)  # 焦公(经)立字
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organ", "prefix", "year"], name="one_sequence_per_prefix")]
        verbose_name = verbose_name_plural = "文号序列"

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕{self.last}号"
