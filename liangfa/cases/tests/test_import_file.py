"""Files as agencies deliver them, through the CLI: outcome row by row, nothing lost, nothing twice."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from liangfa.cases.columns import COLUMNS, display_header
from liangfa.cases.models import CaseEvent, PenaltyCase
from liangfa.testing import record


def write_csv(path, rows, encoding="utf-8", headers=None):
    headers = headers or list(rows[0])
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def run_import(path, agency="t-scjg", *extra):
    out = io.StringIO()
    code = 0
    try:
        call_command("import_cases", str(path), "--agency", agency, "--format", "json", *extra, stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_utf8_csv_lands_with_amounts_in_yuan(world, tmp_path):
    rows = [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "罚款金额（万元）": "伍万元整"})]
    code, summary = run_import(write_csv(tmp_path / "a.csv", rows))
    assert code == 0
    assert summary["accepted"] == 2 and summary["rejected"] == [] and summary["committed"] is True
    first = PenaltyCase.objects.get(decision_no="测市监罚〔2025〕1号")
    assert first.fine_amount == Decimal("52120.00")  # 5.212 万元
    assert first.sales_amount == Decimal("62000.00")
    assert PenaltyCase.objects.get(decision_no="测市监罚〔2025〕2号").fine_amount == Decimal("50000.00")
    assert first.events.get().code == "created"


def test_gb18030_csv(world, tmp_path):
    code, summary = run_import(write_csv(tmp_path / "gbk.csv", [record()], encoding="gb18030"))
    assert code == 0 and summary["accepted"] == 1
    assert PenaltyCase.objects.get().party_name == "焦作市恒信食品有限公司"


def test_xlsx_with_the_template_headers(world, tmp_path):
    wb = Workbook()
    sheet = wb.active
    headers = [display_header(c) for c in COLUMNS]
    sheet.append(headers)
    row = record()
    sheet.append([row.get(h, row.get(h.replace("（", "(").replace("）", ")"))) for h in headers])
    wb.save(tmp_path / "a.xlsx")
    code, summary = run_import(tmp_path / "a.xlsx")
    assert (code, summary["accepted"]) == (0, 1)
    assert PenaltyCase.objects.get().fine_amount == Decimal("52120.00")


def test_same_file_twice_adds_nothing_and_a_change_updates_with_timeline(world, tmp_path):
    path = write_csv(tmp_path / "a.csv", [record()])
    run_import(path)
    code, summary = run_import(path)
    assert (code, summary["accepted"], summary["updated"], summary["unchanged"]) == (0, 0, 0, 1)
    assert PenaltyCase.objects.count() == 1
    changed = write_csv(tmp_path / "b.csv", [record(**{"罚款金额（万元）": "6"})])
    code, summary = run_import(changed)
    assert (summary["accepted"], summary["updated"]) == (0, 1)
    case = PenaltyCase.objects.get()
    assert case.fine_amount == Decimal("60000.00")
    update = case.events.get(code="updated")
    assert update.change_rows() == [("罚款金额（元）", "52120.00", "60000.00")]


def test_only_rows_with_a_known_decision_no_are_looked_up(world, tmp_path):
    """Only rows whose 文号 the agency already has are looked up (the lookup grew with a load: importer.py)."""
    rows = [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号"})]
    with CaptureQueriesContext(connection) as first:
        code, summary = run_import(write_csv(tmp_path / "a.csv", rows))
    assert (code, summary["accepted"]) == (0, 2)
    lookups = [q["sql"] for q in first.captured_queries if '"decision_no_key" IN' in (q["sql"] or "")]
    assert lookups == []
    changed = write_csv(tmp_path / "b.csv", [record(**{"罚款金额（万元）": "6"}),
                                              record(**{"行政处罚决定书文号": "测市监罚〔2025〕3号"})])
    with CaptureQueriesContext(connection) as second:
        code, summary = run_import(changed)
    assert (summary["accepted"], summary["updated"], summary["unchanged"]) == (1, 1, 0)
    assert any('"decision_no_key" IN' in (q["sql"] or "") for q in second.captured_queries)
    assert PenaltyCase.objects.count() == 3


def test_bad_row_rejects_the_whole_file_by_default(world, tmp_path):
    rows = [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "罚款金额（万元）": "500 300"})]
    code, summary = run_import(write_csv(tmp_path / "a.csv", rows))
    assert code == 1
    assert summary["accepted"] == 0 and summary["committed"] is False
    assert summary["rejected"] == [{
        "row": 3, "column": "罚款金额（万元）", "value": "500 300",
        "error": "“500 300”中有多个数字连在一起，无法确定是哪一个金额",
    }]
    assert "整个文件未导入" in summary["message"]
    assert PenaltyCase.objects.count() == 0


def test_skip_invalid_lands_the_valid_rows(world, tmp_path):
    rows = [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "处罚决定日期": "2025-02-30"})]
    code, summary = run_import(write_csv(tmp_path / "a.csv", rows), "t-scjg", "--skip-invalid")
    assert code == 1  # something was rejected
    assert summary["accepted"] == 1 and summary["committed"] is True
    assert summary["rejected"][0]["row"] == 3
    assert summary["rejected"][0]["error"] == "不存在的日期"
    assert PenaltyCase.objects.count() == 1


def test_dry_run_writes_nothing(world, tmp_path):
    code, summary = run_import(write_csv(tmp_path / "a.csv", [record()]), "t-scjg", "--dry-run")
    assert code == 0 and summary["accepted"] == 1 and summary["committed"] is False
    assert PenaltyCase.objects.count() == 0


def test_duplicate_keys_in_one_file(world, tmp_path):
    same = record()
    other = record(**{"罚款金额（万元）": "1"})
    rows = [same, same, record(**{"行政处罚决定书文号": "测市监罚〔2025〕9号"}), other]
    code, summary = run_import(write_csv(tmp_path / "a.csv", rows), "t-scjg", "--skip-invalid")
    errors = {r["row"]: r["error"] for r in summary["rejected"]}
    # rows 2 and 3 are identical (counted once); row 5 conflicts with row 2: both rejected, each naming the other
    assert errors == {2: "同一文件中决定书文号重复且内容不同：与第 5 行冲突，两行均不导入",
                      5: "同一文件中决定书文号重复且内容不同：与第 2 行冲突，两行均不导入"}
    assert summary["accepted"] == 1
    assert list(PenaltyCase.objects.values_list("decision_no", flat=True)) == ["测市监罚〔2025〕9号"]


def test_fine_header_without_unit_needs_the_value_to_say_it(world, tmp_path):
    row = record()
    row["罚款金额"] = row.pop("罚款金额（万元）")
    code, summary = run_import(write_csv(tmp_path / "a.csv", [row]))
    assert code == 1
    assert summary["rejected"][0]["column"] == "罚款金额"
    assert "未注明单位" in summary["rejected"][0]["error"]
    row["罚款金额"] = "5.212万元"
    code, summary = run_import(write_csv(tmp_path / "b.csv", [row]))
    assert code == 0 and PenaltyCase.objects.get().fine_amount == Decimal("52120.00")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件是空的"),
        ("行政相对人名称,备注\n某公司,x\n".encode(), "缺少必需的表头：行政处罚决定书文号"),
        ("\ufeff行政相对人名称".encode("utf-16"), "UTF-16 编码"),
        (b"a\x00b,c\n", "NUL 字节"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Excel"),
        (b"\xe6\x88abc\xff\xff\n", "无法识别文件编码"),
    ],
)
def test_malformed_files_get_one_clear_error_and_change_nothing(world, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, summary = run_import(path)
    assert code == 1
    assert len(summary["rejected"]) == 1 and summary["rejected"][0]["row"] == 0
    assert message in summary["message"]
    assert PenaltyCase.objects.count() == 0


def test_header_only_file(world, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(",".join(display_header(c) for c in COLUMNS) + "\n", encoding="utf-8")
    code, summary = run_import(path)
    assert code == 1 and "没有数据行" in summary["message"]


def test_too_many_rows(world, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [record(**{"行政处罚决定书文号": f"测市监罚〔2025〕{i}号"}) for i in range(3)]
    code, summary = run_import(write_csv(tmp_path / "a.csv", rows))
    assert code == 1 and "超过 2 行的上限" in summary["message"]
    assert PenaltyCase.objects.count() == 0


def test_formula_cells_are_refused(world, tmp_path):
    wb = Workbook()
    sheet = wb.active
    row = record()
    sheet.append(list(row))
    sheet.append(list(row.values()))
    sheet["K2"] = "=1+1"
    wb.save(tmp_path / "f.xlsx")
    code, summary = run_import(tmp_path / "f.xlsx")
    assert code == 1 and "公式单元格（K2）" in summary["message"]
    code, summary = run_import(write_csv(tmp_path / "f.csv", [record(**{"备注": "=HYPERLINK(1)"})]))
    assert code == 1 and "疑似公式" in summary["rejected"][0]["error"]
    assert PenaltyCase.objects.count() == 0


def test_unknown_agency_is_a_clear_error(world, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="机关代码 nope 不存在"):
        call_command("import_cases", str(write_csv(tmp_path / "a.csv", [record()])), "--agency", "nope")


def test_template_csv_and_xlsx(tmp_path):
    out = io.StringIO()
    call_command("import_template", "--format", "csv", stdout=out)
    headers = next(csv.reader(io.StringIO(out.getvalue())))
    assert headers[0] == "行政相对人名称" and "罚款金额（万元）" in headers and "面积（亩）" in headers
    call_command("import_template", "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["行政处罚", "填写说明"]
    assert wb["行政处罚"]["A1"].value == "行政相对人名称"


def test_timeline_records_the_import(world, tmp_path):
    run_import(write_csv(tmp_path / "a.csv", [record()]))
    assert CaseEvent.objects.get().note == "导入：a.csv"


def test_each_case_points_at_its_kind_and_a_changed_type_moves_it(world, tmp_path):
    """Screening finds a party's cases of a crime by kind (cases.CaseKind: one row per 违法行为类型 and
    处罚依据). The same pair is one kind across agencies and files; a changed type moves the case."""
    from liangfa.cases.models import CaseKind

    run_import(write_csv(tmp_path / "a.csv", [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号"})]))
    first, second = PenaltyCase.objects.order_by("id")
    assert first.kind_id == second.kind_id and CaseKind.objects.count() == 1
    assert (first.kind.violation_type, first.kind.legal_basis) == (first.violation_type, first.legal_basis)
    changed = record(**{"违法行为类型": "销售不合格的烟草制品"})
    code, summary = run_import(write_csv(tmp_path / "b.csv", [changed]))
    assert summary["updated"] == 1
    moved = PenaltyCase.objects.get(pk=first.pk)
    assert moved.kind.violation_type == "销售不合格的烟草制品" and CaseKind.objects.count() == 2
    dry = record(**{"行政处罚决定书文号": "测市监罚〔2025〕3号", "违法行为类型": "一种只试算过的行为"})
    run_import(write_csv(tmp_path / "c.csv", [dry]), "t-scjg", "--dry-run")
    assert CaseKind.objects.count() == 2  # a dry run leaves no kind behind


@pytest.mark.django_db(transaction=True)
def test_a_big_load_leaves_the_table_vacuumed_on_postgresql(tmp_path, monkeypatch):
    """After a big import the cases table is analysed and vacuumed (this server, like some in production,
    runs without autovacuum), so screening's index-only walks need not read the table."""
    from django.db import connection

    from liangfa.cases import services
    from liangfa.testing import build_world

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    build_world()
    monkeypatch.setattr(services, "ANALYZE_AFTER_ROWS", 1)  # a "big" load of one row
    code, summary = run_import(write_csv(tmp_path / "a.csv", [record()]))
    assert summary["accepted"] == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
                       "WHERE relname = 'cases_penaltycase'")
        assert cursor.fetchone() == (True, True)


