"""An evaluation's results as Excel (units, officers, deductions with evidence) and as a Word 通报."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from liangfa.core.docx import render_docx
from liangfa.evaluation.models import Evaluation


def _sheet(workbook, title: str, headers: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)


def evaluation_xlsx(evaluation: Evaluation, units: list[dict], officers: list[dict]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "单位得分", ["名次", "单位", "扣分", "扣分得分", "评查得分", "总分"],
           [[r["rank"], r["name"], float(r["deducted"]), float(r["parts"].get("auto") or 0),
             float(r["sample_score"]) if r["sample_score"] is not None else "", float(r["total"])] for r in units])
    _sheet(workbook, "执法人员得分", ["名次", "执法人员", "扣分", "得分"],
           [[r["rank"], r["name"], float(r["deducted"]), float(r["total"])] for r in officers])
    _sheet(workbook, "扣分明细", ["单位", "指标", "指标内容", "扣分", "依据的记录", "来源"],
           [[d.unit.name, d.indicator, d.description, float(d.points), d.evidence, d.get_source_display()]
            for d in evaluation.deductions.select_related("unit")])
    _sheet(workbook, "评查案件", ["单位", "案件", "评查人员", "得分", "状态"],
           [[s.unit.name, s.case.decision_no, s.reviewer.display_name, float(s.score) if s.score is not None else "",
             s.get_status_display()] for s in evaluation.samples.select_related("unit", "case", "reviewer")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def evaluation_docx(evaluation: Evaluation, units: list[dict], now) -> bytes:
    parts = [f"考评类型：{evaluation.get_kind_display()}；考评期间：{evaluation.period_start} 至 {evaluation.period_end}"
             + (f"；专项主题：{evaluation.theme}" if evaluation.theme else ""),
             f"考评指标：第{evaluation.catalogue.version}版。总分 = 扣分得分与网上案件评查得分按权重加权（年度考评另计日常、阶段、专项考评）。",
             ("table", ["名次", "单位", "扣分", "评查得分", "总分"],
              [[r["rank"], r["name"], r["deducted"], r["sample_score"] if r["sample_score"] is not None else "—", r["total"]]
               for r in units])]
    by_unit: dict[str, list[str]] = {}
    for d in evaluation.deductions.select_related("unit"):
        by_unit.setdefault(d.unit.name, []).append(f"{d.indicator} {d.description}（扣{d.points}分）：{d.evidence}")
    for name, lines in by_unit.items():
        parts.append(f"{name}主要问题：")
        parts.extend(f"　{i}. {line}" for i, line in enumerate(lines[:20], 1))
    return render_docx(f"{evaluation.title}结果通报", "", parts, evaluation.organizer.name, now)
