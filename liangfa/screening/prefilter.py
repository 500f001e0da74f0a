"""Which cases can raise a flag at all: a database query that a batch run asks before the engine judges.

Most penalties are far below every threshold. The engine (engine.py) stays the only judge; this module
only works out, from the rules, the least value of each amount that could matter for each crime — the
smallest threshold times the smallest ratio any clause allows (repeat offences, the IP 合理嫌疑 half,
fallbacks) — and asks the database for the cases at or above it, plus every case whose outcome depends
on more than its own amounts (unhandled acts to add up, repeat clauses that need no amount, crimes with
no amount at all, linked parties, cases that already carry a clue). The set it returns is never smaller
than the set the engine would flag; tests check that against a full run.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q

from liangfa.cases.models import PenaltyCase
from liangfa.screening.engine import UNHANDLED_STATUSES, gap_metrics
from liangfa.screening.kinds import crime_kinds
from liangfa.screening.models import Clue
from liangfa.screening.rules import METRIC_FIELDS, Catalogue, Entry, as_decimal

NOTHING = Q(pk__in=[])


@dataclass
class Reach:
    """For one crime: the least value of each case field that can raise a flag."""

    always: bool = False  # a flag whatever the amounts (conduct crimes with conditions)
    floors: dict = field(default_factory=dict)  # case field -> least value
    pairs: list = field(default_factory=list)  # (field a, weight a, field b, weight b, least weighted sum)
    repeat_without_amount: bool = False  # a repeat clause with no amount: any party with two such cases
    words: set = field(default_factory=set)  # words naming a condition (in type, basis or facts)

    def lower(self, threshold: dict, value: Decimal) -> None:
        parts = threshold.get("sum_of")
        if not parts:
            self._floor(threshold["metric"], value)
            return
        # a weighted sum: each part alone may reach it, or (two parts) both together
        weights = [(p["metric"], as_decimal(p.get("times", 1)) / as_decimal(p.get("per", 1))) for p in parts]
        if len(weights) == 2 and all(METRIC_FIELDS.get(m) for m, _ in weights):
            (a, wa), (b, wb) = weights
            self.pairs.append((METRIC_FIELDS[a], wa, METRIC_FIELDS[b], wb, value))
            if not threshold.get("require_all"):
                self._floor(a, value / wa)
                self._floor(b, value / wb)
            return
        for metric, weight in weights:  # n parts: one of them carries at least 1/n of the sum
            self._floor(metric, value / (weight * len(weights)))

    def _floor(self, metric: str, value: Decimal) -> None:
        column = METRIC_FIELDS.get(metric)
        if column is not None:
            self.floors[column] = min(self.floors.get(column, value), value)


def reach(entries: list[Entry]) -> Reach:
    """The union over every version of a crime's entry in the active rule sets."""
    out = Reach()
    for entry in entries:
        if entry.threshold_type == "conduct" and entry.conditions:
            out.always = True
        for condition in entry.named:
            out.words.update(condition.named_by)
        scales = [Decimal(1)]
        if entry.ip_suspicion and entry.ip_ratio is not None:
            scales.append(entry.ip_ratio)
        mins = [t for t in entry.thresholds if t.get("min") is not None]
        for spec in entry.repeats:
            if not spec or not spec.get("prior_admin_penalties_min"):
                continue
            ratio = spec.get("reduced_ratio")
            if spec.get("reduced_amounts"):
                mins += [t for t in spec["reduced_amounts"] if t.get("min") is not None]
            elif ratio is not None and float(ratio) == 0.0:
                out.repeat_without_amount = True
            elif ratio is not None:
                scales.append(as_decimal(ratio))
        if entry.fallback and entry.fallback.get("min") is not None:
            mins.append(entry.fallback)
        scale = min(scales)
        for t in mins:
            out.lower(t, as_decimal(t["min"]) * scale)
    return out


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
