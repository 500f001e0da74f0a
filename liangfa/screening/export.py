"""Screening output rows (CLI and downloads): one line per flagged case."""

import csv
import io
import json

from openpyxl import Workbook

from liangfa.core.csvsafe import safe_row, xlsx_row
from liangfa.screening.engine import Facts, Finding

COLUMNS = [("decision_no", "决定书文号"), ("agency", "机关"), ("rule", "规则"), ("crime", "涉嫌罪名"),
           ("citation", "依据"), ("metric", "指标"), ("value", "数值"), ("threshold", "标准"),
           ("needs_review", "需人工判断"), ("reason", "理由")]


def row(case: Facts, f: Finding) -> dict:
    return {
        "decision_no": case.decision_no, "agency": case.agency_name, "rule": f.rule_key, "crime": f.crime_name,
        "citation": f"{f.article}；{f.standard}", "metric": f.metric_cn or f.kind,
        "value": None if f.value is None else str(f.value), "threshold": None if f.threshold is None else str(f.threshold),
        "needs_review": f.needs_review, "reason": f.reason + ("；仍需核查：" + "；".join(f.checks) if f.checks else ""),
    }


def write(rows, fmt: str, stream) -> int:
    count = 0
    if fmt == "jsonl":
        for r in rows:
            stream.write(json.dumps(r, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "csv":
        writer = csv.writer(stream)
        writer.writerow([label for _, label in COLUMNS])
        for r in rows:
            writer.writerow(safe_row(r[key] for key, _ in COLUMNS))
            count += 1
    return count


def xlsx(rows) -> tuple[bytes, int]:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("线索")
    sheet.append([label for _, label in COLUMNS])
    count = 0
    for r in rows:
        sheet.append(xlsx_row(sheet, (r[key] for key, _ in COLUMNS)))
        count += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), count
