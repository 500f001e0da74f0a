"""Build liangfa/data/regions.json from shared/data/divisions (run once; the product never reads shared/).

Current codes come from the NBS 2023 list; codes only found in GB/T 2260 revisions 2002–2016 are kept
as historical (abolished or renamed), so an old ID number gets a warning rather than a rejection.
"""

import csv
import json
import sys
from pathlib import Path

shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared") / "data" / "divisions"
out = Path(__file__).resolve().parent.parent / "liangfa" / "data" / "regions.json"

current: dict[str, str] = {}
for name in ("provinces", "cities", "areas"):
    with open(shared / f"nbs2023_{name}.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            current[row["code"].ljust(6, "0")] = row["name"]

historical: dict[str, str] = {}
for rev in json.loads((shared / "gb2260_revisions" / "revisions.json").read_text()):
    for code, name in json.loads((shared / "gb2260_revisions" / f"{rev}.json").read_text()).items():
        if code not in current and code not in historical:
            historical[code] = f"{name}（{rev[:4]}年版区划）"

out.write_text(json.dumps({"current": current, "historical": historical}, ensure_ascii=False, sort_keys=True))
print(f"{len(current)} current, {len(historical)} historical codes -> {out}")
