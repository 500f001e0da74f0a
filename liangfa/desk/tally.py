"""The home page's region-wide figures (cases and fines in all, and per organ) for those who see every
organ, and an organ's own figures read off the same per-organ counts: counted over the whole case table
they took 1.3 s at 1,000,000 cases on PostgreSQL (an organ's 20,000 cases 45 ms at 200,000), so they are
kept in the cache, counted again after every import (the one path that adds cases or changes fines) and
at most TALLY_SECONDS old otherwise. The page says when they were counted."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from liangfa.cases.models import PenaltyCase

TALLY_SECONDS = 300
VERSION_KEY = "desk:tally-version"


def forget(**_) -> None:
    """Cases were added or changed (cases_imported): the next home page counts again — now, and once more
    when the import commits (a page counted in between would otherwise keep the old figures)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (a new cache)
        cache.set(VERSION_KEY, 1, None)


def region_figures() -> dict:
    """{"totals": {n, fines}, "by_agency": [...30 organs with most cases], "per_agency": {agency id: (n, fines)},
    "counted_at": datetime}: one count over the case table, grouped by organ."""
    key = f"desk:tally:{cache.get(VERSION_KEY, 0)}"
    figures = cache.get(key)
    if figures is None:
        rows = list(PenaltyCase.objects.values("agency_id", "agency__code", "agency__name")
                    .annotate(n=Count("id"), fines=Sum("fine_amount")).order_by("-n", "agency__code"))
        figures = {
            "totals": _added_up(rows),
            "by_agency": rows[:30],
            "per_agency": {row["agency_id"]: (row["n"], row["fines"]) for row in rows},
            "counted_at": timezone.now(),
        }
        cache.set(key, figures, TALLY_SECONDS)
    return figures


def agencies_figures(agency_ids, others) -> dict:
    """The home page of an organ (and those below it): its own cases and fines read off the organs' counts
    above (a city bureau's 100,000 cases are not counted again on every visit); `others` — the cases other
    organs share with it, a queryset — counted as they are now. {"totals": {n, fines}, "counted_at"}."""
    figures = region_figures()
    own = [figures["per_agency"].get(pk, (0, None)) for pk in agency_ids]
    shared = others.aggregate(n=Count("id"), fines=Sum("fine_amount"))
    rows = [{"n": n, "fines": fines} for n, fines in own] + [shared]
    return {"totals": _added_up(rows), "counted_at": figures["counted_at"]}


def _added_up(rows) -> dict:
    fines = [row["fines"] for row in rows if row["fines"] is not None]
    return {"n": sum(row["n"] for row in rows), "fines": sum(fines) if fines else None}
