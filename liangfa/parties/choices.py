from django.db import models


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORGANISATION = "other_organisation", "非法人组织"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"


class IdStatus(models.TextChoices):
    VALID = "valid", "有效"
    MASKED = "masked", "脱敏（不能用于关联）"
    INVALID = "invalid", "校验未通过"
    MISSING = "missing", "缺失"


class IdKind(models.TextChoices):
    USCC = "uscc", "统一社会信用代码"
    RESIDENT_ID = "resident_id", "居民身份证号"
    REGISTRATION_NO = "registration_no", "工商注册号"
    ORGANISATION_CODE = "organisation_code", "组织机构代码"
    TAX_NO = "tax_no", "税务登记号"
    INSTITUTION_NO = "institution_no", "事业单位证书号"
    SOCIAL_ORG_NO = "social_org_no", "社会组织登记证号"
    OTHER = "other", "其他证件"


# Which label the 双公示 standard's 行政相对人类别 column uses for each kind.
KIND_BY_LABEL = {
    "法人及非法人组织": PartyKind.LEGAL_PERSON,
    "法人": PartyKind.LEGAL_PERSON,
    "单位": PartyKind.LEGAL_PERSON,
    "合伙企业": PartyKind.OTHER_ORGANISATION,
    "非法人组织": PartyKind.OTHER_ORGANISATION,
    "其他组织": PartyKind.OTHER_ORGANISATION,
    "自然人": PartyKind.NATURAL_PERSON,
    "个人": PartyKind.NATURAL_PERSON,
    "个体工商户": PartyKind.INDIVIDUAL_BUSINESS,
}


class LinkStatus(models.TextChoices):
    CANDIDATE = "candidate", "待确认"
    CONFIRMED = "confirmed", "已确认为同一当事人"
    REJECTED = "rejected", "已否定"
