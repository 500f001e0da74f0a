"""情况通报 figures against a hand-counted fixture."""

import io
from datetime import datetime

from docx import Document
from openpyxl import load_workbook

from liangfa.clock.rules import TZ
from liangfa.reports.services import build_bulletin, parse_period
from liangfa.testing import load, ready_transfer, record
from liangfa.transfers import services as transfers


def test_quarterly_figures_from_the_recorded_events(world):
    t0 = datetime(2025, 8, 4, 9, 0, tzinfo=TZ)
    transfer = ready_transfer(world, now=t0, until="accepted")  # one case (decided 2025-03-18), one transfer sent
    transfers.decide_filing(transfer, actor=world.police_officer, file=True, now=t0)
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
    # 合计 row: 行政处罚 3, 涉罪线索 0 (screened today, outside the quarter), 移送 1, 立案 1
    assert last[:5] == ["合计", 3, 0, 1, 1]
    word = Document(io.BytesIO(client.get("/reports/", {"period": "2025Q3", "format": "docx"}).content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "作出行政处罚 3 件" in text and "移送涉嫌犯罪案件 1 件，公安机关立案 1 件" in text


def test_period_parsing():
    assert parse_period("2026-02").end.isoformat() == "2026-02-28"
    assert parse_period("2025Q4").end.isoformat() == "2025-12-31"
    assert parse_period("2024").label == "2024年"
