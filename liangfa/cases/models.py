from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse

from liangfa.cases.choices import (
    CaseStatus,
    EventKind,
    ExportStatus,
    ImportSource,
    ImportStatus,
    LandClass,
    ShareKind,
)
from liangfa.core.events import Event
from liangfa.core.text import kind_digest

MONEY = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True}
QUANTITY = {"max_digits": 16, "decimal_places": 3, "null": True, "blank": True}


class CaseKind(models.Model):
    """Each distinct pair of 违法行为类型 and 处罚依据, once. The violation catalogue maps a kind to crimes,
    so screening asks for a party's cases of a crime by kind ids that an index holds, instead of
    matching keywords in the text of every case it walks past. A catalogue edit changes no case row."""

    violation_type = models.CharField("违法行为类型", max_length=200)
    legal_basis = models.TextField("处罚依据")
    digest = models.CharField(max_length=64, unique=True)  # of the pair: the texts may exceed an index entry

    class Meta:
        verbose_name = verbose_name_plural = "违法行为种类"

    def __str__(self):
        return self.violation_type

    digest_of = staticmethod(kind_digest)


class PenaltyCase(models.Model):
    """行政处罚案件, with the fields of the national 双公示 行政处罚 standard plus what the criminal
    thresholds need. Money is 元 (the standard's 万元 columns are converted on import)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="cases",
                               verbose_name="处罚机关（平台）", db_index=False)  # case_unique_decision_no starts with it
    decision_no = models.CharField("行政处罚决定书文号", max_length=120)
    decision_no_key = models.CharField(max_length=120, help_text="文号规范化后的自然键")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="cases", verbose_name="当事人",
                              db_index=False)  # case_party_effective below starts with it

    party_name = models.CharField("行政相对人名称", max_length=200)
    party_category = models.CharField("行政相对人类别", max_length=24)
    party_code = models.CharField("行政相对人代码", max_length=64, blank=True)
    legal_rep = models.CharField("法定代表人", max_length=100, blank=True)

    violation_type = models.CharField("违法行为类型", max_length=200)
    facts = models.TextField("违法事实")
    legal_basis = models.TextField("处罚依据")
    kind = models.ForeignKey(CaseKind, on_delete=models.PROTECT, related_name="+", db_index=False,
                             editable=False)  # set with the two texts above (cases/kinds.py)
    penalty_category = models.CharField("处罚类别", max_length=200)
    penalty_content = models.TextField("处罚内容")
    fine_amount = models.DecimalField("罚款金额（元）", **MONEY)
    confiscated_amount = models.DecimalField("没收违法所得、没收非法财物的金额（元）", **MONEY)
    license_action = models.CharField("暂扣或吊销证照名称及编号", max_length=300, blank=True)
    decision_date = models.DateField("处罚决定日期")
    valid_until = models.DateField("处罚有效期", null=True, blank=True)
    publish_until = models.DateField("公示截止期", null=True, blank=True)
    authority_name = models.CharField("处罚机关", max_length=100)
    authority_code = models.CharField("处罚机关统一社会信用代码", max_length=18, blank=True)
    source_unit = models.CharField("数据来源单位", max_length=100, blank=True)
    source_unit_code = models.CharField("数据来源单位统一社会信用代码", max_length=18, blank=True)
    remarks = models.TextField("备注", blank=True)

    # What the 立案追诉标准 need.
    conduct_date = models.DateField("违法行为发生日期", null=True, blank=True)
    effective_date = models.DateField("决定生效日期", null=True, blank=True)
    sales_amount = models.DecimalField("销售金额（元）", **MONEY)
    goods_value = models.DecimalField("货值金额（元）", **MONEY)
    illegal_gain = models.DecimalField("违法所得（元）", **MONEY)
    illegal_business_amount = models.DecimalField("非法经营数额（元）", **MONEY)
    tax_evaded = models.DecimalField("偷逃税额（元）", **MONEY)
    area_mu = models.DecimalField("面积（亩）", **QUANTITY)
    volume_m3 = models.DecimalField("蓄积（立方米）", **QUANTITY)
    amount_source = models.CharField("金额来源", max_length=200, blank=True)
    # More of what the standards read (screening reports a rule it could not judge as 缺少数据).
    land_class = models.CharField("土地类别", max_length=20, choices=LandClass.choices, blank=True, default="", db_default="")
    sapling_count = models.PositiveBigIntegerField("幼树（株）", null=True, blank=True)
    tree_value = models.DecimalField("林木价值（元）", **MONEY)
    cigarettes_count = models.PositiveBigIntegerField("卷烟数量（支）", null=True, blank=True)
    invoice_face_amount = models.DecimalField("虚开发票票面金额（元）", **MONEY)
    invoice_count = models.PositiveBigIntegerField("虚开发票份数（份）", null=True, blank=True)
    invoice_tax_amount = models.DecimalField("虚开的税款数额（元）", **MONEY)
    refund_fraud_amount = models.DecimalField("骗取出口退税款（元）", **MONEY)
    deposit_amount = models.DecimalField("吸收公众存款数额（元）", **MONEY)
    depositor_count = models.PositiveBigIntegerField("存款对象人数（人）", null=True, blank=True)
    fraud_amount = models.DecimalField("合同诈骗数额（元）", **MONEY)
    direct_loss = models.DecimalField("直接经济损失（元）", **MONEY)
    mineral_value = models.DecimalField("矿产品价值（元）", **MONEY)
    hazardous_waste_t = models.DecimalField("危险废物（吨）", **QUANTITY)
    # The values above that were read from the 违法事实/处罚内容 because the column was empty, each with its
    # source and whether a person confirmed it, and the figures that could not be told (cases/textvalues.py).
    text_values = models.JSONField("从违法事实中识别的数值", null=True, blank=True, editable=False)

    # 法制审核 as the agency's own system recorded it (imported cases; online cases keep theirs in review).
    legal_review_date = models.DateField("法制审核日期", null=True, blank=True)
    legal_reviewer = models.CharField("法制审核人员", max_length=100, blank=True)
    legal_review_opinion = models.TextField("法制审核意见", blank=True)

    status = models.CharField("案件状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.DECIDED)
    import_batch = models.ForeignKey("ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")
    # Keyed digest of the audited content, written by the services (cases/digest.py): `liangfa audit
    # verify` finds rows changed outside them.
    content_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "行政处罚案件"
        constraints = [
            models.UniqueConstraint(fields=["agency", "decision_no_key"], name="case_unique_decision_no"),
        ]
        indexes = [
            # The case list: newest decisions first, per agency and overall (keyset paging).
            models.Index(fields=["agency", "-decision_date", "-id"], name="case_agency_date"),
            # agency_id included: 情况通报 counts a period's cases by organ from this index alone
            models.Index(fields=["-decision_date", "-id"], include=["agency"], name="case_date"),
            # Screening walks a party's earlier penalties from this index alone (screening/facts.py): in
            # (effective_date, id) order so it stops early, with kind and status so it never reads the table.
            models.Index(fields=["party", "effective_date", "id", "kind", "status"], name="case_party_history"),
            models.Index(fields=["party", "status", "kind"], name="case_party_status_kind"),
            # The party page: its cases newest first, paged; their count and organs read from the index alone
            # (agency_id included: the reader's organs filter it).
            models.Index(fields=["party", "-decision_date", "-id"], include=["agency"], name="case_party_date"),
            # No index on 违法行为类型, status or amount: the list filters them while walking the date index
            # (a "contains" match cannot use a b-tree anyway), and every index slows bulk imports.
        ]

    def __str__(self):
        return f"{self.decision_no}（{self.party_name}）"

    def get_absolute_url(self):
        return reverse("case_detail", args=[self.pk])


class CaseShare(models.Model):
    """Who else may open this case file, why, and until when: the police a transfer went to, an organ a
    read grant lends it to. Every question "may this other organ open the file" reads this one table."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="shares", verbose_name="案件")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    kind = models.CharField("方式", max_length=10, choices=ShareKind.choices)
    reason = models.CharField("事由", max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="授权人")
    since = models.DateTimeField("起始时间")
    until = models.DateTimeField("到期时间", null=True, blank=True)  # a grant expires by itself; a transfer does not
    # The case is being handled there (移送 until the police give it back): no new 罚款 meanwhile.
    handling = models.BooleanField("在该机关办理中", default=False)

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = verbose_name_plural = "案卷共享"
        indexes = [models.Index(fields=["agency", "case"], name="case_share_agency")]

    def __str__(self):
        return f"{self.agency} {self.get_kind_display()} {self.case_id}"


