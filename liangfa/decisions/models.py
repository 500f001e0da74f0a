from django.conf import settings
from django.db import models
from django.urls import reverse

from liangfa.core.events import Event
from liangfa.decisions.choices import DecisionStatus, DecisionStep, Position

USER = settings.AUTH_USER_MODEL


class LegalAdviser(models.Model):
    """法律顾问 of an organ, with the contract that makes them one."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="legal_advisers",
                               verbose_name="聘请机关")
    name = models.CharField("姓名", max_length=50)
    firm = models.CharField("执业机构", max_length=100)
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="adviser_posts",
                             verbose_name="平台账号")
    contract_no = models.CharField("合同编号", max_length=100)
    contract_start = models.DateField("合同起始日")
    contract_end = models.DateField("合同终止日")
    contract_file = models.FileField("合同文本", upload_to="advisers/", blank=True)

    class Meta:
        ordering = ["agency", "-contract_end"]
        verbose_name = verbose_name_plural = "法律顾问"

    def __str__(self):
        return f"{self.name}（{self.firm}）"

    def in_contract(self, day) -> bool:
        return self.contract_start <= day <= self.contract_end


class DecisionCatalogue(models.Model):
    """The year's 重大行政决策事项目录 an organ publishes."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        unique_together = [("agency", "year")]
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "重大行政决策事项目录"

    def __str__(self):
        return f"{self.agency}{self.year}年度重大行政决策事项目录"


class MajorDecision(models.Model):
    """One 重大行政决策 and its statutory steps, each a gate for the next."""

    catalogue = models.ForeignKey(DecisionCatalogue, on_delete=models.PROTECT, related_name="decisions")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("决策事项", max_length=200)
    summary = models.TextField("决策草案说明", blank=True)
    status = models.CharField("状态", max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFTING)
    # 公众参与
    consultation_from = models.DateField("征求意见开始", null=True, blank=True)
    consultation_to = models.DateField("征求意见截止", null=True, blank=True)
    consultation_short_reason = models.CharField("缩短期限的说明", max_length=300, blank=True)
    consultation_result = models.TextField("公众参与情况", blank=True)
    consultation_na = models.CharField("不适用的理由", max_length=300, blank=True)
    # 专家论证, 风险评估
    expert_result = models.TextField("专家论证意见", blank=True)
    expert_na = models.CharField("不适用的理由", max_length=300, blank=True)
    risk_result = models.TextField("风险评估结论", blank=True)
    risk_na = models.CharField("不适用的理由", max_length=300, blank=True)
    # 合法性审查
    legality_reviewer = models.ForeignKey(LegalAdviser, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name="审查人（法律顾问）")
    legality_sent_at = models.DateTimeField("送审时间", null=True, blank=True)
    legality_due = models.DateField("审查期满日", null=True, blank=True)
    legality_passed = models.BooleanField("审查结论", null=True, blank=True)
    legality_opinion = models.TextField("合法性审查意见", blank=True)
    legality_at = models.DateTimeField("审查完成时间", null=True, blank=True)
    # 集体讨论决定
    discussed_at = models.DateTimeField("讨论时间", null=True, blank=True)
    discussion_meeting = models.CharField("会议", max_length=200, blank=True)
    adopted = models.BooleanField("决定", null=True, blank=True)
    head_reason = models.TextField("行政首长说明的理由", blank=True)
    dissent = models.TextField("不同意见", blank=True)
    # 公布、归档、后评估
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    publication_channel = models.CharField("公布途径", max_length=200, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    archive_no = models.CharField("档案号", max_length=100, blank=True)
    evaluated_at = models.DateTimeField("后评估时间", null=True, blank=True)
    evaluation_result = models.TextField("后评估结论", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "重大行政决策"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("decision_detail", args=[self.pk])


class Speech(models.Model):
    """One member's words at the 集体讨论, in the order spoken (the head speaks last)."""

    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="speeches")
    order = models.PositiveSmallIntegerField("发言顺序")
    speaker = models.CharField("发言人", max_length=50)
    is_head = models.BooleanField("行政首长", default=False)
    position = models.CharField("意见", max_length=10, choices=Position.choices)
    text = models.TextField("发言要点", blank=True)

    class Meta:
        ordering = ["decision", "order"]

    def __str__(self):
        return f"{self.order}. {self.speaker}：{self.get_position_display()}"


class AdviserOpinion(models.Model):
    """A 法律顾问's written opinion on a decision or a case."""

    adviser = models.ForeignKey(LegalAdviser, on_delete=models.PROTECT, related_name="opinions")
    decision = models.ForeignKey(MajorDecision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="adviser_opinions")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("法律意见")
    given_at = models.DateTimeField()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = verbose_name_plural = "法律顾问意见"

    def __str__(self):
        return f"{self.adviser.name}：{self.text[:30]}"


class DecisionEvent(Event):
    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=40, choices=DecisionStep.choices)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "决策经过"
