"""Printable .docx 文书 on the 公文 layout (GB/T 9704-2012), rendered from docxtpl templates.

The packaged template is `liangfa/templates/docx/公文.docx` (built by scripts/build_docx_template.py). An
administrator replaces it without a release by putting a Word file in DOCX_TEMPLATE_DIR (default
var/docx_templates): `<文书名称>.docx` for one kind of document (e.g. 立案通知书.docx), `公文.docx` for all.
Every template receives the same context: title, doc_no, recipient, paragraphs, attachments, organ, date,
and `data` (the named facts of that document, e.g. data.criminal_case_no)."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from docxtpl import DocxTemplate

PACKAGED = Path(__file__).resolve().parent.parent / "templates" / "docx"
GENERIC = "公文"
_MARK = "\u2063块{}\u2063"  # stands for a table or picture in the paragraphs until it is put in place
_MARK_RE = re.compile("^\u2063块(\\d+)\u2063$")


def template_path(title: str) -> Path:
    """The administrator's template for this title, else theirs for every 文书, else the packaged one."""
    override = getattr(settings, "DOCX_TEMPLATE_DIR", None)
    folders = [Path(override)] if override else []
    for name in (title, GENERIC):
        for folder in folders + [PACKAGED]:
            path = folder / f"{name}.docx"
            if path.is_file():
                return path
    raise FileNotFoundError(PACKAGED / f"{GENERIC}.docx")


def chinese_date(when) -> str:
    if hasattr(when, "hour"):
        when = timezone.localtime(when) if timezone.is_aware(when) else when
    return f"{when.year}年{when.month}月{when.day}日"


def tidy(text: str) -> str:
    """Text slips a drafted sentence picks up: a doubled full stop, a stop after a colon or semicolon."""
    text = re.sub(r"[。.]{2,}", "。", str(text))
    return re.sub(r"([；：，])。", "\\1", text).replace("。；", "；")


def render(title: str, *, organ: str, when, doc_no: str = "", recipient: str = "", blocks: list = (),
           attachments: list = (), data: dict | None = None) -> bytes:
    """`blocks` are paragraphs (str), tables ("table", headers, rows) or pictures ("image", png bytes)."""
    paragraphs, placed = [], []
    for block in blocks:
        if isinstance(block, tuple):
            paragraphs.append(_MARK.format(len(placed)))
            placed.append(block)
        else:
            paragraphs.extend(tidy(line) for line in str(block).splitlines() if line.strip())
    template = DocxTemplate(str(template_path(title)))
    template.render({"title": title, "doc_no": doc_no, "recipient": recipient, "paragraphs": paragraphs,
                     "attachments": [tidy(a) for a in attachments], "organ": organ, "date": chinese_date(when),
                     "data": data or {}}, autoescape=True)
    document = template.docx
    for paragraph in list(document.paragraphs):
        found = _MARK_RE.match(paragraph.text)
        if found:
            _place(document, paragraph, placed[int(found.group(1))])
    document.core_properties.title = title
    document.core_properties.language = "zh-CN"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _place(document, marker, block) -> None:
    """Put a table or picture where its marker paragraph stands."""
    if block[0] == "image":
        marker.text = ""
        marker.paragraph_format.first_line_indent = 0
        marker.alignment = WD_ALIGN_PARAGRAPH.CENTER
        marker.add_run().add_picture(io.BytesIO(block[1]), width=Cm(15.5))
        return
    _, headers, rows = block
    table = document.add_table(rows=1, cols=len(headers))
    try:
        table.style = "Table Grid"
    except KeyError:  # an administrator's template without Word's table styles
        pass
    table.alignment = 1  # centred in the 版心
    for cells, texts in [(table.rows[0].cells, headers)] + [(table.add_row().cells, row) for row in rows]:
        for cell, text in zip(cells, texts, strict=True):
            cell.text = str(text)
            for p in cell.paragraphs:
                if "表格文字" in document.styles:
                    p.style = "表格文字"
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    marker._p.addnext(table._tbl)
    marker._p.getparent().remove(marker._p)


def render_docx(title: str, doc_no: str, parts: list, organ: str, when) -> bytes:
    """The older call: a first paragraph ending in "：" is the 主送机关."""
    parts = list(parts)
    recipient = ""
    if parts and isinstance(parts[0], str) and parts[0].endswith("：") and len(parts[0]) <= 40:
        recipient = parts.pop(0)[:-1]
    return render(title, organ=organ, when=when, doc_no=doc_no, recipient=recipient, blocks=parts)
