from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from liangfa.core.events import Event
from liangfa.meetings.choices import (
    ActionStatus,
    ConferenceStatus,
    ConferenceTopic,
    EvidenceStage,
    MeetingKind,
    MeetingStatus,
    MeetingStep,
    TrainingKind,
)

USER = settings.AUTH_USER_MODEL


class Meeting(models.Model):
    """联席会议 or 情况通报会, convened by one organ with member organs."""

    convener = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="convened_meetings",
                                 verbose_name="召集机关")
    members = models.ManyToManyField("agencies.Agency", related_name="meetings", verbose_name="成员单位")
    kind = models.CharField("会议类别", max_length=10, choices=MeetingKind.choices, default=MeetingKind.JOINT)
    title = models.CharField("会议名称", max_length=200)
    held_at = models.DateTimeField("召开时间")
    place = models.CharField("地点", max_length=200, blank=True)
    agenda = models.TextField("议题", help_text="每行一项")
    carried_over = models.JSONField("开篇：前次会议未办结事项", default=list, blank=True)
    bulletin_summary = models.TextField("开篇：最近一期情况通报", blank=True)
    status = models.CharField("状态", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    minutes = models.TextField("会议纪要", blank=True)
    minutes_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField("纪要确认时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_at"]
        verbose_name = verbose_name_plural = "联席会议"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.pk])

    @property
    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class MeetingMaterial(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("材料名称", max_length=200)
    file = models.FileField("文件", upload_to="meetings/")
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Who came for each member organ (or that it was absent, and why)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("出席")
    attendees = models.CharField("出席人员", max_length=300, blank=True)
    absence_reason = models.CharField("缺席原因", max_length=200, blank=True)

    class Meta:
        unique_together = [("meeting", "agency")]
        ordering = ["agency__kind", "agency__code"]

    def __str__(self):
        return f"{self.agency}：{'出席' if self.present else '缺席'}"


class ActionItem(models.Model):
    """议定事项: a decision of the meeting, owned by an organ and a person, with its own deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField("议定事项")
    owner_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="meeting_actions",
                                     verbose_name="责任单位")
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="meeting_actions", verbose_name="责任人")
    due_date = models.DateField("办结期限")
    status = models.CharField("状态", max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    result = models.TextField("办理结果", blank=True)
    done_at = models.DateTimeField("办结时间", null=True, blank=True)
    done_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = verbose_name_plural = "会议议定事项"

    def __str__(self):
        return f"议定事项：{self.text[:30]}"

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.meeting_id]) + f"#action-{self.pk}"


class CaseConference(models.Model):
    """重大案件研讨 among the agency, the police and the procuratorate, on a case or a transfer."""

    requested_by_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                                            verbose_name="提请机关")
    participants = models.ManyToManyField("agencies.Agency", related_name="conferences", verbose_name="参加机关")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="conferences")
    transfer = models.ForeignKey("transfers.Transfer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="conferences")
    topic = models.CharField("研讨事项", max_length=16, choices=ConferenceTopic.choices)
    question = models.TextField("研讨问题")
    status = models.CharField("状态", max_length=12, choices=ConferenceStatus.choices, default=ConferenceStatus.OPEN)
    conclusion = models.TextField("一致意见 / 分歧情况", blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = verbose_name_plural = "重大案件研讨"

    def __str__(self):
        return f"研讨（{self.get_topic_display()}）：{self.question[:30]}"

    def get_absolute_url(self):
        return reverse("conference_detail", args=[self.pk])


class ConferenceOpinion(models.Model):
    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE, related_name="opinions")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("意见")
    given_at = models.DateTimeField()

    class Meta:
        ordering = ["given_at", "id"]

    def __str__(self):
        return f"{self.agency}：{self.text[:30]}"


class EvidenceStandard(models.Model):
    """One line of the evidence standards agreed with 检法: for a crime and a stage, which evidence, in
    what form, and how administrative evidence converts (the three tiers)."""

    crime_key = models.CharField("罪名（立案追诉标准键）", max_length=60, db_index=True)
    stage = models.CharField("阶段", max_length=12, choices=EvidenceStage.choices)
    evidence = models.CharField("证据", max_length=200)
    form = models.CharField("形式要求", max_length=300)
    evidence_kind = models.CharField("证据种类", max_length=20)  # transfers.choices.EvidenceKind
    conversion = models.CharField("行政证据如何转化", max_length=300, blank=True)
    basis = models.CharField("依据 / 会商纪要", max_length=300)
    confidence = models.CharField("可信度", max_length=1, default="M")
    active = models.BooleanField("有效", default=True)
    agreed_at_meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+", verbose_name="议定会议")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["crime_key", "stage", "id"]
        verbose_name = verbose_name_plural = "证据标准"

    def __str__(self):
        return f"{self.crime_key}/{self.get_stage_display()}：{self.evidence}"


class TrainingSession(models.Model):
    """相互培训 or 专题研讨, with attendance, materials and a short test."""

    organizer = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="主办机关")
    kind = models.CharField("类别", max_length=10, choices=TrainingKind.choices)
    title = models.CharField("主题", max_length=200)
    held_on = models.DateField("举办日期")
    speaker = models.CharField("主讲人", max_length=100, blank=True)
    material = models.FileField("培训材料", upload_to="training/", blank=True)
    summary = models.TextField("内容摘要", blank=True)
    attendees = models.ManyToManyField(USER, through="TrainingAttendance", related_name="trainings")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = verbose_name_plural = "培训与专题研讨"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training_detail", args=[self.pk])


class TrainingQuestion(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("题目", max_length=300)
    options = models.JSONField("选项")  # ["A…", "B…", …]
    answer = models.PositiveSmallIntegerField("正确选项序号")  # 0-based

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.text


class TrainingAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField("测试得分", null=True, blank=True)  # percent
    tested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [("session", "user")]

    def __str__(self):
        return f"{self.user}@{self.session_id}"


class TypicalCase(models.Model):
    """典型案例: a closed transfer or judgment, redacted for publication, with the lesson stated."""

    transfer = models.OneToOneField("transfers.Transfer", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    crime_key = models.CharField("罪名键", max_length=60, db_index=True)
    crime_name = models.CharField("罪名", max_length=200)
    title = models.CharField("标题", max_length=200)
    facts = models.TextField("基本案情（已脱敏）")
    outcome = models.TextField("处理结果")
    lesson = models.TextField("典型意义")
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = verbose_name_plural = "典型案例"

    def __str__(self):
        return self.title


class MeetingEvent(Event):
    """A step of a meeting, 议定事项, 研讨, standard, training or case-library entry: its own history, and
    the case's timeline when it names a case."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    case = models.ForeignKey("cases.PenaltyCase", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    transfer = models.ForeignKey("transfers.Transfer", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    code = models.CharField("事项", max_length=40, choices=MeetingStep.choices)

    class Meta(Event.Meta):
        verbose_name = verbose_name_plural = "会商经过"
        indexes = [models.Index(fields=["content_type", "object_id"])]
