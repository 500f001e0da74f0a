from ninja import Router, Schema

from liangfa.agencies.api_auth import require_user
from liangfa.decisions import services

router = Router(tags=["重大行政决策"])


class DecisionOut(Schema):
    id: int
    agency: str
    year: int
    title: str
    status: str
    status_label: str
    legality_passed: bool | None
    adopted: bool | None

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.name

    @staticmethod
    def resolve_year(obj):
        return obj.catalogue.year

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


@router.get("", response=list[DecisionOut], summary="重大行政决策及其程序状态")
def list_decisions(request, year: int | None = None):
    decisions = services.visible_decisions(require_user(request))
    return (decisions.filter(catalogue__year=year) if year else decisions)[:500]
