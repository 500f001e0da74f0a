"""Which cases can raise a flag at all: a database query that a batch run asks before the engine judges.

Most penalties are far below every threshold. The engine (engine.py) stays the only judge; this module
only works out, from the rules, the least value of each amount that could matter for each crime — the
smallest threshold times the smallest ratio any clause allows (repeat offences, the IP 合理嫌疑 half,
fallbacks) — and asks the database for the cases at or above it, plus every case whose outcome depends
on more than its own amounts (unhandled acts to add up, repeat clauses that need no amount, crimes with
no amount at all, linked parties, cases that already carry a clue). The set it returns is never smaller
than the set the engine would flag; tests check that against a full run.
"""

from functools import reduce
from operator import or_

from django.db.models import Count, F, Q

from liangfa.cases.models import PenaltyCase
from liangfa.screening.engine import UNHANDLED_STATUSES, gap_metrics
from liangfa.screening.kinds import crime_kinds
from liangfa.screening.models import Clue
from liangfa.screening.reach import reach
from liangfa.screening.rules import METRIC_FIELDS, Catalogue, Entry

NOTHING = Q(pk__in=[])


def kind_q(cat: Catalogue, key: str) -> Q:
    """The cases the catalogue maps to this crime: those of its kinds (kinds.py)."""
    return _of_kinds(crime_kinds(cat, key))


def _of_kinds(ids) -> Q:
    return Q(kind_id__in=ids) if ids else NOTHING


def crime_keys(cat: Catalogue) -> list[str]:
    return sorted({key for line in cat.lines for key in line.crimes})


def relevant_q(cat: Catalogue) -> Q:
    """Cases of any kind the catalogue knows: the only ones that can count in a party's history."""
    return _of_kinds(sorted({kind for key in crime_keys(cat) for kind in crime_kinds(cat, key)}))


def candidates_q(cat: Catalogue, entries_by_key: dict[str, list[Entry]], linked: set[int]) -> Q:
    """Cases the engine could flag, or whose existing clue may lapse."""
    from liangfa.screening.suggested import suggestable_kinds  # it judges with the engine this module reads

    wanted = Q(id__in=Clue.objects.values("case_id"))
    # cases of a kind the catalogue misses but whose words name a crime (screening/suggested.py)
    suggestable = suggestable_kinds(cat, {key: versions[-1] for key, versions in entries_by_key.items()})
    if suggestable:
        wanted |= Q(kind_id__in=suggestable)
    for key in crime_keys(cat):
        entries = entries_by_key.get(key)
        if not entries:
            continue
        kind = kind_q(cat, key)
        r = reach(entries)
        if r.always:
            wanted |= kind
            continue
        cond = reduce(or_, (Q(**{f"{column}__gte": floor}) for column, floor in r.floors.items()), NOTHING)
        for a, wa, b, wb, floor in r.pairs:
            cond |= Q(**{f"{a}__isnull": False, f"{b}__isnull": False, f"{b}__gte": (floor - F(a) * wa) / wb})
        for word in sorted(r.words):
            cond |= Q(violation_type__contains=word) | Q(legal_basis__contains=word) | Q(facts__contains=word)
        # unhandled acts of the party add up: every case of such a party is judged
        cond |= Q(party_id__in=PenaltyCase.objects.filter(kind, status__in=UNHANDLED_STATUSES).values("party_id"))
        if r.repeat_without_amount:
            repeaters = (PenaltyCase.objects.filter(kind).values("party_id").annotate(n=Count("id"))
                         .filter(n__gte=2).values("party_id"))
            cond |= Q(party_id__in=repeaters)
        if linked:
            cond |= Q(party_id__in=linked)
        wanted |= kind & cond
    return wanted


def cleared_gaps(cat: Catalogue, entries_by_key: dict[str, list[Entry]], cases, candidates: Q) -> dict[str, int]:
    """Per crime, the cases the prefilter cleared (they raise nothing) that lack a value the crime's
    rule reads: counted in the database, as the engine counts those it judges (engine.gap_metrics)."""
    counts = {}
    for key in crime_keys(cat):
        entries = entries_by_key.get(key)
        if not entries:
            continue
        metrics, _ = gap_metrics(entries)
        columns = sorted({METRIC_FIELDS[m] for m in metrics})
        if not columns:
            continue
        lacking = cases.filter(kind_q(cat, key)).filter(reduce(or_, (Q(**{f"{c}__isnull": True}) for c in columns)))
        cleared = lacking.count() - lacking.filter(candidates).count()
        if cleared:
            counts[key] = cleared
    return counts
