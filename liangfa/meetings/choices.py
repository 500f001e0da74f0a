from django.db import models


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "已通知召开"
    HELD = "held", "已召开（纪要待写）"
    MINUTES_WRITTEN = "minutes_written", "纪要待确认"
    CONFIRMED = "confirmed", "纪要已确认"
    CANCELLED = "cancelled", "已取消"


MEETING_TRANSITIONS = {
    MeetingStatus.SCHEDULED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: {MeetingStatus.MINUTES_WRITTEN},
    MeetingStatus.MINUTES_WRITTEN: {MeetingStatus.MINUTES_WRITTEN, MeetingStatus.CONFIRMED},
    MeetingStatus.CONFIRMED: set(),
    MeetingStatus.CANCELLED: set(),
}


class MeetingKind(models.TextChoices):
    JOINT = "joint", "联席会议"
    BRIEFING = "briefing", "情况通报会"


class ActionStatus(models.TextChoices):
    OPEN = "open", "办理中"
    DONE = "done", "已办结"


ACTION_TRANSITIONS = {ActionStatus.OPEN: {ActionStatus.DONE}, ActionStatus.DONE: set()}


class ConferenceTopic(models.TextChoices):
    CRIME = "crime", "罪与非罪"
    EVIDENCE = "evidence", "证据"
    JURISDICTION = "jurisdiction", "管辖"


class ConferenceStatus(models.TextChoices):
    OPEN = "open", "研讨中"
    AGREED = "agreed", "已形成一致意见"
    DISAGREED = "disagreed", "未形成一致意见（分歧已记录）"


CONFERENCE_TRANSITIONS = {
    ConferenceStatus.OPEN: {ConferenceStatus.AGREED, ConferenceStatus.DISAGREED},
    ConferenceStatus.AGREED: set(),
    ConferenceStatus.DISAGREED: set(),
}


class EvidenceStage(models.TextChoices):
    """The three stages an evidence standard is agreed for."""

    TRANSFER = "transfer", "移送"
    ARREST = "arrest", "逮捕"
    INDICTMENT = "indictment", "起诉"


class TrainingKind(models.TextChoices):
    TRAINING = "training", "业务培训"
    SEMINAR = "seminar", "专题研讨"


class MeetingStep(models.TextChoices):
    """The steps of meetings, 研讨, training and the case library, by code (core/events.py)."""

    SCHEDULE = "schedule", "通知召开联席会议"
    MATERIAL = "material", "上传会议材料"
    ATTENDANCE = "attendance", "登记出席情况"
    MINUTES = "minutes", "撰写会议纪要"
    CONFIRM = "confirm", "确认会议纪要"
    CANCEL = "cancel", "取消会议"
    ACTION_ADD = "action_add", "议定事项交办"
    ACTION_DONE = "action_done", "议定事项办结"
    CONFERENCE_ASK = "conference_ask", "提请重大案件研讨"
    CONFERENCE_OPINION = "conference_opinion", "发表研讨意见"
    CONFERENCE_AGREE = "conference_agree", "研讨形成一致意见"
    CONFERENCE_DISAGREE = "conference_disagree", "研讨未形成一致意见"
    STANDARD_ADD = "standard_add", "新增证据标准"
    STANDARD_RETIRE = "standard_retire", "停用证据标准"
    TRAINING_HOLD = "training_hold", "举办培训"
    TRAINING_TEST = "training_test", "完成培训测试"
    LIBRARY_ADD = "library_add", "收入典型案例库"
