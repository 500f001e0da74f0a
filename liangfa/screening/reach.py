"""The least value of each case field that can raise a flag for a crime, from the rules alone: what the batch's
database query (prefilter.py) asks for, and what the engine passes over unjudged (engine.py). Its own module so
that both read it without reading each other."""

from dataclasses import dataclass, field
from decimal import Decimal

from liangfa.screening.rules import METRIC_FIELDS, Entry, as_decimal


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
