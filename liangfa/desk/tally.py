"""The home page's region-wide figures (cases and fines in all, and per organ) for those who see every
organ: counted over the whole case table they took 1.3 s at 1,000,000 cases on PostgreSQL, so they are
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
    """{"totals": {n, fines}, "by_agency": [...30 organs with most cases], "counted_at": datetime}."""
    key = f"desk:tally:{cache.get(VERSION_KEY, 0)}"
    figures = cache.get(key)
    if figures is None:
        cases = PenaltyCase.objects.all()
        figures = {
            "totals": cases.aggregate(n=Count("id"), fines=Sum("fine_amount")),
            "by_agency": list(cases.values("agency__code", "agency__name")
                              .annotate(n=Count("id"), fines=Sum("fine_amount")).order_by("-n")[:30]),
            "counted_at": timezone.now(),
        }
        cache.set(key, figures, TALLY_SECONDS)
    return figures