def test_a_row_of_another_organ_is_refused_with_its_reason(world, tmp_path):
    """Issue 16: a 税务 row went into 市场监管. Each organ loads its own decisions; the 处罚机关 column (or
    its 统一社会信用代码, when the name is written differently) must be the importing organ."""
    rows = [record(), record(**{"行政处罚决定书文号": "测税罚〔2025〕9号", "处罚机关": "测试市税务局"})]
    code, summary = run_import(write_csv(tmp_path / "a.csv", rows), "t-scjg", "--skip-invalid")
    assert code == 1 and summary["accepted"] == 1
    assert summary["rejected"] == [{
        "row": 3, "column": "处罚机关", "value": "测试市税务局",
        "error": "处罚机关不是导入机关“测试市市场监督管理局”：每个机关只导入本机关作出的处罚决定，请由作出决定的机关导入，或改正处罚机关名称"}]
    assert not PenaltyCase.objects.filter(decision_no="测税罚〔2025〕9号").exists()
    # the same organ written with full-width brackets and spaces is the same organ
    code, summary = run_import(write_csv(tmp_path / "b.csv", [record(**{"行政处罚决定书文号": "2号",
                                                                        "处罚机关": " 测试市市场监督管理局 "})]))
    assert (code, summary["accepted"]) == (0, 1)


