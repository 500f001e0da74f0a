"""Transfer-gap figures: per agency and 违法行为类型, transfers and clues per 1,000 penalties."""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from liangfa.cases.services import visible_cases
from liangfa.screening.services import visible_clues
from liangfa.transfers.choices import SENT
from liangfa.transfers.models import Transfer


def _rate(part: int, whole: int) -> float:
    return round(part * 1000 / whole, 1) if whole else 0.0


def gap_figures(user) -> dict:
    this_year = timezone.localdate().year
    cases = visible_cases(user)
    penalties = defaultdict(lambda: defaultdict(int))  # (agency, field) -> year -> n
    for row in cases.values("agency__name", "agency__field", "decision_date__year").annotate(n=Count("id")):
        penalties[(row["agency__name"], row["agency__field"])][row["decision_date__year"]] += row["n"]
    transfers = defaultdict(lambda: defaultdict(int))
    sent = Transfer.objects.filter(case__in=cases, status__in=SENT)
    for row in sent.values("agency__name", "case__decision_date__year").annotate(n=Count("id")):
        transfers[row["agency__name"]][row["case__decision_date__year"]] += row["n"]
    clues = defaultdict(int)
    for row in visible_clues(user).filter(case__in=cases).values("agency__name").annotate(n=Count("id")):
        clues[row["agency__name"]] += row["n"]

    rows = []
    for (agency, field), years in penalties.items():
        total = sum(years.values())
        rows.append({
            "agency": agency, "field": field, "penalties": total, "transfers": sum(transfers[agency].values()),
            "clues": clues[agency], "transfer_rate": _rate(sum(transfers[agency].values()), total),
            "clue_rate": _rate(clues[agency], total),
            "last_year_rate": _rate(transfers[agency][this_year - 1], years[this_year - 1]),
            "this_year_rate": _rate(transfers[agency][this_year], years[this_year]),
        })
    by_field = defaultdict(list)
    for row in rows:
        by_field[row["field"]].append(row)
    overall = _rate(sum(r["transfers"] for r in rows), sum(r["penalties"] for r in rows))
    for row in rows:
        peers = [r for r in rows if r is not row]
        peer_rate = _rate(sum(r["transfers"] for r in peers), sum(r["penalties"] for r in peers))
        row["peer_rate"] = peer_rate
        # Many clues per transfer is the 以罚代刑 signal: clues pile up where nothing is sent.
        row["outlier"] = row["clues"] >= 3 and row["transfer_rate"] < 0.5 * max(peer_rate, 0.1)
    rows.sort(key=lambda r: (-r["clue_rate"], r["agency"]))
    by_type = list(cases.values("violation_type").annotate(n=Count("id"), c=Count("clues", distinct=True),
                                                         t=Count("transfers", distinct=True)).order_by("-c")[:20])
    for row in by_type:
        row["clue_rate"] = _rate(row["c"], row["n"])
        row["transfer_rate"] = _rate(row["t"], row["n"])
    return {"rows": rows, "overall": overall, "by_type": by_type,
            "chart": {"agencies": [r["agency"] for r in rows], "transfer_rate": [r["transfer_rate"] for r in rows],
                      "clue_rate": [r["clue_rate"] for r in rows], "peer_rate": [r["peer_rate"] for r in rows]}}
