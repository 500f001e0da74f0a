"""Seed the suggested-department table from thresholds.yaml (police_department is reference data)."""

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "thresholds.yaml"
KIND_BY_TEXT = [("海关缉私", "other"), ("森林公安", "forest_police"), ("食药环侦", "food_drug_env"),
                ("经侦", "economic"), ("治安", "public_order"), ("刑侦", "criminal")]


def default_rules() -> list[dict]:
    rules = []
    for entry in yaml.safe_load(DATA.read_text(encoding="utf-8"))["entries"]:
        text = entry.get("police_department") or ""
        kind = next((k for fragment, k in KIND_BY_TEXT if fragment in text), None)
        if kind:
            rules.append({"crime_key": entry["key"], "crime_name": entry["crime_name"].split("（")[0],
                          "department_kind": kind, "note": text[:200]})
    return rules
