"""Where a clue's figure came from: the case's imported column, or a value read from its 违法事实 or
处罚内容 (cases/textvalues.py) with the figure's place in the text, and whether a person has confirmed it."""

from functools import cache

from liangfa.cases.models import PenaltyCase
from liangfa.cases.textvalues import api_rows, texts_of
from liangfa.screening.rules import METRIC_FIELDS, RuleBook, default_rules_text, parts_of


@cache
def _sum_parts() -> dict[str, list[str]]:
    """Metrics that add others up (销售金额×3 + 货值金额): the case fields they read."""
    out: dict[str, list[str]] = {}
    for _, entry in RuleBook(default_rules_text()).versions():
        for threshold in entry.thresholds:
            if threshold.get("sum_of"):
                out[threshold["metric"]] = [METRIC_FIELDS[p["metric"]] for p in parts_of(threshold)
                                            if p["metric"] in METRIC_FIELDS]
    return out


def fields_of(metric: str) -> list[str]:
    if metric in METRIC_FIELDS:
        return [METRIC_FIELDS[metric]]
    return _sum_parts().get(metric, [])


def figure_sources(clue) -> list[dict]:
    if not clue.metric:
        return []
    case = clue.case
    read = {row["field"]: row for row in api_rows(case.text_values, texts_of(case))[0]}
    out = []
    for name in dict.fromkeys(fields_of(clue.metric)):
        row = read.get(name)
        label = str(PenaltyCase._meta.get_field(name).verbose_name)
        if row is None:
            value = getattr(case, name)
            out.append({"field": name, "metric": label, "from_text": False, "where": "导入的数据列",
                        "value": None if value is None else str(value), "confirmed": True, "needs_check": False,
                        "status": "", "status_label": "", "quote": "", "sources": []})
            continue
        out.append({"field": name, "metric": row["metric"], "from_text": True, "where": row["where"],
                    "value": row["value"], "confirmed": row["confirmed"], "needs_check": not row["confirmed"],
                    "status": row["status"], "status_label": row["status_label"], "quote": row["quote"],
                    "sources": row["sources"]})
    return out
