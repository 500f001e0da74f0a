"""Cells that a spreadsheet would run as formulas are written as text in every CSV and Excel export."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from liangfa.core.csvsafe import safe_cell
from liangfa.testing import load, record

FORMULAS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "＝HYPERLINK()", "\tx", "\rx"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_starts_are_neutralised(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("焦作市恒信") == "焦作市恒信" and safe_cell(5) == 5


def test_screen_csv_neutralises_party_controlled_text(world, tmp_path):
    result = load(world.market, [record(**{"行政处罚决定书文号": "@测市监罚〔2025〕1号+1"})])
    assert result.accepted == 1, result.rejected
    out = tmp_path / "clues.csv"
    call_command("screen", "--all", "--format", "csv", "--output", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) >= 2
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)
    assert rows[1][0] == "'@测市监罚〔2025〕1号+1"


def test_excel_exports_keep_formula_text_as_text(tmp_path):
    from openpyxl import Workbook

    from liangfa.core.csvsafe import xlsx_row

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    sheet.append(xlsx_row(sheet, ["=1+1", "@SUM(A1)", 5]))
    workbook.save(tmp_path / "x.xlsx")
    cells = next(load_workbook(tmp_path / "x.xlsx").active.iter_rows())
    assert [c.value for c in cells] == ["=1+1", "@SUM(A1)", 5]
    assert cells[0].data_type == "s"  # stored as text, not as a formula


def test_case_export_uses_text_cells(world, tmp_path, django_capture_on_commit_callbacks):
    from liangfa.cases.models import CaseExport

    result = load(world.market, [record(**{"违法事实": "@SUM(1+1)*cmd"})])
    assert result.accepted == 1, result.rejected
    client = world.client(world.market_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cases/exports/", {})
    response = client.get(f"/cases/exports/{CaseExport.objects.get().pk}/download")
    (tmp_path / "e.xlsx").write_bytes(b"".join(response.streaming_content))
    values = [c.value for row in load_workbook(tmp_path / "e.xlsx").active.iter_rows(min_row=2) for c in row]
    assert "@SUM(1+1)*cmd" in values  # unchanged, so the file loads back as it was
