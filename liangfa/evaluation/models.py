"""执法质量考评: the indicator catalogue (versioned data), evaluations, their deductions with evidence, 网上案件评查
samples and 异议, scores per unit and officer, and corrective tasks (纠错)."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from liangfa.evaluation.choices import (
    CorrectionStatus,
    EvaluationKind,
    EvaluationStatus,
    Mode,
    ObjectionResult,
    SampleStatus,
    SamplingMethod,
    Source,
)

USER = settings.AUTH_USER_MODEL
POINTS = {"max_digits": 7, "decimal_places": 2}


class Catalogue(models.Model):
    """One version of the indicator catalogue; an edit makes a new version, an evaluation keeps the one it began with."""

    version = models.PositiveIntegerField("版本", unique=True)
    active = models.BooleanField("现行", default=True)
    checklist = models.JSONField("评查评分表", default=list)  # [{code, label, points}]
    note = models.CharField("修改说明", max_length=300)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-version"]
        verbose_name = verbose_name_plural = "考评指标版本"

    def __str__(self):
        return f"第{self.version}版（{self.note}）"


class Indicator(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("编号", max_length=10)
    description = models.CharField("指标", max_length=200)
    points = models.DecimalField("每次扣分", **POINTS)
    cap = models.DecimalField("扣分上限", null=True, blank=True, **POINTS)
    basis = models.CharField("依据", max_length=300)
    mode = models.CharField("方式", max_length=8, choices=Mode.choices)
    source = models.CharField("自动来源", max_length=20, choices=Source.choices)
    kinds = models.JSONField("适用考评类型", default=list)

    class Meta:
        ordering = ["code"]
        unique_together = [("catalogue", "code")]
        verbose_name = verbose_name_plural = "考评指标"

    def __str__(self):
        return f"{self.code} {self.description}"

    @property
    def kind_labels(self) -> list[str]:
        return [EvaluationKind(k).label for k in self.kinds if k in EvaluationKind.values]


class Evaluation(models.Model):
    organizer = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="考评机关")
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=EvaluationKind.choices)
    period_start = models.DateField("考评期间起")
    period_end = models.DateField("考评期间止")
    theme = models.CharField("专项主题（违法行为类型包含）", max_length=100, blank=True)
    units = models.ManyToManyField("agencies.Agency", related_name="+", verbose_name="被考评单位")
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="+")
    weights = models.JSONField("权重", default=dict)
    status = models.CharField("状态", max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField("自动扣分计算时间", null=True, blank=True)
    objections_open_at = models.DateTimeField("结果反馈时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = verbose_name_plural = "执法质量考评"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation_detail", args=[self.pk])


class Deduction(models.Model):
    """One deduction with the evidence it stands on (a deadline, a case, a remedy, a clue…)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="deductions")
    unit = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    officer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="承办人")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    indicator = models.CharField("指标编号", max_length=10)
    description = models.CharField("指标", max_length=200)
    points = models.DecimalField("扣分", **POINTS)
    evidence = models.CharField("依据的记录", max_length=500)
    evidence_url = models.CharField(max_length=200, blank=True)
    key = models.CharField(max_length=80)  # what the deduction is for (source:object id): computed once
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["unit", "indicator", "id"]
        unique_together = [("evaluation", "key")]
        verbose_name = verbose_name_plural = "考评扣分"

    def __str__(self):
        return f"{self.indicator} −{self.points}：{self.evidence[:40]}"


class Sample(models.Model):
    """A case drawn for 网上案件评查, scored on the checklist by its assigned reviewer."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="samples")
    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    method = models.CharField("抽取方式", max_length=12, choices=SamplingMethod.choices)
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="评查人员")
    lost = models.JSONField("各项扣分", default=dict)  # {item: points lost}
    notes = models.JSONField("各项问题", default=dict)
    score = models.DecimalField("得分", null=True, blank=True, **POINTS)
    status = models.CharField("状态", max_length=10, choices=SampleStatus.choices, default=SampleStatus.ASSIGNED)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit", "id"]
        unique_together = [("evaluation", "case")]
        verbose_name = verbose_name_plural = "评查案件"

    def __str__(self):
        return f"评查 {self.case_id}"

    def get_absolute_url(self):
        return reverse("sample_detail", args=[self.pk])


class Objection(models.Model):
    """异议 of the evaluated unit against a sample's score, within the rule's period, and its answer."""

    sample = models.OneToOneField(Sample, on_delete=models.CASCADE, related_name="objection")
    filed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField()
    reasons = models.TextField("异议理由")
    result = models.CharField("处理结果", max_length=10, choices=ObjectionResult.choices, blank=True)
    answer = models.TextField("答复", blank=True)
    old_score = models.DecimalField(null=True, blank=True, **POINTS)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.reasons[:40]

    def get_absolute_url(self):
        return self.sample.get_absolute_url()


class Score(models.Model):
    """A finished evaluation's score of one unit (officer empty) or one officer."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deducted = models.DecimalField("扣分", **POINTS)
    sample_score = models.DecimalField("评查得分", null=True, blank=True, **POINTS)
    total = models.DecimalField("总分", **POINTS)
    rank = models.PositiveSmallIntegerField("名次")
    parts = models.JSONField("构成", default=dict)

    class Meta:
        ordering = ["officer", "rank"]
        verbose_name = verbose_name_plural = "考评得分"

    def __str__(self):
        return f"{self.total}（第{self.rank}名）"


class Correction(models.Model):
    """纠错: a problem found, who must fix it, by when (the clock's EVAL_CORRECT), and how it was fixed."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="corrections")
    deduction = models.ForeignKey(Deduction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="责任人")
    task = models.TextField("整改事项")
    status = models.CharField("状态", max_length=6, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN)
    result = models.TextField("整改情况", blank=True)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = verbose_name_plural = "整改（纠错）"

    def __str__(self):
        return self.task[:40]

    def get_absolute_url(self):
        return reverse("correction_list")
