"""Printable .docx documents (公文 style: centred title, number, body, seal line and date)."""

import io

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


def render_docx(title: str, doc_no: str, parts: list, organ: str, when) -> bytes:
    """`parts` are paragraphs (str), tables ("table", headers, rows) or pictures ("image", png bytes)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(14)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(20)
    if doc_no:
        document.add_paragraph(doc_no).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for part in parts:
        if isinstance(part, tuple) and part[0] == "image":
            document.add_picture(io.BytesIO(part[1]), width=Cm(15.5))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(part, tuple):
            _, headers, rows = part
            table = document.add_table(rows=1, cols=len(headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, headers, strict=True):
                cell.text = str(text)
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = str(text)
        else:
            document.add_paragraph(part)
    for text in ("", f"{organ}（印章）", f"{timezone.localtime(when):%Y年%m月%d日}"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
