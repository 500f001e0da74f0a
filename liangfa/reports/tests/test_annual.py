import re
from datetime import date, datetime

import pytest
from docx import Document

from liangfa.clock.rules import TZ
from liangfa.meetings import services as meetings
from liangfa.meetings.tests.builders import held_meeting
from liangfa.reports.annual import NO_DATA, build_annual, register_section
from liangfa.testing import ready_transfer

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=TZ)


def _bulletin_row(client, name: str) -> list[str]:
    page = client.get("/reports/?period=2025").content.decode()
    row = re.search(rf"<tr><td>{name}</td>(.*?)</tr>", page).group(1)
    return re.findall(r'<td class="num">(\d+)</td>', row)


def test_the_annual_figures_equal_the_bulletin_and_meeting_pages(world):
    transfer = ready_transfer(world, now=datetime(2025, 6, 1, 9, 0, tzinfo=TZ), until="accepted")
    meeting = held_meeting(world)
    item = meetings.add_action(meeting, actor=world.market_officer, text="报送台账", owner=world.market_officer2,
                               due_date=date(2025, 6, 30), now=meeting.held_at)
    meetings.close_action(item, actor=world.market_officer2, result="已报送", now=datetime(2025, 7, 3, tzinfo=TZ))
    sections = {s.key: s for s in build_annual(world.market, 2025, world.market_officer, now=NOW)}
    bulletin = _bulletin_row(world.client(world.market_officer), world.market.name)
    figures = {f.label: f.value for s in sections.values() for f in s.figures}
    assert figures["行政处罚"] == int(bulletin[0]) == 1
    assert figures["移送"] == int(bulletin[2]) == 1
    assert figures["涉罪线索"] == int(bulletin[1])
    assert all(f.source and f.url for s in sections.values() for f in s.figures)
    assert figures["召集联席会议"] == 1 and figures["逾期办结"] == 1 and figures["按期办结"] == 0
    assert all(s.contributed for s in sections.values())  # every data section has its app
    assert transfer.agency == world.market


def test_the_page_and_the_word_draft(world, tmp_path):
    client = world.client(world.market_officer)
    page = client.get(f"/reports/annual/?agency={world.market.pk}&year=2025").content.decode()
    assert "测试市市场监督管理局2025年度法治政府建设情况报告（草稿）" in page
    assert NO_DATA not in page  # every data section is filled by its app
    assert world.client(world.tax_officer).get(f"/reports/annual/?agency={world.market.pk}&year=2025").status_code == 403
    response = client.get(f"/reports/annual/?agency={world.market.pk}&year=2025&format=docx")
    path = tmp_path / "annual.docx"
    path.write_bytes(response.content)
    document = Document(path)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "一、推进法治政府建设的主要举措和成效"
    assert "（4）涉嫌犯罪案件移送及结果" in headings and headings[-1] == "四、下一年度推进法治政府建设的主要安排"
    assert len(document.inline_shapes) >= 1  # charts


def test_a_contributed_section_replaces_its_placeholder(world):
    from liangfa.reports import annual

    saved = dict(annual.SECTIONS)
    try:
        register_section("disclosure", "执法公开和公众反馈", 70,
                         lambda agency, year, user, now: [annual.Figure("公开决定书", 3, "执法公开页", "/portal/")])
        register_section("disclosure", "执法公开和公众反馈", 70, None)  # a placeholder never replaces a builder
        section = next(s for s in build_annual(world.market, 2025, world.market_officer, now=NOW)
                       if s.key == "disclosure")
        assert section.contributed and section.figures[0].value == 3
    finally:
        annual.SECTIONS.clear()
        annual.SECTIONS.update(saved)


def test_the_review_and_disclosure_sections_count_what_their_pages_list(world):
    from liangfa.portal import services as portal
    from liangfa.portal.choices import RequestKind

    values = {"name": "张三", "phone": "13800000000", "subject": "咨询", "body": "请问如何申请听证"}
    for _ in range(2):
        portal.submit_request(kind=RequestKind.CONSULT, agency=world.market, values=values,
                              now=datetime(2025, 3, 1, 9, 0, tzinfo=TZ))
    sections = {s.key: s for s in build_annual(world.market, 2025, world.market_officer, now=NOW)}
    disclosure = {f.label: f.value for f in sections["disclosure"].figures}
    assert disclosure["收到群众咨询、申请和投诉举报"] == 2 and disclosure["已答复、转送或说明不予受理"] == 0
    assert {f.label: f.value for f in sections["reviews"].figures}["完成法制审核（轮次）"] == 0
    assert {f.label: f.value for f in sections["evaluations"].figures}["考评总分"] == "—"
    other_year = {s.key: s for s in build_annual(world.market, 2024, world.market_officer, now=NOW)}
    assert {f.label: f.value for f in other_year["disclosure"].figures}["收到群众咨询、申请和投诉举报"] == 0
