"""Public read-only API (/api/public/): published decisions and procedures, without authentication (each
route says auth=None). The same redacted records as the public pages."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from liangfa.portal import opendata, publication
from liangfa.portal.procedures import procedures

router = Router(tags=["执法公开"])


@router.get("/decisions", auth=None, summary="已公示的行政处罚决定（双公示字段，已脱敏）")
def decisions(request, agency: str = Query("", max_length=32), year: int | None = Query(None, ge=1990, le=2100),
              page: int = Query(1, ge=1, le=100_000)):
    items = publication.shown().order_by("-published_at", "-id")
    if agency:
        items = items.filter(agency__code=agency)
    if year:
        items = items.filter(year=year)
    chunk = list(items[(page - 1) * 100: page * 100])
    return {"page": page, "columns": opendata.HEADERS, "records": opendata.as_json(chunk)}


@router.get("/decisions/{pk}", auth=None, summary="一件已公示的行政处罚决定")
def decision(request, pk: int = Path(..., ge=1, le=2**62)):
    return dict(zip(opendata.HEADERS, opendata.row(get_object_or_404(publication.shown(), pk=pk)), strict=True))


@router.get("/procedures", auth=None, summary="执法程序（步骤、期限和依据，取自期限规则数据）")
def procedure_list(request):
    return [{"key": p.key, "title": p.title, "summary": p.summary, "basis": p.basis,
             "steps": [{"name": s.name, "period": s.period, "starts": s.starts, "citation": s.citation,
                        "confidence": s.confidence} for s in p.steps]} for p in procedures()]
