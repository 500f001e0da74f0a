"""Scores from deductions and 评查 samples. The formula, in one place:

- A unit's deductions: per indicator, points × occurrences, capped at the indicator's cap; summed.
- 扣分得分 = max(0, 100 − deductions).
- 评查得分 = the mean of the unit's scored samples (each 100 − the points lost on the checklist), or none.
- 总分 = (w_auto × 扣分得分 + w_sample × 评查得分) / (w_auto + w_sample); without samples, 扣分得分.
- 年度: the unit's own 总分 as above (weight "self") and the mean 总分 of the same organizer's finished 日常, 阶段 and
  专项 evaluations that end in the same year (weights daily, stage, special), averaged by weight over the parts
  that exist.
- An officer: max(0, 100 − the deductions on cases they handled), uncapped.
Rankings: highest first; equal totals share a rank (1, 1, 3). Everything to 0.01, half up.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from liangfa.agencies.models import User
from liangfa.evaluation.choices import EvaluationKind, EvaluationStatus, SampleStatus
from liangfa.evaluation.models import Score
from liangfa.evaluation.sources import cases_in_scope
from liangfa.review.models import HandledCase

HUNDRED = Decimal(100)
DEFAULT_WEIGHTS = {"auto": 60, "sample": 40}
ANNUAL_WEIGHTS = {"self": 40, "daily": 30, "stage": 20, "special": 10}
SCORED = (SampleStatus.SCORED, SampleStatus.OBJECTED, SampleStatus.FINAL)


def q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def weighted(parts: dict[str, Decimal | None], weights: dict) -> Decimal:
    present = {k: v for k, v in parts.items() if v is not None and Decimal(str(weights.get(k, 0))) > 0}
    total_weight = sum(Decimal(str(weights[k])) for k in present)
    if not total_weight:
        return q(next((v for v in parts.values() if v is not None), HUNDRED))
    return q(sum(Decimal(str(weights[k])) * v for k, v in present.items()) / total_weight)


def unit_deductions(evaluation) -> dict[int, Decimal]:
    caps = {i.code: i.cap for i in evaluation.catalogue.indicators.all()}
    by_indicator: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for unit_id, code, points in evaluation.deductions.values_list("unit_id", "indicator", "points"):
        by_indicator[(unit_id, code)] += points
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for (unit_id, code), points in by_indicator.items():
        cap = caps.get(code)
        totals[unit_id] += min(points, cap) if cap is not None else points
    return totals


def sample_scores(evaluation) -> dict[int, Decimal]:
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for unit_id, score in evaluation.samples.filter(status__in=SCORED).values_list("unit_id", "score"):
        scores[unit_id].append(score)
    return {unit: q(sum(values) / len(values)) for unit, values in scores.items()}


def _earlier_totals(evaluation) -> dict[str, dict[int, Decimal]]:
    """For a 年度 evaluation: each kind's mean unit total over the year's finished evaluations."""
    year = evaluation.period_end.year
    rows = Score.objects.filter(
        evaluation__organizer_id=evaluation.organizer_id, evaluation__status=EvaluationStatus.FINISHED,
        evaluation__period_end__year=year, officer__isnull=True,
        evaluation__kind__in=(EvaluationKind.DAILY, EvaluationKind.STAGE, EvaluationKind.SPECIAL),
    ).exclude(evaluation=evaluation).values_list("evaluation__kind", "unit_id", "total")
    collected: dict[str, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for kind, unit_id, total in rows:
        collected[kind][unit_id].append(total)
    return {kind: {u: q(sum(v) / len(v)) for u, v in units.items()} for kind, units in collected.items()}


def units_of(evaluation) -> list[int]:
    return list(evaluation.units.values_list("pk", flat=True))


def rank(rows: list[dict]) -> list[dict]:
    rows.sort(key=lambda r: (-r["total"], r["name"]))
    for index, row in enumerate(rows):
        row["rank"] = rows[index - 1]["rank"] if index and row["total"] == rows[index - 1]["total"] else index + 1
    return rows


def unit_scores(evaluation) -> list[dict]:
    deducted = unit_deductions(evaluation)
    samples = sample_scores(evaluation)
    weights = {**DEFAULT_WEIGHTS, **(evaluation.weights or {})}
    earlier = _earlier_totals(evaluation) if evaluation.kind == EvaluationKind.ANNUAL else {}
    rows = []
    for unit in evaluation.units.all():
        lost = q(deducted.get(unit.pk, 0))
        auto = q(max(Decimal(0), HUNDRED - lost))
        own = weighted({"auto": auto, "sample": samples.get(unit.pk)}, weights)
        parts = {"auto": auto, "sample": samples.get(unit.pk), "own": own}
        total = own
        if evaluation.kind == EvaluationKind.ANNUAL:
            annual = {**ANNUAL_WEIGHTS, **{k: v for k, v in (evaluation.weights or {}).items() if k in ANNUAL_WEIGHTS}}
            parts.update({kind: earlier.get(kind, {}).get(unit.pk) for kind in ("daily", "stage", "special")})
            total = weighted({"self": own, **{k: parts[k] for k in ("daily", "stage", "special")}}, annual)
        rows.append({"unit": unit, "unit_id": unit.pk, "name": unit.name, "deducted": lost,
                     "sample_score": samples.get(unit.pk), "total": total, "parts": parts})
    return rank(rows)


def officer_scores(evaluation) -> list[dict]:
    lost: dict[int, Decimal] = defaultdict(Decimal)
    units: dict[int, int] = {}
    for officer_id, unit_id, points in evaluation.deductions.filter(officer__isnull=False).values_list(
            "officer_id", "unit_id", "points"):
        lost[officer_id] += points
        units[officer_id] = unit_id
    for officer_id, unit_id in HandledCase.objects.filter(case__in=cases_in_scope(evaluation, units_of(evaluation))) \
            .values_list("handler_id", "agency_id"):
        lost.setdefault(officer_id, Decimal(0))  # handled cases without a deduction: a full score
        units.setdefault(officer_id, unit_id)
    names = dict(User.objects.filter(pk__in=lost).values_list("pk", "full_name"))
    rows = [{"officer_id": o, "unit_id": units[o], "name": names.get(o) or str(o), "deducted": q(points),
             "sample_score": None, "total": q(max(Decimal(0), HUNDRED - points)), "parts": {}}
            for o, points in lost.items()]
    return rank(rows)
