from datetime import datetime

from django.utils import timezone
from ninja import Router, Schema

from liangfa.clock.counting import due_for
from liangfa.clock.rules import TZ, all_rules, get_rule
from liangfa.core.errors import DomainError

router = Router(tags=["法定期限"])


class DeadlineOut(Schema):
    """A deadline as every API that lists them shows it (transfers, supervision, …)."""

    rule_id: str
    name: str
    period: str
    citation: str
    start_event: str
    started_at: datetime | None  # empty while 待送达
    issued_at: datetime | None
    due_at: datetime | None
    provisional: bool  # 暂定: counted before the year's holiday notice was loaded
    provisional_reason: str
    holder: str
    status: str
    lateness: str
    problem: str

    @staticmethod
    def resolve_holder(obj):
        return obj.holder_agency.name

    @staticmethod
    def resolve_status(obj):
        return obj.display().label

    @staticmethod
    def resolve_lateness(obj):
        return obj.lateness()


class DueOut(Schema):
    rule: str
    name: str
    start: datetime
    due: datetime
    provisional: bool
    provisional_reason: str
    period: str
    period_text: str
    method: str
    citation: str
    confidence: str


class RuleOut(Schema):
    id: str
    name: str
    period: str
    period_text: str
    method: str
    holder: str
    citation: str
    confidence: str
    starts: str
    words: str
    configurable: bool
    config_variable: str
    law_says: str
    note: str


@router.get("/rules", response=list[RuleOut], summary="期限规则（含法律依据、起算点和条文原话）")
def rules(request):
    return [{**r.__dict__, "citation": r.citation, "period": r.period, "period_text": r.period_text,
             "config_variable": r.config_variable} for r in all_rules().values()]


@router.get("/due", response=DueOut, summary="法定期限计算器")
def due(request, rule: str, start: datetime):
    try:
        found = get_rule(rule)
    except KeyError as exc:
        raise DomainError(exc.args[0]) from exc
    if timezone.is_naive(start):
        start = start.replace(tzinfo=TZ)
    result = due_for(found, start)
    if result.at is None:
        raise DomainError(result.problem)
    return {"rule": found.id, "name": found.name, "start": start, "due": result.at, "period": result.period,
            "period_text": found.period_text, "provisional": result.provisional,
            "provisional_reason": result.provisional_reason, "method": found.method, "citation": found.citation,
            "confidence": found.confidence}
