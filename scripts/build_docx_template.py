"""Builds liangfa/templates/docx/公文.docx, the packaged docxtpl template every 文书 is printed on.

The layout is GB/T 9704-2012 《党政机关公文格式》: A4, margins 37/35/28/26 mm, 版心 156×225 mm with 22 lines of
28 characters (5.2.2: 一般每面排22行，每行排28个字), 仿宋_GB2312 三号 body indented two characters,
小标宋 二号 title, page numbers in 4号半角宋体 "— 1 —" (odd pages right, even pages left, one character in).
An administrator may edit the result in Word and drop it (or one per document title) into DOCX_TEMPLATE_DIR.

    .venv/bin/python scripts/build_docx_template.py
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

OUT = Path(__file__).resolve().parent.parent / "liangfa" / "templates" / "docx" / "公文.docx"
BODY_FONT, TITLE_FONT, NUMBER_FONT = "仿宋_GB2312", "方正小标宋简体", "宋体"
BODY_PT, TITLE_PT, PAGE_NO_PT = 16, 22, 14  # 三号, 二号, 四号
LINES, CHARS = 22, 28  # GB/T 9704 5.2.2
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225


def _fonts(rpr_owner, east_asia: str, size: int, bold: bool = False) -> None:
    font = rpr_owner.font
    font.name = "Times New Roman" if east_asia != NUMBER_FONT else NUMBER_FONT
    font.size = Pt(size)
    font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph_style(document, name: str, east_asia: str, size: int, *, align=None, first_indent_chars=0,
                     right_indent_chars=0):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _fonts(style, east_asia, size)
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if first_indent_chars:
        fmt.first_line_indent = Pt(size * first_indent_chars)
        ind = fmt.element.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(first_indent_chars * 100))
    if right_indent_chars:
        fmt.right_indent = Pt(size * right_indent_chars)
    return style


def _page_number(footer, align, indent_side: str) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    setattr(paragraph.paragraph_format, indent_side, Pt(PAGE_NO_PT))  # 空一字
    paragraph.style = "页码"
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    paragraph.add_run(" —")


def build() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(28) - Mm(7)  # 页码 under 版心 7 mm
    # the document grid: 22 lines (pitch 579 twips, 28.95 pt) of 28 characters on the 156×225 mm 版心
    line_pitch = Twips(int(Mm(TEXT_HEIGHT_MM).twips / LINES))  # 579: 22 lines fit in the 版心
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch.twips))
    extra_per_char = Mm(TEXT_WIDTH_MM).pt / CHARS - BODY_PT
    grid.set(qn("w:charSpace"), str(round(extra_per_char * 4096)))

    normal = document.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pitch.twips / 20)
    fmt.widow_control = False
    document.core_properties.language = "zh-CN"
    document.core_properties.title = "公文"
    document.core_properties.author = "两法衔接平台"

    _paragraph_style(document, "文书标题", TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.styles["文书标题"].paragraph_format.line_spacing = Pt(TITLE_PT * 1.5)
    _paragraph_style(document, "文号", BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(document, "主送机关", BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(document, "正文", BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_chars=2)
    _paragraph_style(document, "署名", BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=4)
    _paragraph_style(document, "表格文字", BODY_FONT, 12)
    document.styles["表格文字"].paragraph_format.line_spacing = Pt(18)
    _paragraph_style(document, "页码", NUMBER_FONT, PAGE_NO_PT)

    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent")
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")

    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)

    def line(text: str, style: str) -> None:
        document.add_paragraph(text, style=style)

    line("{{ title }}", "文书标题")
    line("{%p if doc_no %}", "文号")
    line("{{ doc_no }}", "文号")
    line("{%p endif %}", "文号")
    line("{%p if recipient %}", "主送机关")
    line("{{ recipient }}：", "主送机关")
    line("{%p endif %}", "主送机关")
    line("{%p for p in paragraphs %}", "正文")
    line("{{ p }}", "正文")
    line("{%p endfor %}", "正文")
    line("{%p if attachments %}", "正文")
    line("", "正文")
    line("{%p endif %}", "正文")
    line("{%p for a in attachments %}", "正文")
    line("{% if loop.first %}附件：{% else %}　　　{% endif %}{% if attachments|length > 1 %}{{ loop.index }}．"
         "{% endif %}{{ a }}", "正文")
    line("{%p endfor %}", "正文")
    line("", "署名")
    line("{{ organ }}", "署名")
    line("{{ date }}", "署名")
    return document


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(OUT)
    print(OUT)
