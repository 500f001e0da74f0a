"""Seed the suggested-department table from data/routing.yaml (reference data; the agency may choose)."""

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "routing.yaml"


def default_rules() -> list[dict]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rules = []
    for crime in data["crimes"]:
        section = next((s for s in data["sections"] if s["articles"][0] <= crime["article"] <= s["articles"][1]), None)
        kind = crime.get("department") or (section or {}).get("department")
        if kind:
            rules.append({"crime_key": crime["key"], "crime_name": crime["crime_name"], "department_kind": kind,
                          "note": (crime.get("note") or "")[:200]})
    return rules
