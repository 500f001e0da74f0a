"""How well liangfa.facts reads real judgments: crimes suggested, and crime amounts added up.

Not a test: a benchmark on the development sample in ../shared/data/criminal_cases (a separate held-out
sample is used for judging, so read the misses to learn kinds of text, never to key rules on a row).

1. cail2018_cases_dev.jsonl — the rows flagged admin_enforcement_related (charges an administrative
   agency would typically transfer). Each judgment's charge names are mapped to the keys of
   liangfa/data/crime_keywords.yaml through its `charge_names`; rows with no charge in our data are
   counted and left out. suggest_crimes(fact, "", "", rule entries) is right at top-k when one of the
   row's keys is among its first k suggestions (a charge listed under several keys, 非法经营 or
   非法占用农用地, is right with any of them). Goal: top-3 ≥ 90 %, top-1 ≥ 75 %.
2. laic2021_crime_amounts_dev.jsonl — 200 passages with the total crime amount worked out by hand:
   found = the labelled total is among the money figures extract() read (chosen, candidates, set aside);
   chosen = extract()'s amount_involved (涉案金额) equals it. Goal: found ≥ 90 %, chosen ≥ 70 %.

    .venv/bin/python bench/charges.py [--data ../shared/data/criminal_cases] [--quiet]
"""

import argparse
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from liangfa.facts import extract  # noqa: E402
from liangfa.facts.crimes import default_keywords, suggest_crimes  # noqa: E402
from liangfa.screening.rules import RuleBook, default_rules_text  # noqa: E402

DEFAULT_DATA = ROOT.parent.parent / "shared" / "data" / "criminal_cases"


def charge_map() -> dict[str, list[str]]:
    mapping: dict[str, list[str]] = {}
    for crime in default_keywords():
        for name in crime.charge_names:
            mapping.setdefault(name, []).append(crime.key)
    return mapping


def bench_charges(path: Path, quiet: bool) -> None:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    related = [(i, r) for i, r in enumerate(rows) if r.get("admin_enforcement_related")]
    mapping = charge_map()
    entries = RuleBook(default_rules_text()).entries
    judged, outside, used = [], [], {}
    for i, row in related:
        keys = {k for charge in row["charges"] for k in mapping.get(charge, [])}
        for charge in row["charges"]:
            if charge in mapping:
                used[charge] = mapping[charge]
        (judged if keys else outside).append((i, row, keys))
    top1 = top3 = 0
    misses = []
    started = time.perf_counter()
    for i, row, keys in judged:
        suggestions = suggest_crimes(row["fact"], "", "", entries)
        first = [s.key for s in suggestions[:3]]
        top1 += bool(first[:1]) and first[0] in keys
        top3 += bool(keys & set(first))
        if not first or first[0] not in keys:
            misses.append((i, row, keys, suggestions[:3]))
    per_call = (time.perf_counter() - started) / max(len(judged), 1) * 1000
    print(f"## crimes (cail2018 dev): {len(related)} rows flagged admin_enforcement_related, "
          f"{len(judged)} with a charge in our data, {len(outside)} without")
    with_threshold = sum(1 for _, _, keys in judged if keys & set(entries))
    print(f"   of the {len(judged)}: {with_threshold} have a charge with a threshold entry in thresholds.yaml")
    print(f"   top-1 {top1 / len(judged):.1%} ({top1}/{len(judged)})   top-3 {top3 / len(judged):.1%} "
          f"({top3}/{len(judged)})   goal top-1 ≥ 75 %, top-3 ≥ 90 %;  {per_call:.2f} ms per suggestion")
    print("   charge names → keys:")
    for charge, keys in sorted(used.items()):
        marks = [k if k in entries else f"{k} (no threshold entry)" for k in keys]
        print(f"     {charge} → {', '.join(marks)}")
    not_ours = sorted({c for _, row, _ in outside for c in row["charges"]})
    print(f"   charges of the rows left out: {'、'.join(not_ours)}")
    if quiet:
        return
    print("   misses at top-1 (row: charges | suggested key score [words]):")
    for i, row, keys, suggestions in misses:
        shown = "; ".join(f"{s.key} {s.score:g} [{' '.join(s.words[:4])}]" for s in suggestions) or "nothing"
        mark = "top-3 ok" if keys & {s.key for s in suggestions} else "MISS"
        print(f"     {i}: {'、'.join(row['charges'])} | {shown} | {mark}")


def bench_amounts(path: Path, quiet: bool) -> None:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    found = chosen = 0
    misses = []
    for i, row in enumerate(rows):
        label = Decimal(str(row["total_amount_yuan"]))
        extraction = extract(row["doc"])
        near = [a for a in extraction.amounts() if abs(a - label) < Decimal("0.01")]
        value = extraction.get("amount_involved")
        hit = value is not None and abs(value - label) < Decimal("0.01")
        found += bool(near)
        chosen += hit
        if not hit:
            misses.append((i, row, label, extraction, bool(near)))
    n = len(rows)
    print(f"## amounts (laic2021 dev, {n} passages): labelled total found {found / n:.1%} ({found}/{n}), "
          f"chosen {chosen / n:.1%} ({chosen}/{n})   goal found ≥ 90 %, chosen ≥ 70 %")
    if quiet:
        return
    print("   misses (row: label | chosen | found? | how the chosen value was made):")
    for i, _row, label, extraction, near in misses:
        value = extraction.values.get("amount_involved")
        made = " + ".join(f"{s.text}" for s in value.sources if s.role in ("item", "total")) if value else ""
        doubt = next((a.reason for a in extraction.ambiguous if a.metric == "amount_involved"), "")
        print(f"     {i}: {label:f} | {value.value if value else '—'} | {'found' if near else 'NOT found'} | "
              f"{made}{' | ' + doubt if doubt else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses")
    args = parser.parse_args()
    bench_charges(args.data / "cail2018_cases_dev.jsonl", args.quiet)
    print()
    bench_amounts(args.data / "laic2021_crime_amounts_dev.jsonl", args.quiet)


if __name__ == "__main__":
    main()
