from django.db import models


class PublicationStatus(models.TextChoices):
    PENDING = "pending", "待公示"
    PUBLISHED = "published", "公示中"
    WITHHELD = "withheld", "依法不予公示"
    WITHDRAWAL_DUE = "withdrawal_due", "决定已变更或撤销，待撤回"
    WITHDRAWN = "withdrawn", "已撤回"
    ENDED = "ended", "公示期满"


P = PublicationStatus
PUBLICATION_TRANSITIONS: dict[str, set[str]] = {
    P.PENDING: {P.PUBLISHED, P.WITHHELD},
    P.WITHHELD: {P.PENDING},
    P.PUBLISHED: {P.PUBLISHED, P.WITHDRAWAL_DUE, P.WITHDRAWN, P.ENDED},  # PUBLISHED→PUBLISHED: 更正
    P.WITHDRAWAL_DUE: {P.WITHDRAWN},
    P.WITHDRAWN: set(),
    P.ENDED: set(),
}
SHOWN = (P.PUBLISHED, P.WITHDRAWAL_DUE)  # on the public site (a revoked decision shows until it is withdrawn)


class PublicationStep(models.TextChoices):
    QUEUED = "queued", "进入公示队列"
    PUBLISH = "publish", "公示"
    CHANGE = "change", "更正公示内容"
    WITHHOLD = "withhold", "决定不予公示"
    RECONSIDER = "reconsider", "重新列入公示队列"
    REVOKED = "revoked", "处罚决定被变更或撤销"
    WITHDRAW = "withdraw", "撤回公示"
    END = "end", "公示期满，停止公示"


class RevocationKind(models.TextChoices):
    CHANGED = "changed", "依法变更"
    REVOKED = "revoked", "撤销"
    ILLEGAL = "illegal", "确认违法"
    VOID = "void", "确认无效"


class RequestKind(models.TextChoices):
    CONSULT = "consult", "在线咨询"
    APPOINTMENT = "appointment", "预约办理"
    INFO_DISCLOSURE = "info_disclosure", "政府信息公开申请"
    RECONSIDERATION = "reconsideration", "行政复议申请"
    INFO_QUERY = "info_query", "公示信息查询、更正申请"
    SUGGESTION = "suggestion", "意见建议"
    COMPLAINT = "complaint", "投诉举报"


# The period each kind is answered in (data/deadline_rules.yaml); an appointment has none.
RULE_OF_KIND = {
    RequestKind.CONSULT: "PORTAL_CONSULT_REPLY",
    RequestKind.INFO_DISCLOSURE: "GOV_INFO_REPLY",
    RequestKind.RECONSIDERATION: "RECONSIDERATION_FORWARD",
    RequestKind.INFO_QUERY: "PUB_INFO_QUERY_REPLY",
    RequestKind.SUGGESTION: "PORTAL_SUGGESTION_REPLY",
    RequestKind.COMPLAINT: "PORTAL_REPORT_REPLY",
}
PREFIX_OF_KIND = {RequestKind.CONSULT: "ZX", RequestKind.APPOINTMENT: "YY", RequestKind.INFO_DISCLOSURE: "GK",
                  RequestKind.RECONSIDERATION: "FY", RequestKind.INFO_QUERY: "GS", RequestKind.SUGGESTION: "JY",
                  RequestKind.COMPLAINT: "TS"}
# 群众意见: what the statistics and 满意度 count.
OPINION_KINDS = (RequestKind.SUGGESTION, RequestKind.COMPLAINT, RequestKind.CONSULT)


class RequestChannel(models.TextChoices):
    WEB = "web", "网上提交"
    LETTER = "letter", "来信"
    PHONE = "phone", "来电"
    VISIT = "visit", "来访"


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交，待受理"
    ACCEPTED = "accepted", "已受理，办理中"
    FORWARDED = "forwarded", "已转送有权机关"
    ANSWERED = "answered", "已答复"
    REJECTED = "rejected", "不予受理（已说明理由）"
    BOOKED = "booked", "已预约"
    CANCELLED = "cancelled", "已取消"


R = RequestStatus
REQUEST_TRANSITIONS: dict[str, set[str]] = {
    R.SUBMITTED: {R.ACCEPTED, R.REJECTED, R.FORWARDED},
    R.ACCEPTED: {R.ANSWERED, R.FORWARDED},
    R.FORWARDED: set(),
    R.ANSWERED: set(),
    R.REJECTED: set(),
    R.BOOKED: {R.ANSWERED, R.CANCELLED},  # an appointment is closed by recording how it went
    R.CANCELLED: set(),
}
DONE = (R.FORWARDED, R.ANSWERED, R.REJECTED, R.CANCELLED)
RATEABLE = (R.ANSWERED, R.REJECTED, R.FORWARDED)


class RequestStep(models.TextChoices):
    SUBMIT = "submit", "提交"
    ENTER = "enter", "登记来信来电来访"
    ASSIGN = "assign", "指定承办人"
    ACCEPT = "accept", "受理"
    ANSWER = "answer", "书面答复"
    REJECT = "reject", "不予受理"
    FORWARD = "forward", "转送有权机关"
    RATE = "rate", "评价满意度"
    REFER = "refer", "举报转为涉嫌犯罪线索"
    LINK_CASE = "link_case", "关联案件"
    BOOK = "book", "预约"
    CANCEL = "cancel", "取消预约"


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    NEUTRAL = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "已公告，待举行"
    HELD = "held", "已举行"
    CANCELLED = "cancelled", "已取消"


HEARING_TRANSITIONS = {
    HearingStatus.SCHEDULED: {HearingStatus.HELD, HearingStatus.CANCELLED},
    HearingStatus.HELD: set(),
    HearingStatus.CANCELLED: set(),
}
