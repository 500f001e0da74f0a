"""情况通报 figures against a hand-counted fixture."""

import io
from datetime import datetime
from urllib.parse import unquote

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError
from liangfa.reports.services import build_bulletin, parse_period
from liangfa.testing import load, ready_transfer, record
from liangfa.transfers import services as transfers


def test_quarterly_figures_from_the_recorded_events(world):
    t0 = datetime(2025, 8, 4, 9, 0, tzinfo=TZ)
    transfer = ready_transfer(world, now=t0, until="accepted")  # one case (decided 2025-03-18), one transfer sent
    transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="测公(经)立字〔2025〕1号", now=t0)
    transfers.record_stage(transfer, actor=world.police_officer, stage="arrest", day=t0.date(), now=t0)
    load(world.market, [record(**{"行政处罚决定书文号": "Q3-1", "处罚决定日期": "2025-07-15", "销售金额（元）": ""}),
                        record(**{"行政处罚决定书文号": "Q3-2", "处罚决定日期": "2025-09-30", "销售金额（元）": ""}),
                        record(**{"行政处罚决定书文号": "Q4-1", "处罚决定日期": "2025-10-01", "销售金额（元）": ""})])
    load(world.tax, [record(**{"行政处罚决定书文号": "税Q3", "处罚决定日期": "2025-08-01", "销售金额（元）": ""})])
    data = build_bulletin(world.prosecutor, parse_period("2025Q3"))
    t = data["totals"]
    # hand count: penalties Q3-1, Q3-2 (market) + 税Q3 (tax) = 3; 1 transfer; 1 立案; 1 逮捕
    assert (t["penalties"], t["transfers"], t["filed"], t["not_filed"], t["arrest"]) == (3, 1, 1, 0, 1)
    market = next(r for r in data["rows"] if r["agency"] == "测试市市场监督管理局")
    assert (market["penalties"], market["transfers"]) == (2, 1)
    assert data["chart"]["months"] == ["2025-07", "2025-08", "2025-09"]
    assert data["chart"]["series"]["移送"] == [0, 1, 0]
    own = build_bulletin(world.tax_officer, parse_period("2025Q3"))["totals"]
    assert (own["penalties"], own["transfers"]) == (1, 0)  # an agency sees its own figures

    client = world.client(world.prosecutor)
    page = client.get("/reports/", {"period": "2025Q3"}).content.decode()
    assert "2025年第三季度" in page and "echarts.min.js" in page
    sheet = load_workbook(io.BytesIO(client.get("/reports/", {"period": "2025Q3", "format": "xlsx"}).content)).active
    last = [c.value for c in sheet[sheet.max_row]]
    # 合计 row: 行政处罚 3, 涉罪线索 0 (the one clue's case was decided 2025-03-18, in Q1), 移送 1, 立案 1
    assert last[:5] == ["合计", 3, 0, 1, 1]
    word = Document(io.BytesIO(client.get("/reports/", {"period": "2025Q3", "format": "docx"}).content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "作出行政处罚 3 件" in text and "移送涉嫌犯罪案件 1 件，公安机关立案 1 件" in text


def test_period_parsing():
    assert parse_period("2026-02").end.isoformat() == "2026-02-28"
    assert parse_period("2025Q4").end.isoformat() == "2025-12-31"
    assert parse_period("2024").label == "2024年"
    for written, label, start, end in [("2026年11月", "2026年11月", "2026-11-01", "2026-11-30"),
                                       ("2026年第四季度", "2026年第四季度", "2026-10-01", "2026-12-31"),
                                       ("２０２６年第４季度", "2026年第四季度", "2026-10-01", "2026-12-31"),
                                       ("2026年1季度", "2026年第一季度", "2026-01-01", "2026-03-31"),
                                       ("2026年", "2026年", "2026-01-01", "2026-12-31")]:
        period = parse_period(written)
        assert (period.label, period.start.isoformat(), period.end.isoformat()) == (label, start, end), written
    with pytest.raises(DomainError, match="年份应在 2000 年至 2100 年之间"):
        parse_period("9999年")
    for wrong in ("2026年13月", "2026年第五季度", "去年", ""):
        with pytest.raises(DomainError, match="请填写年（2026年）、季度（2026年第四季度）或月（2026年11月）"):
            parse_period(wrong)


@time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=TZ))
def test_the_period_box_starts_on_this_quarter_and_a_wrong_one_says_why(world):
    client = world.client(world.prosecutor)
    page = client.get("/reports/").content.decode()
    assert "情况通报：2026年第四季度" in page and 'value="2026年第四季度"' in page
    assert '<option value="2026年11月">' in page and "format=docx" in page and "Q4" not in page
    page = client.get("/reports/", {"period": "2026年11月"}).content.decode()
    assert "情况通报：2026年11月" in page
    page = client.get("/reports/", {"period": "明年"}).content.decode()
    assert "统计期间“明年”无法识别" in page and "情况通报：2026年第四季度" in page


def test_clues_count_in_the_period_of_their_case_not_of_the_screening_run(world):
    """A case decided in 2025 Q3 and imported (screened) in 2026 counts its clue in 2025 Q3."""
    load(world.market, [record(**{"处罚决定日期": "2025-08-20", "违法行为发生日期": "2025-06-01"})],
         now=datetime(2026, 11, 20, 10, 0, tzinfo=TZ))
    assert build_bulletin(world.prosecutor, parse_period("2025年第三季度"))["totals"]["clues"] == 1
    assert build_bulletin(world.prosecutor, parse_period("2026年第四季度"))["totals"]["clues"] == 0


def test_the_word_bulletin_carries_its_charts_as_pictures(world):
    load(world.market, [record(**{"处罚决定日期": "2025-08-20"})])
    response = world.client(world.prosecutor).get("/reports/", {"period": "2025年第三季度", "format": "docx"})
    assert "情况通报-2025年第三季度.docx" in unquote(response["Content-Disposition"])
    word = Document(io.BytesIO(response.content))
    pictures = [s for s in word.inline_shapes]
    assert len(pictures) == 2  # 按月趋势, 各单位移送与立案
    images = [r.target_part.blob for r in word.part.rels.values() if "image" in r.reltype]
    assert all(blob.startswith(b"\x89PNG") and len(blob) > 5000 for blob in images)
