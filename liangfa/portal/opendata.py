"""Open data: the published decisions in the 双公示 行政处罚 columns (as the import template names them), as CSV
and JSON, one stable address per agency and year. Only what the public pages show (Publication.record)."""

import csv
import io
from decimal import Decimal, InvalidOperation

from liangfa.cases.columns import STANDARD, display_header
from liangfa.core.csvsafe import safe_cell
from liangfa.core.redaction import NATURAL_PERSON

# The standard's columns that a published row fills; 备注 and the 法定代表人's own ID never leave.
PRIVATE = {"remarks", "legal_rep_id_type", "legal_rep_id_no"}
COLUMNS = [c for c in STANDARD if c.field not in PRIVATE]
HEADERS = [display_header(c) for c in COLUMNS] + ["公示状态", "公示日期", "公示页面"]


def _wan(value: str) -> str:
    """元 → 万元, as the standard's amount columns hold it."""
    try:
        return format((Decimal(value) / Decimal(10000)).normalize(), "f") if value else ""
    except InvalidOperation:
        return ""


def row(pub) -> list[str]:
    record = pub.record
    natural = record.get("party_category") == NATURAL_PERSON
    values = {
        "uscc": "" if natural else record.get("party_code", ""),
        "person_id_type": "身份证" if natural and record.get("party_code") else "",
        "person_id_no": record.get("party_code", "") if natural else "",
        "fine_amount": _wan(record.get("fine_amount", "")), "confiscated_amount": _wan(record.get("confiscated_amount", "")),
        "publish_until": pub.display_until.isoformat() if pub.display_until else "",
    }
    cells = [values[c.field] if c.field in values else record.get(c.field, "") for c in COLUMNS]
    published = pub.published_at.date().isoformat() if pub.published_at else ""
    return cells + [pub.get_status_display(), published, pub.public_url()]


def as_csv(publications) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for pub in publications:  # a party's name or facts starting with = + - @ stay text in a spreadsheet
        writer.writerow([safe_cell(cell) for cell in row(pub)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def as_json(publications) -> list[dict]:
    return [dict(zip(HEADERS, row(pub), strict=True)) for pub in publications]
