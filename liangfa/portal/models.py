"""执法公开 and public services: what the public site shows and what people send to the agencies.

Private values (a person's name, phone, e-mail, ID, a request's text) live only on PublicRequest and are read
by the agency's staff; the public site shows the redacted `record` of a Publication and nothing else.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from liangfa.core.events import Event
from liangfa.portal.choices import (
    HearingStatus,
    PublicationStatus,
    PublicationStep,
    RequestChannel,
    RequestKind,
    RequestStatus,
    RequestStep,
    RevocationKind,
    Satisfaction,
)

USER = settings.AUTH_USER_MODEL


class Publication(models.Model):
    """One 行政处罚决定 on its way to (and on) the public site: the clock to publish it, what is shown (the
    record as redacted when it was published), until when, and its withdrawal."""

    case = models.OneToOneField("cases.PenaltyCase", on_delete=models.CASCADE, related_name="publication")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="处罚机关")
    status = models.CharField("公示状态", max_length=16, choices=PublicationStatus.choices,
                              default=PublicationStatus.PENDING)
    year = models.PositiveSmallIntegerField("决定年份")
    rule_id = models.CharField("公示期限规则", max_length=40)
    due_at = models.DateTimeField("应公示期限", null=True, blank=True)
    provisional = models.BooleanField("期限暂定", default=False)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    display_until = models.DateField("公示截止日", null=True, blank=True)
    withheld_reason = models.CharField("不予公示情形", max_length=24, blank=True)
    withheld_note = models.CharField("不予公示说明", max_length=300, blank=True)
    revoked_at = models.DateTimeField("决定变更或撤销时间", null=True, blank=True)
    revocation_kind = models.CharField("变更或撤销", max_length=10, choices=RevocationKind.choices, blank=True)
    withdraw_reason = models.CharField("撤回理由（公开说明）", max_length=300, blank=True)
    withdraw_due_at = models.DateTimeField("应撤回期限", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    record = models.JSONField("公示内容（已脱敏）", default=dict, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-case__decision_date", "-id"]
        verbose_name = verbose_name_plural = "行政处罚公示"
        indexes = [models.Index(fields=["status", "due_at"], name="pub_status_due"),
                   models.Index(fields=["agency", "status", "year"], name="pub_agency_status_year"),
                   models.Index(fields=["status", "display_until"], name="pub_status_until")]

    def __str__(self):
        return f"{self.case.decision_no}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("office_publication", args=[self.pk])

    def public_url(self):
        return reverse("gk_decision", args=[self.pk])


class PublicationEvent(Event):
    """Each published record keeps its history: queued, published, changed, withheld, withdrawn."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=16, choices=PublicationStep.choices)
    from_status = models.CharField("原状态", max_length=16, choices=PublicationStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=PublicationStatus.choices, blank=True)
    changes = models.JSONField("公示内容变化", default=dict, blank=True)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "公示记录"


class TrackingCode(models.Model):
    """执法进度查询码, printed on the documents served on the party with its verification code. The code finds
    the matter; the verification code proves the holder has the paper (stored as issued, like an order secret)."""

    case = models.ForeignKey("cases.PenaltyCase", on_delete=models.CASCADE, related_name="tracking_codes")
    code = models.CharField("查询码", max_length=12, unique=True)
    verifier = models.CharField("验证码", max_length=8)
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = verbose_name_plural = "执法进度查询码"

    def __str__(self):
        return self.code


class AppointmentSlot(models.Model):
    """A time at an agency's window that people may book, up to its capacity."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name="机关")
    window = models.CharField("窗口", max_length=100)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    capacity = models.PositiveSmallIntegerField("可预约人数")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = verbose_name_plural = "预约时段"

    def __str__(self):
        return f"{self.agency.name}{self.window} {self.starts_at:%Y-%m-%d %H:%M}"


class PublicRequest(models.Model):
    """What a person sends an agency (or staff record from a letter, call or visit): 咨询, 预约, 申请, 意见建议,
    投诉举报. The person reads the answer with the tracking number and its secret."""

    kind = models.CharField("类别", max_length=20, choices=RequestKind.choices)
    tracking_no = models.CharField("受理编号", max_length=20, unique=True)
    secret = models.CharField("查询密码", max_length=8)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="受理机关")
    channel = models.CharField("渠道", max_length=8, choices=RequestChannel.choices, default=RequestChannel.WEB)
    name = models.CharField("姓名或名称", max_length=100)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    subject = models.CharField("标题", max_length=100)
    body = models.TextField("内容")
    decision_no = models.CharField("涉及的决定书文号", max_length=120, blank=True)
    attachment_path = models.CharField(max_length=200, blank=True)  # under PORTAL_UPLOAD_ROOT, outside the web root
    attachment_name = models.CharField("附件", max_length=200, blank=True)
    slot = models.ForeignKey(AppointmentSlot, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings",
                             verbose_name="预约时段")
    status = models.CharField("状态", max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    received_at = models.DateTimeField("收到时间")
    entered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="登记人")
    handler = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name="承办人")
    answer = models.TextField("书面答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    forwarded_to = models.CharField("转送机关", max_length=100, blank=True)
    rating = models.PositiveSmallIntegerField("满意度", null=True, blank=True, choices=Satisfaction.choices)
    rating_note = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    crime_report = models.BooleanField("举报涉嫌犯罪", default=False)
    referred_at = models.DateTimeField("转为线索时间", null=True, blank=True)
    referral_note = models.TextField("线索说明", blank=True)
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="关联案件")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = verbose_name_plural = "群众诉求"
        indexes = [models.Index(fields=["agency", "kind", "status"], name="request_agency_kind_status"),
                   models.Index(fields=["agency", "received_at"], name="request_agency_received")]

    def __str__(self):
        return f"{self.tracking_no} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("office_request", args=[self.pk])


class RequestEvent(Event):
    request = models.ForeignKey(PublicRequest, on_delete=models.CASCADE, related_name="events")
    code = models.CharField("事项", max_length=16, choices=RequestStep.choices)
    from_status = models.CharField("原状态", max_length=12, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=RequestStatus.choices, blank=True)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "诉求办理记录"


class Hearing(models.Model):
    """A public hearing (行政处罚法第六十四条): the notice shows time, place and matter, the party as redacted."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    matter = models.CharField("案由", max_length=200)
    party_shown = models.CharField("当事人（公告所示）", max_length=200)
    starts_at = models.DateTimeField("听证时间")
    place = models.CharField("听证地点", max_length=200)
    host = models.CharField("听证主持人", max_length=50)
    status = models.CharField("状态", max_length=10, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED)
    announced_at = models.DateTimeField("公告时间")
    announced_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = verbose_name_plural = "听证公告"

    def __str__(self):
        return f"{self.matter} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("office_hearings")


class EnforcementItem(models.Model):
    """执法事项: what an agency enforces and on which legal basis (执法依据, published)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name="机关")
    category = models.CharField("事项类别", max_length=20, default="行政处罚")
    name = models.CharField("事项名称", max_length=200)
    basis = models.TextField("设定依据")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["agency", "category", "id"]
        unique_together = [("agency", "category", "name")]
        verbose_name = verbose_name_plural = "执法事项"

    def __str__(self):
        return f"{self.agency.name}：{self.name}"
