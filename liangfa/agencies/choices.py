from django.db import models


class AgencyKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", "行政执法机关"
    POLICE = "police", "公安机关"
    PROCURATORATE = "procuratorate", "人民检察院"
    COURT = "court", "人民法院"
    SUPERVISION = "supervision", "监察机关"
    JUSTICE = "justice", "司法行政机关"
    GOVERNMENT = "government", "人民政府"


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class Field(models.TextChoices):
    MARKET = "market", "市场监管"
    TAX = "tax", "税务"
    ENVIRONMENT = "environment", "生态环境"
    DRUG = "drug", "药监"
    FORESTRY = "forestry", "林业"
    TOBACCO = "tobacco", "烟草"
    SAFETY = "safety", "应急管理"
    NATURAL_RESOURCES = "natural_resources", "自然资源"
    CULTURE = "culture", "文化执法"
    CUSTOMS = "customs", "海关"
    AGRICULTURE = "agriculture", "农业农村"
    HEALTH = "health", "卫生健康"
    TRANSPORT = "transport", "交通运输"
    HOUSING = "housing", "住房城乡建设"
    WATER = "water", "水利"
    URBAN = "urban", "城市管理"
    PUBLIC_SECURITY = "public_security", "公安"
    PROCURATORIAL = "procuratorial", "检察"
    JUDICIAL = "judicial", "审判"
    JUSTICE = "justice", "司法行政"
    GENERAL = "general", "综合"


class DepartmentKind(models.TextChoices):
    LEGAL = "legal", "法制大队"
    ECONOMIC = "economic", "经侦大队"
    PUBLIC_ORDER = "public_order", "治安大队"
    FOOD_DRUG_ENV = "food_drug_env", "食药环侦大队"
    CRIMINAL = "criminal", "刑侦大队"
    FOREST_POLICE = "forest_police", "森林公安"
    OTHER = "other", "其他内设机构"


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核员"
    HEAD = "head", "负责人"
    LIAISON = "liaison", "联络员"
    POLICE_OFFICER = "police_officer", "民警"
    PROSECUTOR = "prosecutor", "检察官"
    ADMIN = "admin", "管理员"
    LEGAL_ADVISER = "legal_adviser", "法律顾问"
    JUDGE = "judge", "审判人员"
    INSPECTOR = "inspector", "监察人员"  # staff of a 监察机关 (监察委员会)


# Agency kinds whose staff may read every agency's cases (supervision); each such read is logged.
SUPERVISING_KINDS = {AgencyKind.PROCURATORATE, AgencyKind.SUPERVISION, AgencyKind.JUSTICE, AgencyKind.GOVERNMENT}
