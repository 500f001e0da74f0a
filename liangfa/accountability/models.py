from django.conf import settings
from django.db import models
from django.urls import reverse

from liangfa.accountability.choices import AccountabilityStep, FileStatus, Ground, Outcome, ReferralKind
from liangfa.core.events import Event

USER = settings.AUTH_USER_MODEL


class AccountabilityFile(models.Model):
    """问责卷: an agency confirmed 应移未移, or transferred late, or refused without reason; who answers for it."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="accountability_files",
                               verbose_name="被追究的机关")
    ground = models.CharField("事由", max_length=16, choices=Ground.choices)
    clue = models.ForeignKey("screening.Clue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             db_constraint=False)
    transfer = models.ForeignKey("transfers.Transfer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.PROTECT, related_name="+")
    facts = models.TextField("基本事实")
    responsible = models.TextField("责任人员")
    evidence = models.TextField("证据材料", blank=True)
    status = models.CharField("状态", max_length=12, choices=FileStatus.choices, default=FileStatus.OPEN)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_by_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                                         verbose_name="立卷机关")
    opened_at = models.DateTimeField("立卷时间")
    referral_kind = models.CharField("移送方式", max_length=12, choices=ReferralKind.choices, blank=True)
    referred_to = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="accountability_referred", verbose_name="移送至")
    referral_note = models.TextField("移送意见", blank=True)
    referred_at = models.DateTimeField("移送时间", null=True, blank=True)
    outcome = models.CharField("处理结果", max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("处理情况", blank=True)
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"问责卷：{self.agency.name}（{self.get_ground_display()}）"

    def get_absolute_url(self):
        return reverse("accountability_detail", args=[self.pk])


class AccountabilityEvent(Event):
    file = models.ForeignKey(AccountabilityFile, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=40, choices=AccountabilityStep.choices)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "问责经过"
