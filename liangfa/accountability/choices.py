from django.db import models


class Ground(models.TextChoices):
    """What the agency did (《行政执法机关移送涉嫌犯罪案件的规定》第十六条)."""

    UNTRANSFERRED = "untransferred", "应移未移（以行政处罚代替移送）"
    LATE = "late", "逾期移送"
    REFUSED = "refused", "无正当理由不移送"


GROUND_BASIS = {
    Ground.UNTRANSFERRED: "《行政执法机关移送涉嫌犯罪案件的规定》第十六条第二款；《行政处罚法》第八十二条",
    Ground.LATE: "《行政执法机关移送涉嫌犯罪案件的规定》第十六条第一款",
    Ground.REFUSED: "《行政执法机关移送涉嫌犯罪案件的规定》第十六条第二款；《行政处罚法》第八十二条",
}


class FileStatus(models.TextChoices):
    OPEN = "open", "立卷审查中"
    REFERRED = "referred", "已移送处理"
    CONCLUDED = "concluded", "已办结"


FILE_TRANSITIONS = {
    FileStatus.OPEN: {FileStatus.REFERRED},
    FileStatus.REFERRED: {FileStatus.CONCLUDED},
    FileStatus.CONCLUDED: set(),
}


class ReferralKind(models.TextChoices):
    SUPERVISION = "supervision", "移送监察机关"
    SUPERIOR = "superior", "移送上级行政执法机关"
    GOVERNMENT = "government", "移送本级人民政府"


REFERRAL_BASIS = {
    ReferralKind.SUPERVISION: "《行政执法机关移送涉嫌犯罪案件的规定》第十八条",
    ReferralKind.SUPERIOR: "《行政执法机关移送涉嫌犯罪案件的规定》第十六条",
    ReferralKind.GOVERNMENT: "《行政执法机关移送涉嫌犯罪案件的规定》第十六条",
}


class Outcome(models.TextChoices):
    CORRECTION = "correction", "责令改正"
    DEADLINE_TRANSFER = "deadline_transfer", "责令限期移送"
    CIRCULAR = "circular", "通报"
    SANCTION = "sanction", "给予处分（政务处分）"
    CRIMINAL = "criminal", "移送追究刑事责任"
    NONE = "none", "不予追究"


class AccountabilityStep(models.TextChoices):
    OPEN = "open", "立问责卷"
    EDIT = "edit", "补充事实和证据"
    REFER = "refer", "移送处理"
    CONCLUDE = "conclude", "登记处理结果"
