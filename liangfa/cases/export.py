"""The case list as an Excel file officials can send on, and load back: the import template's columns.

Amounts are written in 元 under 元 headers (罚款金额（元）), which the importer reads as 元, so an
exported row re-imported changes nothing.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from liangfa.cases.columns import COLUMNS, display_header
from liangfa.cases.models import PenaltyCase
from liangfa.core.csvsafe import xlsx_row
from liangfa.parties.choices import PartyKind

PROGRESS_EVERY = 2000  # rows between two progress reports
EXPORT_LIMIT = 50_000  # rows per file; beyond it the list must be narrowed (a file to send, not a dump)
IN_YUAN = {"fine_amount": "罚款金额（元）", "confiscated_amount": "没收违法所得、没收非法财物的金额（元）"}
# the party's code goes to the column of its kind; the other secondary codes are not kept on the case, nor
# the network columns (法定代表人证件号码, 地址/住所, 联系电话: the party's contact record, personal data that a
# file sent on need not carry; loaded back empty they erase nothing)
LEFT_BLANK = {"registration_no", "organisation_code", "tax_no", "institution_no", "social_org_no",
              "legal_rep_id_type", "legal_rep_id_no", "person_id_type", "party_address", "party_phone"}


def headers() -> list[str]:
    return [IN_YUAN.get(c.field) or display_header(c) for c in COLUMNS]


def _cells(case: PenaltyCase) -> list:
    person = case.party.kind == PartyKind.NATURAL_PERSON
    # a value read from the 违法事实 and not yet checked stays in the text: loaded back, it is read again
    # (and still marked to be checked), never taken for the agency's own column
    unchecked = {name for name, entry in ((case.text_values or {}).get("values") or {}).items()
                 if entry.get("status") == "extracted"}
    row = []
    for column in COLUMNS:
        name = column.field
        if name in LEFT_BLANK or name in unchecked:
            value = ""
        elif name == "uscc":
            value = "" if person else case.party_code
        elif name == "person_id_no":
            value = case.party_code if person else ""
        elif name == "status":
            value = case.get_status_display()
        elif name == "land_class":
            value = case.get_land_class_display()
        else:
            value = getattr(case, name)
        row.append("" if value is None else value)
    return row


def cases_xlsx(cases, progress=None) -> bytes:
    """`cases`: a queryset of at most EXPORT_LIMIT rows, in the order to print; `progress(rows)` is told
    every PROGRESS_EVERY rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("行政处罚")
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, text, bold) for text in headers()])
    for number, case in enumerate(cases.select_related("party").iterator(chunk_size=2000), start=1):
        sheet.append(xlsx_row(sheet, _cells(case)))
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet, text: str, font: Font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = font
    return cell
