"""法治政府建设情况报告 (annual): the draft an organ writes each year, with the sections that are data
filled from the platform and the narrative sections left as headed blanks.

Each figure names its source (the page that shows the same number). The sections the platform's own
floors know (cases, transfers, clues, supervision) are built here from the 情况通报; the apps above
(meetings, decisions, and the review and portal apps) contribute theirs through `register_section`
in their AppConfig.ready(). A section nobody contributes says so.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from liangfa.reports.charts import bar_chart, cjk_font
from liangfa.reports.services import build_bulletin, parse_period
from liangfa.screening.choices import ClueStatus
from liangfa.screening.models import Clue
from liangfa.supervision.models import Opinion

NO_DATA = "（本平台暂无该项数据）"
NARRATIVE = [
    "一、推进法治政府建设的主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、下一年度推进法治政府建设的主要安排",
]


@dataclass
class Figure:
    label: str
    value: int | str
    source: str  # the page (and filter) that shows the same figure
    url: str = ""


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    chart: bool = True
    contributed: bool = True


@dataclass(frozen=True)
class Contributor:
    title: str
    order: int
    build: Callable | None  # (agency, year, user, now) -> list[Figure]


# The data sections in the report's order; apps fill those marked None through register_section.
SECTIONS: dict[str, Contributor] = {}


def register_section(key: str, title: str, order: int, build: Callable | None) -> None:
    """An app contributes a data section: build(agency, year, user, now) -> list[Figure]. A later
    registration with a builder replaces a placeholder (build=None) of the same key."""
    current = SECTIONS.get(key)
    if current is None or current.build is None or build is not None:
        SECTIONS[key] = Contributor(title, order, build)


def _bulletin_row(user, agency, year: int) -> dict:
    data = build_bulletin(user, parse_period(str(year)))
    return next((r for r in data["rows"] if r["agency"] == agency.name), {k: 0 for k, _ in data["columns"]})


def _bulletin_figure(row: dict, key: str, label: str, year: int) -> Figure:
    return Figure(label, row[key], f"情况通报 {year}年 本机关行“{label}”列", f"/reports/?period={year}")


def cases_section(agency, year, user, now) -> list[Figure]:
    row = _bulletin_row(user, agency, year)
    return [_bulletin_figure(row, "penalties", "行政处罚", year)]


def transfers_section(agency, year, user, now) -> list[Figure]:
    row = _bulletin_row(user, agency, year)
    labels = [("transfers", "移送"), ("filed", "立案"), ("not_filed", "不予立案"), ("reconsider", "提请复议"),
              ("supervision_requests", "建议立案监督"), ("arrest", "逮捕"), ("indictment", "起诉"),
              ("judgment", "判决"), ("non_prosecution", "不起诉"), ("reverse", "反向移送")]
    return [_bulletin_figure(row, key, label, year) for key, label in labels]


def clues_section(agency, year, user, now) -> list[Figure]:
    row = _bulletin_row(user, agency, year)
    closed = Clue.objects.filter(agency=agency, updated_at__year=year)
    return [_bulletin_figure(row, "clues", "涉罪线索", year),
            Figure("线索已移送", closed.filter(status=ClueStatus.TRANSFERRED).count(),
                   "线索列表 状态“已移送”、本机关、本年度处理", "/clues/?status=transferred"),
            Figure("线索经核查排除", closed.filter(status=ClueStatus.DISMISSED).count(),
                   "线索列表 状态“已排除”、本机关、本年度处理", "/clues/?status=dismissed")]


def supervision_section(agency, year, user, now) -> list[Figure]:
    row = _bulletin_row(user, agency, year)
    opinions = Opinion.objects.filter(agency=agency, created_at__year=year)
    return [_bulletin_figure(row, "supervisions", "立案监督", year),
            Figure("收到检察意见、检察建议", opinions.count(), "检察监督页 本机关收到的意见和建议（本年度）", "/supervision/"),
            Figure("已回复", opinions.exclude(replied_at__isnull=True).count(), "检察监督页 已回复", "/supervision/")]


register_section("cases", "行政执法案件办理情况", 10, cases_section)
register_section("reviews", "法制审核、案件评议和不同意见", 20, None)  # review app
register_section("evaluations", "行政执法考评", 30, None)  # evaluation app
register_section("transfers", "涉嫌犯罪案件移送及结果", 40, transfers_section)
register_section("clues", "以罚代刑线索的发现和办结", 50, clues_section)
register_section("supervision", "接受检察监督情况", 60, supervision_section)
register_section("disclosure", "执法公开和公众反馈", 70, None)  # portal app (issue 20)
register_section("meetings", "联席会议和议定事项", 80, None)  # meetings app
register_section("training", "培训和专题研讨", 90, None)  # meetings app
register_section("decisions", "重大行政决策", 100, None)  # decisions app


def build_annual(agency, year: int, user, now=None) -> list[Section]:
    now = now or timezone.now()
    sections = []
    for key, contributor in sorted(SECTIONS.items(), key=lambda kv: kv[1].order):
        if contributor.build is None:
            sections.append(Section(key, contributor.title, contributed=False, chart=False))
        else:
            sections.append(Section(key, contributor.title, contributor.build(agency, year, user, now)))
    return sections


def annual_docx(agency, year: int, sections: list[Section], now=None) -> bytes:
    now = now or timezone.now()
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(12)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{agency.name}{year}年度法治政府建设情况报告（草稿）")
    run.bold, run.font.size = True, Pt(18)
    document.add_paragraph(f"本草稿由两法衔接平台于{timezone.localtime(now):%Y年%m月%d日}生成。数据部分取自平台，"
                           "每项数字注明来源页面；叙述部分由本机关撰写。")
    for heading in NARRATIVE[:1]:
        _blank(document, heading)
    document.add_heading("附：本年度数据", level=1)
    for n, section in enumerate(sections, 1):
        document.add_heading(f"（{n}）{section.title}", level=2)
        if not section.contributed or not section.figures:
            document.add_paragraph(NO_DATA)
            continue
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["序号", "项目", "数值", "数据来源"], strict=True):
            cell.text = text
        for i, figure in enumerate(section.figures, 1):
            for cell, text in zip(table.add_row().cells, [i, figure.label, figure.value,
                                                          f"{figure.source} {figure.url}".strip()], strict=True):
                cell.text = str(text)
        counted = [f for f in section.figures if isinstance(f.value, int)]
        if section.chart and len(counted) >= 2:
            chart = bar_chart([f.value for f in counted], [f.label for f in counted] if cjk_font() else None,
                              section.title)
            document.add_picture(io.BytesIO(chart), width=Cm(15))
            document.add_paragraph(f"图：{section.title}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for heading in NARRATIVE[1:]:
        _blank(document, heading)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _blank(document, heading: str) -> None:
    document.add_heading(heading, level=1)
    document.add_paragraph("（由本机关撰写）")


def default_year(today: date) -> int:
    """Reports are written early in the next year: the default is last year."""
    return today.year - 1