def test_the_templates_example_row_is_never_a_case(world, tmp_path):
    from openpyxl import load_workbook

    from liangfa.cases.template import template_xlsx

    path = tmp_path / "模板.xlsx"
    path.write_bytes(template_xlsx())
    wb = load_workbook(path)
    sheet = wb["行政处罚"]
    headers = [c.value for c in sheet[1]]
    row = record()
    sheet.append([row.get(h, "") for h in headers])
    wb.save(path)
    code, summary = run_import(path)
    assert (code, summary["accepted"]) == (0, 1) and summary["rejected"] == []
    assert "第 2 行是模板示例，未导入" in summary["message"]
    assert list(PenaltyCase.objects.values_list("decision_no", flat=True)) == ["测市监罚〔2025〕1号"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the rows are appended by a thread on PostgreSQL only")
def test_a_failure_while_the_rows_are_appended_lands_nothing(world, tmp_path, monkeypatch):
    """The thread that appends a chunk (cases/importer._Appender) fails: the import stops, nothing lands."""
    from liangfa.cases import importer

    real = importer.copy_prepared

    def twice(cursor, prepared):  # the server refuses the second copy of the same cases
        real(cursor, prepared)
        if prepared.table == PenaltyCase._meta.db_table:
            real(cursor, prepared)

    monkeypatch.setattr(importer, "copy_prepared", twice)
    rows = [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号"})]
    with pytest.raises(Exception, match="duplicate key"):
        run_import(write_csv(tmp_path / "a.csv", rows))
    assert PenaltyCase.objects.count() == 0 and CaseEvent.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY's binary format is PostgreSQL's")
def test_rows_the_binary_format_refuses_go_as_text(world, tmp_path, monkeypatch):
    """A value of another Python type than its column's (here an amount as text) is sent again as text."""
    from liangfa.core import bulk

    real = bulk.prepare_rows

    def amount_as_text(model, names, rows, **kwargs):
        if model is PenaltyCase:
            at = list(names).index("fine_amount")
            rows = [[*r[:at], str(r[at]), *r[at + 1:]] for r in rows]
        return real(model, names, rows, **kwargs)

    monkeypatch.setattr("liangfa.cases.importer.prepare_rows", amount_as_text)
    code, summary = run_import(write_csv(tmp_path / "a.csv", [record()]))
    assert (code, summary["accepted"]) == (0, 1)
    assert PenaltyCase.objects.get().fine_amount == Decimal("52120.00")
