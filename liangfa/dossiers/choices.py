from django.db import models


class DossierStatus(models.TextChoices):
    REQUESTED = "requested", "待提供案卷"
    SUPPLIED = "supplied", "已提供案卷"
    CLOSED = "closed", "已阅毕"


DOSSIER_TRANSITIONS = {
    DossierStatus.REQUESTED: {DossierStatus.SUPPLIED},
    DossierStatus.SUPPLIED: {DossierStatus.CLOSED},
    DossierStatus.CLOSED: set(),
}


class MaterialKind(models.TextChoices):
    RECORD = "record", "笔录"
    EVIDENCE = "evidence", "证据"
    DOCUMENT = "document", "文书"


class DossierStep(models.TextChoices):
    """The steps of a 调阅, by code (core/events.py)."""

    REQUEST = "request", "提出调阅案卷"
    UPLOAD = "upload", "上传案卷材料"
    SUPPLY = "supply", "提供案卷材料"
    CLOSE = "close", "阅毕"
