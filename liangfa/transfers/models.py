import re

from django.conf import settings
from django.db import models
from django.urls import reverse

from liangfa.core.events import Event
from liangfa.transfers.choices import (
    CannotRecollectReason,
    CriminalStage,
    DocumentKind,
    EffectiveHow,
    EvidenceKind,
    EvidenceTier,
    NonFilingReason,
    NonProsecutionKind,
    PrincipalPenalty,
    ProposalKind,
    ProposalState,
    ReverseSource,
    ReverseStatus,
    ReviewState,
    TransferStatus,
    TransferStep,
    TrialInstance,
)

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True}


class Transfer(models.Model):
    """正向衔接: one suspected criminal case moving from an agency to the police, with the procuratorate
    receiving a copy (备案) when it is sent."""

    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.PROTECT, related_name="transfers",
                             verbose_name="行政处罚案件")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="transfers_out",
                               verbose_name="移送机关")
    police = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="transfers_in",
                               verbose_name="接收公安机关")
    department = models.ForeignKey("agencies.Department", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="承办部门")
    # Set when the police 受理 it (the 管辖 table) or their 负责人 reassigns it; before that `department` is the
    # agency's suggestion.
    routing_basis = models.CharField("承办部门分派依据", max_length=200, blank=True)
    procuratorate = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="transfers_filed", verbose_name="备案检察院")
    status = models.CharField("状态", max_length=24, choices=TransferStatus.choices, default=TransferStatus.DRAFT,
                              db_index=True)
    suspected_crime = models.CharField("涉嫌罪名", max_length=100)
    ip_reasonable_suspicion = models.BooleanField("知识产权案件合理嫌疑移送", default=False,
                                                  help_text="《行政执法机关移送涉嫌犯罪案件的规定》第三条第二款：需公安机关采取措施进一步获取证据")
    report = models.TextField("移送涉嫌犯罪案件的书面报告")
    # The clue it starts from (crime, metric, standard); without one the officer states why it is a crime.
    clue = models.ForeignKey("screening.Clue", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="transfers", verbose_name="涉罪线索")
    # Or a 关联当事人合计 network clue turned into a clue (转为线索): the platform's clue for each case it names.
    network_clue = models.ForeignKey("screening.NetworkClue", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="transfers", verbose_name="关联当事人合计线索")
    no_clue_reason = models.TextField("未经线索移送的理由", blank=True)
    team = models.ManyToManyField(USER, related_name="transfer_teams", verbose_name="专案组")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="审批人")
    approval_decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField("不批准理由", blank=True)
    delivered_at = models.DateTimeField("移送时间", null=True, blank=True)
    filed_with_procuratorate_at = models.DateTimeField("备案时间", null=True, blank=True)
    receipt_signed_at = models.DateTimeField("回执签收时间", null=True, blank=True)
    receipt_signed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    forwarded_to = models.CharField("转送机关", max_length=100, blank=True)
    forwarded_from = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="转送的公安机关")
    decision_at = models.DateTimeField("立案决定时间", null=True, blank=True)
    criminal_case_no = models.CharField("刑事案件编号", max_length=100, blank=True)
    non_filing_reason = models.CharField("不予立案理由", max_length=16, choices=NonFilingReason.choices, blank=True)
    non_filing_detail = models.TextField("不予立案理由说明", blank=True)
    materials_returned_at = models.DateTimeField("退回材料时间", null=True, blank=True)
    fine_offset = models.DecimalField("已处罚款（折抵罚金）", **MONEY)
    fine_paid_on = models.DateField("罚款缴纳日期", null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "移送案件"

    def __str__(self):
        return f"{self.case.decision_no} 移送{self.police.name}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("transfer_detail", args=[self.pk])


class TransferEvent(Event):
    """A step on the transfer: the timeline, the audit and the statistics source."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=40, choices=TransferStep.choices)
    from_status = models.CharField("原状态", max_length=32, choices=TransferStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=32, choices=TransferStatus.choices, blank=True)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "移送经过"

    @property
    def shown_note(self) -> str:
        return shown_note(self.note)


FINGERPRINT = re.compile(r"\s*SHA-256\s*[0-9a-fA-F]{16,64}")


def shown_note(note: str) -> str:
    """A note as a page shows it: a file's fingerprint (written raw by older steps) reads 已校验."""
    return FINGERPRINT.sub("（已校验）", note or "")


class SeizedItem(models.Model):
    """涉案物品清单 line."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="items")
    name = models.CharField("物品名称", max_length=200)
    spec = models.CharField("规格", max_length=100, blank=True)
    quantity = models.CharField("数量", max_length=50)
    unit = models.CharField("单位", max_length=20, blank=True)
    storage_place = models.CharField("存放地点", max_length=200, blank=True)
    tested = models.BooleanField("已检验/鉴定", default=False)
    test_document = models.ForeignKey("TransferDocument", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name="检验报告/鉴定意见")
    handed_over_at = models.DateTimeField("移交时间", null=True, blank=True)
    handover_receiver = models.CharField("接收人", max_length=100, blank=True)

    def __str__(self):
        return f"{self.name} {self.quantity}{self.unit}"


class TransferDocument(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("文书", max_length=32, choices=DocumentKind.choices)
    title = models.CharField("标题", max_length=200)
    doc_no = models.CharField("文号", max_length=100, blank=True)
    file = models.FileField(upload_to="transfers/%Y/")
    file_name = models.CharField("文件名", max_length=255, blank=True)  # as uploaded, or 文书名-文号.docx
    sha256 = models.CharField(max_length=64)
    generated = models.BooleanField("系统生成", default=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class EvidenceItem(models.Model):
    """证据 with its tier on transfer (legal.md section f)."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind.choices)
    description = models.CharField("名称/内容", max_length=300)
    collected_by = models.CharField("收集机关/人员", max_length=100, blank=True)
    collected_at = models.DateTimeField("收集时间", null=True, blank=True)
    method = models.CharField("收集方式（提取笔录）", max_length=200, blank=True)
    file = models.FileField(upload_to="evidence/%Y/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    tier = models.CharField("转化层级", max_length=10, choices=EvidenceTier.choices)
    review_state = models.CharField("审查状态", max_length=20, choices=ReviewState.choices)
    review_note = models.TextField("审查意见", blank=True)
    cannot_recollect_reason = models.CharField("无法重新收集的原因", max_length=12,
                                               choices=CannotRecollectReason.choices, blank=True)
    lawful_source = models.TextField("来源及收集程序合法的说明", blank=True)
    corroborated_by = models.ManyToManyField("self", symmetrical=False, blank=True, verbose_name="相互印证的证据")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.description}"


class MaterialsNotice(models.Model):
    """公安机关 补正通知 and the agency's 补正."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="materials_notices")
    sent_at = models.DateTimeField()
    missing = models.TextField("需补正的材料")
    cured_at = models.DateTimeField(null=True, blank=True)
    cure_note = models.TextField(blank=True)

    def __str__(self):
        return f"补正通知 {self.sent_at:%Y-%m-%d}"


class CriminalStageRecord(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField("诉讼阶段", max_length=24, choices=CriminalStage.choices)
    date = models.DateField("日期")
    document_no = models.CharField("文书编号", max_length=100, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    # 逮捕, 起诉 and 判决 carry their content (transfers/outcomes.py)
    crime = models.CharField("罪名", max_length=100, blank=True)
    court = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="人民法院")

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.get_stage_display()} {self.date}"


class ReverseTransfer(models.Model):
    """反向衔接: from the police (R310 第13条) or the procuratorate (不起诉 + 检察意见) back to the agency."""

    source = models.CharField("来源", max_length=20, choices=ReverseSource.choices)
    transfer = models.ForeignKey(Transfer, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reverse_transfers")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="reverse_transfers")
    from_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="reverse_in")
    party_name = models.CharField("当事人", max_length=200)
    summary = models.TextField("案情及意见")
    document_no = models.CharField("文书编号", max_length=100, blank=True)
    reply_due = models.DateField("回复期限", null=True, blank=True)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ReverseStatus.choices, default=ReverseStatus.PENDING)
    reply_result = models.TextField("处理结果", blank=True)
    reply_decision_no = models.CharField("行政处罚决定书文号", max_length=120, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # 不起诉 + 检察意见: sent with the 不起诉决定书, once the 检察长 approves (刑诉规则第三百七十三条)
    non_prosecution_no = models.CharField("不起诉决定书文号", max_length=100, blank=True)
    non_prosecution_kind = models.CharField("不起诉种类", max_length=20, choices=NonProsecutionKind.choices, blank=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="批准人（检察长或公安机关负责人）")
    approved_at = models.DateTimeField(null=True, blank=True)
    # the police's: the 民警 proposes, a 县级以上公安机关负责人 approves or returns it with a reason
    return_reason = models.TextField("退回理由", blank=True)
    reply_case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="行政机关作出处理的案件")

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.get_source_display()}：{self.party_name}"

    def get_absolute_url(self):
        return reverse("reverse_detail", args=[self.pk])


class RoutingRule(models.Model):
    """Suggested receiving police department by crime (reference data; the agency may override)."""

    crime_key = models.CharField(max_length=60, unique=True)
    crime_name = models.CharField("罪名", max_length=100)
    department_kind = models.CharField("建议承办部门", max_length=20)
    article = models.PositiveSmallIntegerField("刑法条文", null=True, blank=True)
    basis = models.CharField("分派依据", max_length=120, blank=True, help_text="所属章节，或逐罪调整")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["crime_name"]

    def __str__(self):
        return f"{self.crime_name} → {self.department_kind}"


class PoliceProposal(models.Model):
    """呈请: the 民警's proposed 立案/不予立案/复议决定/转送/立案后移送或并案/撤销案件 with what the decision needs,
    waiting for a 县级以上公安机关负责人 (《公安机关办理刑事案件程序规定》第一百七十八条、第一百八十四条、第一百八十七条).
    Both steps are on the timeline."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField("呈请事项", max_length=20, choices=ProposalKind.choices)
    data = models.JSONField("呈请内容", default=dict)
    summary = models.TextField("呈请理由")
    state = models.CharField("状态", max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="承办民警")
    proposed_at = models.DateTimeField("呈请时间")
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="审批负责人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = verbose_name_plural = "立案审查呈请"

    def __str__(self):
        return f"呈请{self.get_kind_display()}（{self.get_state_display()}）"
class Sentence(models.Model):
    """判决的内容 and its 折抵 (《行政处罚法》第三十五条), entered by the court on a 判决 stage."""

    record = models.OneToOneField(CriminalStageRecord, on_delete=models.CASCADE, related_name="sentence")
    instance = models.CharField("审级", max_length=8, choices=TrialInstance.choices, default=TrialInstance.FIRST)
    principal = models.CharField("主刑", max_length=16, choices=PrincipalPenalty.choices)
    term_months = models.PositiveSmallIntegerField("刑期（月）", null=True, blank=True)
    probation = models.BooleanField("缓刑", default=False)
    probation_months = models.PositiveSmallIntegerField("缓刑考验期（月）", null=True, blank=True)
    fine = models.DecimalField("罚金（元）", **MONEY)
    confiscation = models.CharField("没收", max_length=300, blank=True)
    confiscated_amount = models.DecimalField("没收金额（元）", **MONEY)
    fine_paid = models.DecimalField("已缴纳的罚款（元）", **MONEY)
    detention_days = models.PositiveSmallIntegerField("已执行的行政拘留（日）", default=0)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    effective_how = models.CharField("生效方式", max_length=16, choices=EffectiveHow.choices, blank=True)
    effective_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="确认生效人")

    class Meta:
        verbose_name = verbose_name_plural = "判决内容"

    def __str__(self):
        return f"{self.record.transfer_id} {self.get_principal_display()}"
