from datetime import datetime

from django.utils import timezone
from ninja import Router, Schema

from liangfa.clock.calendar import CalendarError
from liangfa.clock.rules import TZ, all_rules, compute_due, get_rule
from liangfa.core.errors import DomainError

router = Router(tags=["法定期限"])


class DueOut(Schema):
    rule: str
    name: str
    start: datetime
    due: datetime
    period: str
    method: str
    citation: str
    confidence: str


class RuleOut(Schema):
    id: str
    name: str
    period: str
    method: str
    holder: str
    citation: str
    confidence: str
    note: str


@router.get("/rules", response=list[RuleOut], summary="期限规则（含法律依据）")
def rules(request):
    return [{**r.__dict__, "citation": r.citation, "period": r.period} for r in all_rules().values()]


@router.get("/due", response=DueOut, summary="法定期限计算器")
def due(request, rule: str, start: datetime):
    try:
        found = get_rule(rule)
    except KeyError as exc:
        raise DomainError(exc.args[0]) from exc
    if timezone.is_naive(start):
        start = start.replace(tzinfo=TZ)
    try:
        end = compute_due(start, found.amount, found.method)
    except CalendarError as exc:
        raise DomainError(str(exc)) from exc
    return {"rule": found.id, "name": found.name, "start": start, "due": end, "period": found.period,
            "method": found.method, "citation": found.citation, "confidence": found.confidence}
