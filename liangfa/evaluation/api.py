"""执法质量考评 over the API: the evaluations a person may see and their unit and officer scores."""

from datetime import date

from ninja import Router, Schema

from liangfa.agencies.api_auth import require_user
from liangfa.core.errors import DomainError
from liangfa.evaluation.services import results, visible_evaluations

router = Router(tags=["执法质量考评"])


class EvaluationOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    period_start: date
    period_end: date


@router.get("", response=list[EvaluationOut], summary="执法质量考评")
def list_evaluations(request):
    return visible_evaluations(require_user(request)).distinct()[:200]


@router.get("/{evaluation_id}/scores", summary="单位和执法人员的得分、名次")
def scores(request, evaluation_id: int):
    evaluation = visible_evaluations(require_user(request)).filter(pk=evaluation_id).distinct().first()
    if evaluation is None:
        raise DomainError("考评不存在或无权查看")
    units, officers = results(evaluation)

    def rows(items):
        return [{"name": r["name"], "deducted": str(r["deducted"]), "total": str(r["total"]), "rank": r["rank"]}
                for r in items]
    return {"status": evaluation.status, "units": rows(units), "officers": rows(officers)}
