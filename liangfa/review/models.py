"""网上流转 (cases handled on the platform), 法制审核, 集体讨论, 不同意见备案 and the outcomes of remedies."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from liangfa.core.events import Event
from liangfa.review.choices import (
    DissentKind,
    FileKind,
    FlowAction,
    FlowStep,
    Procedure,
    RemedyKind,
    RemedyResult,
    ReviewResult,
)

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True}


def default_exempt() -> list:
    return [Procedure.SIMPLE]


class ReviewPolicy(models.Model):
    """An organ's own rules on top of 《行政处罚法》第五十七条第二款 and 第五十八条: which cases need 法制审核 and
    集体讨论 besides the statutory ones, and which kinds are decided outside the online flow."""

    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="review_policy")
    online_required = models.BooleanField("本机关案件须网上流转", default=True)
    exempt_procedures = models.JSONField("免于网上流转的程序", default=default_exempt, blank=True)
    review_all = models.BooleanField("普通程序案件一律法制审核", default=False)
    review_fine_over = models.DecimalField("拟罚款达到此数额须法制审核（元）", **MONEY)
    collective_fine_over = models.DecimalField("拟罚款达到此数额须集体讨论（元）", **MONEY)
    collective_after_hearing = models.BooleanField("经过听证的案件须集体讨论", default=True)
    own_list = models.TextField("本机关法制审核目录（其他情形）", blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "法制审核与网上流转规则"

    def __str__(self):
        return f"{self.agency.name}的法制审核规则"


class HandledCase(models.Model):
    """A case handled on the platform from 立案 to 结案. Its registry case (cases.PenaltyCase) is created when the
    立案 is approved, numbered by the 立案编号 until the 决定书文号 is issued, so screening, lists and reports see
    it like an imported one."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="办案机关")
    case = models.OneToOneField("cases.PenaltyCase", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="handling", verbose_name="案件")
    filing_no = models.CharField("立案编号", max_length=120)
    step = models.CharField("办理环节", max_length=16, choices=FlowStep.choices, default=FlowStep.PROPOSED)
    procedure = models.CharField("程序", max_length=10, choices=Procedure.choices, default=Procedure.GENERAL)
    handler = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="主办人")
    co_handler = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="协办人")
    # What the 立案 application says; the registry case is made from it.
    party = models.JSONField("当事人", default=dict)  # name, kind, code, legal_rep
    violation_type = models.CharField("违法行为类型", max_length=200)
    summary = models.TextField("案情摘要")
    legal_basis = models.TextField("立案依据")
    source = models.CharField("案件来源", max_length=100, blank=True)
    proposed_at = models.DateTimeField("申请立案时间")
    filed_at = models.DateTimeField("立案时间", null=True, blank=True)
    refusal = models.TextField("不予立案理由", blank=True)
    # What the handler proposes, and the 第五十八条 circumstances they state.
    proposed_penalty = models.TextField("拟处罚内容", blank=True)
    proposed_category = models.CharField("拟处罚类别", max_length=200, blank=True)
    proposed_fine = models.DecimalField("拟罚款金额（元）", **MONEY)
    public_interest = models.BooleanField("涉及重大公共利益", default=False)
    complex_case = models.BooleanField("案件情况疑难复杂、涉及多个法律关系", default=False)
    serious = models.BooleanField("情节复杂或者重大违法行为", default=False)
    hearing_right = models.BooleanField("告知听证权利", default=False)
    notice_served_at = models.DateTimeField("告知书送达时间", null=True, blank=True)
    statement = models.TextField("陈述、申辩", blank=True)
    statement_waived = models.BooleanField("当事人明确放弃陈述申辩", default=False)
    hearing_held_at = models.DateTimeField("听证时间", null=True, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    served_at = models.DateTimeField("送达时间", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    execution = models.TextField("执行情况", blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = verbose_name_plural = "网上办理的案件"
        constraints = [models.UniqueConstraint(fields=["agency", "filing_no"], name="handled_unique_filing_no")]
        indexes = [models.Index(fields=["agency", "step"], name="handled_agency_step")]

    def __str__(self):
        return f"{self.filing_no}（{self.party.get('name', '')}）"

    def get_absolute_url(self):
        return reverse("handled_detail", args=[self.pk])

    @property
    def party_name(self) -> str:
        return self.party.get("name", "")


class CaseFile(models.Model):
    """A document the flow made or a piece of evidence uploaded, with its SHA-256."""

    handled = models.ForeignKey(HandledCase, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("类别", max_length=20, choices=FileKind.choices)
    title = models.CharField("标题", max_length=200)
    file = models.FileField(upload_to="handled/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    generated = models.BooleanField("系统生成", default=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "案卷材料"

    def __str__(self):
        return self.title


class LegalReview(models.Model):
    """One round of 法制审核: submitted with its grounds, answered with findings on each point and a result."""

    handled = models.ForeignKey(HandledCase, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    grounds = models.JSONField("须审核的情形", default=list)  # [[code, label, citation], …]
    submitted_at = models.DateTimeField("提交时间")
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    handler_opinion = models.TextField("承办人员意见", blank=True)
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="审核人员")
    findings = models.JSONField("审核要点", default=dict, blank=True)  # {point: {"finding": ok|problem, "note": …}}
    result = models.CharField("审核结论", max_length=10, choices=ReviewResult.choices, blank=True)
    reasons = models.TextField("审核意见及理由", blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = verbose_name_plural = "法制审核"

    def __str__(self):
        return f"{self.handled.filing_no} 第{self.round}轮法制审核"


class Discussion(models.Model):
    """集体讨论 (《行政处罚法》第五十七条第二款): who took part, what they concluded."""

    handled = models.ForeignKey(HandledCase, on_delete=models.CASCADE, related_name="discussions")
    held_at = models.DateTimeField("讨论时间")
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="主持人")
    members = models.CharField("参加人员", max_length=500)
    conclusion = models.TextField("讨论决定")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_at", "id"]
        verbose_name = verbose_name_plural = "集体讨论"

    def __str__(self):
        return f"集体讨论 {self.held_at:%Y-%m-%d}"


class Dissent(models.Model):
    """不同意见备案: a dissent, who held it and why. It does not block; the register shows how the case ended."""

    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.CASCADE, related_name="dissents")
    handled = models.ForeignKey(HandledCase, null=True, blank=True, on_delete=models.CASCADE, related_name="dissents")
    kind = models.CharField("类别", max_length=10, choices=DissentKind.choices)
    holder = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    holder_name = models.CharField("持不同意见者", max_length=100)
    opinion = models.TextField("不同意见")
    reasons = models.TextField("理由")
    prevailing = models.TextField("采纳的意见", blank=True)
    review = models.ForeignKey(LegalReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="dissents")
    discussion = models.ForeignKey(Discussion, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="dissents")
    recorded_at = models.DateTimeField("备案时间")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = verbose_name_plural = "不同意见备案"

    def __str__(self):
        return f"{self.holder_name}：{self.opinion[:30]}"


class Remedy(models.Model):
    """How a decision fared afterwards: 行政复议, 行政诉讼, 检察监督 and their results."""

    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField("途径", max_length=16, choices=RemedyKind.choices)
    result = models.CharField("结果", max_length=16, choices=RemedyResult.choices)
    decided_on = models.DateField("决定（判决）日期")
    document_no = models.CharField("文书编号", max_length=120, blank=True)
    note = models.TextField("说明", blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = verbose_name_plural = "复议、诉讼与检察监督结果"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.get_result_display()}"


class FlowEvent(Event):
    """A handled case's timeline: each step by code, with the flow step before and after."""

    handled = models.ForeignKey(HandledCase, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=16, choices=FlowAction.choices)
    from_status = models.CharField("原环节", max_length=16, choices=FlowStep.choices, blank=True)
    to_status = models.CharField("新环节", max_length=16, choices=FlowStep.choices, blank=True)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "网上流转记录"
