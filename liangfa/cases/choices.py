from django.db import models


class CaseStatus(models.TextChoices):
    FILED = "filed", "立案"
    INVESTIGATING = "investigating", "调查"
    NOTIFIED = "notified", "告知"
    DECIDED = "decided", "决定"
    EXECUTING = "executing", "执行"
    CLOSED = "closed", "结案"


# The only allowed steps. 调查→结案 covers 不予处罚/撤案; 决定→结案 a decision with nothing to execute.
CASE_TRANSITIONS: dict[str, set[str]] = {
    CaseStatus.FILED: {CaseStatus.INVESTIGATING, CaseStatus.CLOSED},
    CaseStatus.INVESTIGATING: {CaseStatus.NOTIFIED, CaseStatus.CLOSED},
    CaseStatus.NOTIFIED: {CaseStatus.DECIDED, CaseStatus.INVESTIGATING},
    CaseStatus.DECIDED: {CaseStatus.EXECUTING, CaseStatus.CLOSED},
    CaseStatus.EXECUTING: {CaseStatus.CLOSED},
    CaseStatus.CLOSED: set(),
}
STATUS_BY_LABEL = {label: value for value, label in CaseStatus.choices}


class EventKind(models.TextChoices):
    CREATED = "created", "登记"
    UPDATED = "updated", "更新"
    STATUS = "status", "状态变更"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    REJECTED = "rejected", "有错误，未导入"
    FAILED = "failed", "文件无法读取"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在生成"
    DONE = "done", "已完成"
    FAILED = "failed", "生成失败"


class ImportSource(models.TextChoices):
    WEB = "web", "网页上传"
    CLI = "cli", "命令行"
    API = "api", "接口推送"
    DEMO = "demo", "演示数据"


class ShareKind(models.TextChoices):
    TRANSFER = "transfer", "移送"
    GRANT = "grant", "授权查阅"
class LandClass(models.TextChoices):
    """土地类别: the 立案追诉标准 for 非法占用农用地 and 非法转让土地 differ by it (5亩 / 10亩 / 20亩)."""

    BASIC_FARMLAND = "basic_farmland", "永久基本农田（基本农田）"
    OTHER_FARMLAND = "other_farmland", "基本农田以外的耕地"
    PUBLIC_FOREST = "public_forest", "公益林地"
    COMMERCIAL_FOREST = "commercial_forest", "商品林地"
    OTHER_AGRICULTURAL = "other_agricultural", "其他农用地"
    OTHER_LAND = "other_land", "其他土地"


LAND_CLASS_BY_LABEL = {label: value for value, label in LandClass.choices} | {
    "基本农田": LandClass.BASIC_FARMLAND, "永久基本农田": LandClass.BASIC_FARMLAND, "耕地": LandClass.OTHER_FARMLAND,
    "一般耕地": LandClass.OTHER_FARMLAND, "防护林地": LandClass.PUBLIC_FOREST, "特种用途林地": LandClass.PUBLIC_FOREST}
