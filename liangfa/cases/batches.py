"""What an import batch shows after it ran: the cases it created or changed, the clues on them, and its
rejected rows as an Excel file to correct and load again."""

import io
from collections import defaultdict

from django.db.models import Min
from openpyxl import Workbook

from liangfa.cases.choices import EventKind
from liangfa.cases.models import CaseEvent, ImportBatch, PenaltyCase
from liangfa.cases.reader import FileProblem, open_sheet

SHOWN = 200  # cases listed on the page; the case list (filtered by the batch) has the rest


def batch_cases(batch: ImportBatch) -> dict:
    """New and changed cases of the batch, and the clues raised on them."""
    events = CaseEvent.objects.filter(import_batch_id=batch.pk, code__in=[EventKind.CREATED, EventKind.UPDATED])
    # a case created and then changed in one batch is new: "created" sorts before "updated"
    first = dict(events.values("case_id").annotate(first=Min("code")).values_list("case_id", "first"))
    cases = list(PenaltyCase.objects.filter(pk__in=list(first)[:SHOWN]).select_related("agency")
                 .order_by("-decision_date", "-id"))
    for case in cases:
        case.import_change = "新增" if first[case.pk] == EventKind.CREATED else "更新"
    clue_model = PenaltyCase.clues.rel.related_model  # screening's, above this floor: reached by the relation
    clues = list(clue_model.objects.filter(case_id__in=list(first)).select_related("case", "agency", "party")
                 .order_by("-created_at")[:SHOWN])
    return {"cases": cases, "case_total": len(first), "clues": clues}


def rejected_xlsx(batch: ImportBatch) -> bytes:
    """The rejected rows as they were delivered (when the file is kept) with the reasons beside them; else
    the list of problems."""
    problems = defaultdict(list)
    for item in batch.rejected:
        problems[item["row"]].append(f"{item['column'] or '文件'}：{item['error']}" +
                                     (f"（{item['value']}）" if item.get("value") else ""))
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("错误行")
    rows = _original_rows(batch, set(problems))
    if rows is None:
        sheet.append(["行号", "列", "值", "问题"])
        for item in batch.rejected:
            sheet.append([item["row"] or "文件", item["column"], item.get("value", ""), item["error"]])
    else:
        headers, found = rows
        sheet.append([*headers, "错误原因", "原文件行号"])
        for number, cells in found:
            sheet.append([*cells, "；".join(problems[number]), number])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _original_rows(batch: ImportBatch, numbers: set[int]):
    if not batch.file or not numbers - {0}:
        return None
    try:
        sheet = open_sheet(batch.file.path, batch.filename)
    except (FileProblem, OSError):
        return None
    width = len(sheet.headers)
    return sheet.headers, [(n, [*cells, *[""] * (width - len(cells))][:width]) for n, cells in sheet.rows if n in numbers]
