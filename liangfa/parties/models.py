from django.db import models
from django.db.models import Q

from liangfa.core.identifiers import mask_resident_id
from liangfa.parties.choices import IdKind, IdStatus, LinkStatus, PartyKind


class Party(models.Model):
    """当事人. Parties with a full, valid code are one row across all agencies (`id_key`).

    Without one (masked, invalid, missing), a party is only the same row within one agency's records
    with the same name and the same code as given: such parties are never linked across agencies
    automatically.
    """

    kind = models.CharField("类别", max_length=24, choices=PartyKind.choices)
    name = models.CharField("名称", max_length=200)
    name_norm = models.CharField("规范名称", max_length=200, db_index=True)
    id_kind = models.CharField("证件类型", max_length=24, choices=IdKind.choices, blank=True)
    id_raw = models.CharField("证件号码（原样）", max_length=64, blank=True)
    id_status = models.CharField("证件状态", max_length=10, choices=IdStatus.choices, default=IdStatus.MISSING)
    id_key = models.CharField("有效证件号", max_length=18, blank=True, default="")
    id_error = models.CharField("校验问题", max_length=200, blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    region_code = models.CharField("行政区划代码", max_length=6, blank=True)
    legal_rep = models.CharField("法定代表人/负责人", max_length=100, blank=True)
    # What networks connect parties by (issue 15), when records carry them; blank when not given.
    rep_id_no = models.CharField("法定代表人/经营者身份证号", max_length=18, blank=True, default="", db_index=True)
    address = models.CharField("注册地址/住所", max_length=300, blank=True, default="")
    address_key = models.CharField("规范地址", max_length=300, blank=True, default="", db_index=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, default="", db_index=True)
    source_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name="来源机关",
                                      help_text="无有效证件号时，当事人只在该机关内识别")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "当事人"
        constraints = [
            models.UniqueConstraint(fields=["id_key"], condition=~Q(id_key=""), name="party_unique_valid_id"),
            models.UniqueConstraint(
                fields=["source_agency", "kind", "name_norm", "id_raw"], condition=Q(id_key=""),
                name="party_unique_unlinked_per_agency",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_id(self) -> str:
        """What a public page may show."""
        if self.kind == PartyKind.NATURAL_PERSON:
            return mask_resident_id(self.id_raw)
        return self.id_raw


class PartyIdentifier(models.Model):
    """Secondary ids kept beside the main one (old 注册号, 组织机构代码, …)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="other_ids")
    kind = models.CharField("证件类型", max_length=24, choices=IdKind.choices)
    value = models.CharField("号码", max_length=64)

    class Meta:
        unique_together = [("party", "kind", "value")]
        verbose_name = verbose_name_plural = "其他证件号"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.value}"


class PartyLink(models.Model):
    """A proposed or decided "same party" between two parties without a shared valid code."""

    a = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField("相似度")
    reason = models.CharField("理由", max_length=300)
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.CANDIDATE)
    # The owning agencies that said "same party" so far; a cross-agency link needs them all (or the procuratorate).
    consents = models.JSONField("已确认的机关", default=list, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="party_link_pair")]

    def __str__(self):
        return f"{self.a} ≈ {self.b}（{self.score:.0f}）"
