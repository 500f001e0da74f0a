from django.db import models


class DecisionStatus(models.TextChoices):
    DRAFTING = "drafting", "决策草案形成中"
    IN_REVIEW = "legality_review", "合法性审查中"
    REVIEW_FAILED = "review_failed", "合法性审查未通过"
    REVIEWED = "reviewed", "合法性审查通过，待集体讨论"
    DECIDED = "decided", "已集体讨论决定"
    NOT_ADOPTED = "not_adopted", "集体讨论未通过"
    PUBLISHED = "published", "已公布"
    ARCHIVED = "archived", "已归档"
    EVALUATED = "evaluated", "已后评估"


DECISION_TRANSITIONS = {
    DecisionStatus.DRAFTING: {DecisionStatus.IN_REVIEW},
    DecisionStatus.IN_REVIEW: {DecisionStatus.REVIEWED, DecisionStatus.REVIEW_FAILED},
    DecisionStatus.REVIEW_FAILED: {DecisionStatus.IN_REVIEW},
    DecisionStatus.REVIEWED: {DecisionStatus.DECIDED, DecisionStatus.NOT_ADOPTED},
    DecisionStatus.DECIDED: {DecisionStatus.PUBLISHED},
    DecisionStatus.NOT_ADOPTED: set(),
    DecisionStatus.PUBLISHED: {DecisionStatus.ARCHIVED},
    DecisionStatus.ARCHIVED: {DecisionStatus.EVALUATED},
    DecisionStatus.EVALUATED: set(),
}


class Position(models.TextChoices):
    AGREE = "agree", "同意"
    DISAGREE = "disagree", "不同意"
    RESERVE = "reserve", "保留意见"


class DecisionStep(models.TextChoices):
    """The steps of a 重大行政决策, by code (core/events.py); the keys of data/major_decision_steps.yaml."""

    CATALOGUE = "catalogue", "列入决策事项目录"
    CONSULTATION = "consultation", "公众参与"
    EXPERT = "expert", "专家论证"
    RISK = "risk", "风险评估"
    LEGALITY_SENT = "legality_sent", "送请合法性审查"
    LEGALITY = "legality", "合法性审查"
    DISCUSSION = "discussion", "集体讨论决定"
    PUBLICATION = "publication", "决策公布"
    ARCHIVE = "archive", "决策归档"
    EVALUATION = "evaluation", "决策后评估"
    ADVISER_OPINION = "adviser_opinion", "法律顾问意见"
