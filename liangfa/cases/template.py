"""The import template: headers plus a notes sheet, as XLSX or CSV."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from liangfa.cases.columns import COLUMNS, display_header

EXAMPLE = {
    "party_name": "某某食品贸易有限公司", "party_category": "法人及非法人组织", "uscc": "91430923745919951M",
    "legal_rep": "张三", "decision_no": "某市监处罚〔2025〕1号", "violation_type": "销售不符合食品安全标准的食品",
    "facts": "经查，当事人……", "legal_basis": "《食品安全法》第一百二十四条", "penalty_category": "罚款;没收违法所得",
    "penalty_content": "罚款人民币伍万元整", "fine_amount": "5", "decision_date": "2025-03-18",
    "authority_name": "某市市场监督管理局", "conduct_date": "2024-11-02", "effective_date": "2025-03-18",
    "sales_amount": "12,000", "amount_source": "决定书", "status": "决定",
}


def template_xlsx() -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "行政处罚"
    standard_fill = PatternFill("solid", fgColor="DDEBF7")
    extension_fill = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=display_header(column))
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = extension_fill if column.extension else standard_fill
        sheet.cell(row=2, column=index, value=EXAMPLE.get(column.field, ""))
        sheet.column_dimensions[cell.column_letter].width = max(12, len(display_header(column)) * 2)
    sheet.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    notes.append(["表头", "是否必填", "来源", "说明"])
    for column in COLUMNS:
        notes.append([display_header(column), "必填" if column.required else "",
                      "扩展列" if column.extension else "双公示标准", column.note])
    notes.append([])
    for line in NOTES:
        notes.append([line])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["D"].width = 80
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


NOTES = [
    "1. 第1行为表头，第2行为示例（导入前请删除示例行）。红字为必填列；蓝底为双公示标准列，黄底为本平台扩展列。",
    "2. 罚款金额、没收金额按标准以“万元”填写；表头写作“（元）”时按元。数值也可写明单位，如“5.2万元”“伍万贰仟元整”。",
    "3. 扩展金额列以“元”填写。可用千位分隔符（12,000）和全角数字；两个数字连写等无法确定的值会被拒绝，不会猜测。",
    "4. 同一机关的决定书文号唯一：重复导入同一文件不会新增；内容有变化的行会更新并记入案件时间线。",
    "5. 证件号校验不通过时照样保存并标注；脱敏号码（如 510902********8198）按脱敏保存，不用于跨机关关联。",
    "6. 请勿使用公式；默认整个文件要么全部导入，要么全部不导入。",
]


def template_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([display_header(c) for c in COLUMNS])
    return buffer.getvalue()
