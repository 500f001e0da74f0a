"""Which CaseKind ids the violation catalogue maps to each crime.

Cases point at their kind (cases.CaseKind: a distinct 违法行为类型 and 处罚依据); the catalogue maps a
kind's two texts to crimes. This module keeps that mapping per catalogue object (in its `derived`,
dropped with it when the catalogue changes), learning kinds added since it last looked."""

from django.db.models import Max

from liangfa.cases.models import CaseKind
from liangfa.screening.rules import Catalogue


def crime_kinds(cat: Catalogue, key: str) -> list[int]:
    """The kind ids of this crime, as of the last sync."""
    state = cat.derived.get("kinds")
    if state is None:
        sync(cat)
        state = cat.derived["kinds"]
    return state[1].get(key, [])


def sync(cat: Catalogue, newest: int | None = None) -> None:
    """Learn the kinds added since the last sync. `newest`: the largest kind id the caller has seen
    (the incremental path reads it with the changed case); without it, the database is asked. Filters
    and compiled queries built from the old mapping are dropped with it."""
    seen, by_key = cat.derived.get("kinds", (0, {}))
    if newest is None:
        newest = CaseKind.objects.aggregate(newest=Max("id"))["newest"] or 0
    if newest <= seen:
        cat.derived.setdefault("kinds", (seen, by_key))  # no kind at all yet: an empty mapping, not a KeyError
        return
    by_key = {key: list(ids) for key, ids in by_key.items()}
    rows = CaseKind.objects.filter(id__gt=seen).order_by("id").values_list("id", "violation_type", "legal_basis")
    for kind_id, violation_type, legal_basis in rows:
        for key in cat.crimes_for(violation_type, legal_basis):
            by_key.setdefault(key, []).append(kind_id)
        seen = max(seen, kind_id)
    cat.derived.clear()
    cat.derived["kinds"] = (max(seen, newest), by_key)