class CaseEvent(Event):
    """The case timeline: one row for every change, with old and new values."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=16, choices=EventKind.choices)
    from_status = models.CharField("原状态", max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=CaseStatus.choices, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    import_batch = models.ForeignKey("ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "案件时间线"

    def change_rows(self) -> list[tuple[str, object, object]]:
        """(field label, old, new) for the timeline."""
        return [(field_label(name), old, new) for name, (old, new) in (self.changes or {}).items()]


class ImportBatch(models.Model):
    """One delivery of records (file upload, CLI or API), with its outcome row by row."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="import_batches")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField("提交时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    source = models.CharField("来源", max_length=10, choices=ImportSource.choices, default=ImportSource.WEB)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    dry_run = models.BooleanField("试导入", default=False)
    skip_invalid = models.BooleanField("跳过错误行", default=False)
    status = models.CharField("状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理", default=0)
    accepted = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    rejected_count = models.PositiveIntegerField("拒绝", default=0)
    rejected = models.JSONField("拒绝明细", default=list, blank=True)
    message = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "导入批次"

    def __str__(self):
        return f"{self.agency.name} {self.filename or self.source} {self.created_at:%Y-%m-%d %H:%M}"


def field_label(name: str) -> str:
    if name == "party":
        return "当事人"
    try:
        return str(PenaltyCase._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # show an unknown name as it is
        return name



class CaseExport(models.Model):
    """A case list written to Excel by the worker: a big file takes a while, and the page shows how far it is."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filters = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total = models.PositiveIntegerField("件数", default=0)
    done = models.PositiveIntegerField("已写入", default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=120)
    message = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "案件导出"

    def __str__(self):
        return self.filename


class FactsReread(models.Model):
    """The 违法事实 of existing cases read again (after the reader improved, or for cases loaded before it
    existed), by the worker, then the cases whose values changed screened again; the page shows how far."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="机关")  # None: every agency (管理员)
    status = models.CharField("状态", max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total = models.PositiveIntegerField("件数", default=0)
    done = models.PositiveIntegerField("已识别", default=0)
    changed = models.PositiveIntegerField("数值有变化", default=0)
    screened = models.PositiveIntegerField("已重新筛查", default=0)
    message = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "重新识别违法事实"

    def __str__(self):
        return f"{self.agency.name if self.agency else '全部机关'} {self.created_at:%Y-%m-%d %H:%M}"
